using FaceAlign3D.Alignment;

namespace FaceAlign3D.Pipeline;

/// <summary>The face detectors the toolkit ships.</summary>
public enum DetectorKind
{
    /// <summary>FaceBoxes as 3DDFA_V2 runs it (MIT).</summary>
    FaceBoxes,

    /// <summary>Ultra-Light-Fast-Generic-Face-Detector RFB-320 (MIT).</summary>
    UltraLight,

    /// <summary>Ultra-Light RFB-640, slower and better on small faces (MIT).</summary>
    UltraLight640,

    /// <summary>MediaPipe's BlazeFace short-range detector with six keypoints (Apache-2.0).</summary>
    BlazeFace,
}

/// <summary>The landmark aligners the toolkit ships.</summary>
public enum AlignerKind
{
    /// <summary>3DDFA_V2's mb05 regressor: 62 BFM parameters, 68 3D landmarks, pose.</summary>
    Tddfa,

    /// <summary>MediaPipe Face Mesh: 468 3D landmarks, face presence and MediaPipe's face-geometry pose.</summary>
    MediaPipe,
}

/// <summary>What <see cref="AnalyzerFactory"/> builds.</summary>
public sealed record AnalyzerOptions
{
    /// <summary>Any detector pairs with any aligner; <see cref="AnalyzerFactory.DefaultDetector"/> gives each aligner's usual one.</summary>
    public DetectorKind Detector { get; init; } = DetectorKind.FaceBoxes;
    public AlignerKind Aligner { get; init; } = AlignerKind.Tddfa;

    /// <summary>
    /// FaceBoxes only: the smallest face to find, as a box side in image pixels. The image is then scaled so such
    /// a face meets FaceBoxes' smallest anchor (32 px), which makes large photos much cheaper; smaller faces may be
    /// missed. Null runs FaceBoxes at 3DDFA_V2's input size (up to 720x1080), the setting its parity tests use.
    /// </summary>
    public int? MinFaceSize { get; init; }

    /// <summary>Threads each network may use for one image.</summary>
    public int NetworkThreads { get; init; } = 1;

    /// <summary>The engine that runs the networks; the toolkit's own managed engine unless another is plugged in.</summary>
    public INetworkEngine Engine { get; init; } = ManagedNetworkEngine.Instance;

    /// <summary>
    /// Optional ONNX file regressing 3DDFA_V2's 62 normalised parameters from its 120x120 crop, used by the tddfa
    /// aligner instead of the mb05 model of the store.
    /// </summary>
    public string? TddfaRegressorPath { get; init; }

    /// <summary>
    /// Where the jaw landmarks go on a turned face: the model's fixed vertices (3DDFA's convention, the default) or,
    /// tddfa only, the visible silhouette by landmark marching (300-W's convention).
    /// </summary>
    public ContourConvention Contour { get; init; } = ContourConvention.Fixed;

    /// <summary>Optional path of the full BFM (3DDFA_V2's bfm_noneck_v3.pkl) for dense identity/expression meshes.</summary>
    public string? FullBfmPath { get; init; }
}
