using System.Numerics;
using FaceAlign3D.Detection;
using FaceAlign3D.Morphable;

namespace FaceAlign3D.Alignment;

/// <summary>
/// Landmark marching (3DDFA, HPEN) as an output option: moves 3DDFA_V2's jaw landmarks on the side of the face
/// turned away from the camera from their fixed BFM vertices, which then lie on the 3D jaw line hidden behind the
/// cheek, to the visible silhouette that 2D annotators (300-W) draw. Each jaw landmark but the chin centre (8) has
/// a line of candidate vertices of the dense mean shape: a horizontal band at its height, on its side of the face,
/// from its own vertex toward the centre line. Posed with the regressed pose, the candidate farthest out along the
/// face's own x axis in the image lies on the silhouette. Only the 68 landmarks carry the regressed identity and
/// expression, so every candidate takes its landmark's offset from the mean: the landmark's own vertex reproduces
/// the fixed landmark exactly, and a frontal face keeps its points. Immutable and thread-safe once built.
/// </summary>
internal sealed class SilhouetteContour
{
    /// <summary>The Multi-PIE jaw landmarks 0..16; 8 is the chin centre.</summary>
    public const int JawLandmarkCount = 17;

    private const int ChinCentre = 8;

    /// <summary>Half the height of a line's band, BFM units (the mean mesh's vertices lie about 1000 apart).</summary>
    public const double BandHalfHeight = 2000;

    /// <summary>
    /// How far toward the centre line a line reaches, as a fraction of its landmark's distance from it: the nose
    /// and mouth stay out. Values 0.2 to 0.8 gave the same 300-W training-fold error.
    /// </summary>
    public const double InnerFraction = 0.4;

    private readonly int[] _lineStart; // candidates of landmark k: _lineStart[k] up to _lineStart[k + 1]
    private readonly float[] _offsets; // model-frame offset of each candidate from its landmark's mean vertex, x,y,z

    public SilhouetteContour(Bfm3ddfa model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var mean = model.DenseMean.Span;
        var keypoints = model.Keypoints.Span;
        _lineStart = new int[JawLandmarkCount + 1];
        var offsets = new List<float>();
        for (int k = 0; k < JawLandmarkCount; k++)
        {
            _lineStart[k] = offsets.Count / 3;
            if (k == ChinCentre)
                continue;
            int landmark = keypoints[k];
            float xk = mean[3 * landmark], yk = mean[3 * landmark + 1], zk = mean[3 * landmark + 2];
            float side = SideOf(k), reach = Math.Abs(xk);
            for (int v = 0; v < model.DenseVertexCount; v++)
            {
                float outward = mean[3 * v] * side;
                if (Math.Abs(mean[3 * v + 1] - yk) <= BandHalfHeight && outward >= InnerFraction * reach && outward <= reach)
                    offsets.AddRange([mean[3 * v] - xk, mean[3 * v + 1] - yk, mean[3 * v + 2] - zk]);
            }
        }
        _lineStart[JawLandmarkCount] = offsets.Count / 3;
        _offsets = [.. offsets];
    }

    /// <summary>How many candidate vertices landmark k's line has (0 for the chin centre).</summary>
    public int LineLength(int k) => _lineStart[k + 1] - _lineStart[k];

    /// <summary>
    /// The 68 landmarks with the jaw of the side turned away moved to the silhouette. <paramref name="fixedLandmarks"/>
    /// are <see cref="TddfaReconstruction.SparseLandmarks"/> of the same parameters and region box.
    /// </summary>
    public Vector3[] March(ReadOnlySpan<float> parameters, BoundingBox roi, IReadOnlyList<Vector3> fixedLandmarks)
    {
        ArgumentNullException.ThrowIfNull(fixedLandmarks);
        if (parameters.Length != Bfm3ddfa.ParamCount)
            throw new ArgumentException($"expected {Bfm3ddfa.ParamCount} parameters, got {parameters.Length}", nameof(parameters));
        if (fixedLandmarks.Count != Bfm3ddfa.LandmarkCount)
            throw new ArgumentException($"expected {Bfm3ddfa.LandmarkCount} landmarks, got {fixedLandmarks.Count}", nameof(fixedLandmarks));
        double scaleX = roi.Width / TddfaReconstruction.InputSize, scaleY = roi.Height / TddfaReconstruction.InputSize;
        if (!(scaleX > 0) || !(scaleY > 0))
            throw new ArgumentException($"region {roi} is empty", nameof(roi));
        foreach (var v in parameters)
            if (!float.IsFinite(v))
                throw new ArgumentException("parameters must be finite", nameof(parameters));

        var result = fixedLandmarks.ToArray();
        // The linear part of TddfaReconstruction's projection: [sR], then crop pixels to image pixels with y flipped.
        var linear = new double[9];
        for (int c = 0; c < 3; c++)
        {
            linear[c] = parameters[c] * scaleX;
            linear[3 + c] = -parameters[4 + c] * scaleY;
            linear[6 + c] = parameters[8 + c] * (scaleX + scaleY) / 2;
        }
        // The face's x axis in the image, and its depth component: positive when the face's +x side turns toward the camera.
        double axisX = linear[0], axisY = linear[3], towardCamera = parameters[8];
        for (int k = 0; k < JawLandmarkCount; k++)
        {
            float side = SideOf(k);
            // Only the side turned away hides its jaw line behind the cheek; the near side's jaw is the outline.
            if (LineLength(k) == 0 || side * towardCamera >= 0)
                continue;
            int best = -1;
            double farthest = 0; // the landmark's own vertex: offset 0
            for (int c = _lineStart[k]; c < _lineStart[k + 1]; c++)
            {
                double dx = linear[0] * _offsets[3 * c] + linear[1] * _offsets[3 * c + 1] + linear[2] * _offsets[3 * c + 2];
                double dy = linear[3] * _offsets[3 * c] + linear[4] * _offsets[3 * c + 1] + linear[5] * _offsets[3 * c + 2];
                double outward = side * (dx * axisX + dy * axisY);
                if (outward > farthest) { farthest = outward; best = c; }
            }
            if (best >= 0)
                result[k] += Apply(linear, _offsets[3 * best], _offsets[3 * best + 1], _offsets[3 * best + 2]);
        }
        return result;
    }

    /// <summary>-1 for the landmarks on the face's -x side (0-7, image left on a frontal face), +1 for 9-16.</summary>
    private static float SideOf(int k) => k < ChinCentre ? -1 : 1;

    private static Vector3 Apply(double[] m, float x, float y, float z) => new(
        (float)(m[0] * x + m[1] * y + m[2] * z),
        (float)(m[3] * x + m[4] * y + m[5] * z),
        (float)(m[6] * x + m[7] * y + m[8] * z));
}
