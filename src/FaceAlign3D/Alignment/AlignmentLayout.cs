namespace FaceAlign3D.Alignment;

/// <summary>What a <see cref="FaceAlignment"/> holds: which landmark set, and what its parameters are.</summary>
public enum AlignmentLayout
{
    /// <summary>
    /// 3DDFA_V2's 3DMM result: the 68 Multi-PIE landmarks; parameters are the 62 de-normalised BFM parameters
    /// (12 pose, 40 shape, 10 expression).
    /// </summary>
    Tddfa68,

    /// <summary>
    /// MediaPipe's face mesh result: 468 landmarks; parameters are the 4x4 row-major face-geometry pose transform
    /// (canonical face in centimetres to camera).
    /// </summary>
    FaceMesh468,
}
