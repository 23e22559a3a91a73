using System.Numerics;
using FaceAlign3D.Geometry;

namespace FaceAlign3D.Morphable;

/// <summary>
/// MediaPipe's face geometry from landmarks (geometry_pipeline's ScreenToMetricSpaceConverter): the 468 image
/// landmarks are placed in a perspective camera's metric space (x right, y up, z toward the viewer, centimetres)
/// and the canonical face is fitted to them by weighted Procrustes, giving the 4x4 pose transform
/// (canonical model to camera). The camera is MediaPipe's default environment: vertical field of view 63
/// degrees, near plane 1, image origin at the top-left corner.
/// </summary>
internal sealed class MediaPipeFaceGeometry(MediaPipeCanonicalFace canonical)
{
    public const double VerticalFovDegrees = 63;
    public const double Near = 1;

    /// <summary>The pose of one face: a 4x4 row-major similarity transform (translation in the last column) and its Euler angles.</summary>
    public sealed record Pose(double[] Transform, double YawDegrees, double PitchDegrees, double RollDegrees)
    {
        /// <summary>The rotation part (3x3, row-major) with the transform's scale removed.</summary>
        public double[] Rotation
        {
            get
            {
                double scale = Math.Sqrt(Transform[0] * Transform[0] + Transform[4] * Transform[4] + Transform[8] * Transform[8]);
                return [.. Transform[0..3].Select(v => v / scale), .. Transform[4..7].Select(v => v / scale), .. Transform[8..11].Select(v => v / scale)];
            }
        }
    }

    /// <summary>
    /// Names the Euler angle convention: R = Ry(yaw) Rx(pitch) Rz(roll) in the camera frame above, so
    /// yaw = atan2(R02, R22), pitch = asin(-R12), roll = atan2(R10, R11). Positive yaw turns the face toward
    /// image right, positive pitch tilts it down, positive roll turns it counter-clockwise as seen in the image.
    /// </summary>
    public const string EulerFormula = "R = Ry(yaw) Rx(pitch) Rz(roll), camera x right, y up, z toward viewer; yaw = atan2(R02, R22), pitch = asin(-R12), roll = atan2(R10, R11)";

    /// <summary>
    /// Estimates the pose from 468 landmarks in image pixels ((0, 0) the centre of the top-left pixel, z in the
    /// pixel units of x, as the face mesh aligner returns them).
    /// </summary>
    public Pose Estimate(IReadOnlyList<Vector3> landmarks, int imageWidth, int imageHeight)
    {
        if (landmarks.Count != MediaPipeCanonicalFace.VertexCount)
            throw new ArgumentException($"face geometry needs {MediaPipeCanonicalFace.VertexCount} landmarks, got {landmarks.Count}", nameof(landmarks));
        if (imageWidth < 1 || imageHeight < 1)
            throw new ArgumentException($"image size {imageWidth}x{imageHeight} must be positive");
        int n = landmarks.Count;
        double heightAtNear = 2 * Near * Math.Tan(0.5 * VerticalFovDegrees * Math.PI / 180);
        double widthAtNear = imageWidth * heightAtNear / imageHeight;

        // Screen landmarks projected onto the near plane: x, y in camera units, z scaled like x.
        var screen = new double[3 * n];
        for (int i = 0; i < n; i++)
        {
            double x = (landmarks[i].X + 0.5) / imageWidth, y = (landmarks[i].Y + 0.5) / imageHeight, z = landmarks[i].Z / imageWidth;
            if (!double.IsFinite(x + y + z))
                throw new ArgumentException($"landmark {i} is not finite", nameof(landmarks));
            screen[3 * i] = x * widthAtNear - widthAtNear / 2;
            screen[3 * i + 1] = (1 - y) * heightAtNear - heightAtNear / 2;
            screen[3 * i + 2] = z * widthAtNear;
        }
        double depthOffset = 0;
        for (int i = 0; i < n; i++) depthOffset += screen[3 * i + 2];
        depthOffset /= n;

        // First pass on the projected points (z only flipped) gives a scale to unproject with; the second
        // pass corrects it; the total scale places the landmarks in metric space for the final fit.
        var work = (double[])screen.Clone();
        FlipZ(work);
        double firstScale = Fit(work).Scale;
        work = (double[])screen.Clone();
        Unproject(work, depthOffset, firstScale);
        double secondScale = Fit(work).Scale;
        work = (double[])screen.Clone();
        Unproject(work, depthOffset, firstScale * secondScale);
        var fit = Fit(work);

        var r = fit.Rotation;
        double s = fit.Scale;
        var transform = new double[16];
        for (int row = 0; row < 3; row++)
        {
            for (int col = 0; col < 3; col++)
                transform[4 * row + col] = s * r[3 * row + col];
            transform[4 * row + 3] = fit.Translation[row];
        }
        transform[15] = 1;
        double yaw = Math.Atan2(r[2], r[8]), pitch = Math.Asin(Math.Clamp(-r[5], -1, 1)), roll = Math.Atan2(r[3], r[4]);
        const double toDegrees = 180 / Math.PI;
        return new Pose(transform, yaw * toDegrees, pitch * toDegrees, roll * toDegrees);
    }

    private static void FlipZ(double[] points)
    {
        for (int i = 2; i < points.Length; i += 3) points[i] = -points[i];
    }

    /// <summary>Moves z behind the near plane by the given scale, unprojects x and y through the pinhole and flips z.</summary>
    private static void Unproject(double[] points, double depthOffset, double scale)
    {
        for (int i = 0; i < points.Length; i += 3)
        {
            double z = (points[i + 2] - depthOffset + Near) / scale;
            points[i] = points[i] * z / Near;
            points[i + 1] = points[i + 1] * z / Near;
            points[i + 2] = -z;
        }
    }

    /// <summary>
    /// Weighted similarity Procrustes from the canonical vertices to <paramref name="target"/>. The rotation and
    /// scale of the weighted problem depend only on the weighted cross-covariance H and the weighted source spread;
    /// <see cref="Umeyama"/> solves them from six synthetic point pairs (+-c e_k, +-H_k / 2c) that have exactly
    /// that covariance and spread and zero centroids. The translation comes from the weighted centroids.
    /// </summary>
    private SimilarityTransform Fit(double[] target)
    {
        var weights = canonical.ProcrustesWeights;
        var vertices = canonical.Vertices;
        double total = 0;
        Span<double> ms = stackalloc double[3], mt = stackalloc double[3];
        ms.Clear(); mt.Clear();
        for (int i = 0; i < weights.Count; i++)
        {
            double w = weights[i];
            if (w == 0) continue;
            total += w;
            ms[0] += w * vertices[i].X; ms[1] += w * vertices[i].Y; ms[2] += w * vertices[i].Z;
            for (int a = 0; a < 3; a++) mt[a] += w * target[3 * i + a];
        }
        for (int a = 0; a < 3; a++) { ms[a] /= total; mt[a] /= total; }
        var h = new double[9];
        double spread = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            double w = weights[i];
            if (w == 0) continue;
            double px = vertices[i].X - ms[0], py = vertices[i].Y - ms[1], pz = vertices[i].Z - ms[2];
            double dx = target[3 * i] - mt[0], dy = target[3 * i + 1] - mt[1], dz = target[3 * i + 2] - mt[2];
            h[0] += w * px * dx; h[1] += w * px * dy; h[2] += w * px * dz;
            h[3] += w * py * dx; h[4] += w * py * dy; h[5] += w * py * dz;
            h[6] += w * pz * dx; h[7] += w * pz * dy; h[8] += w * pz * dz;
            spread += w * (px * px + py * py + pz * pz);
        }
        double c = Math.Sqrt(spread / 6);
        var source = new double[18];
        var synthetic = new double[18];
        for (int k = 0; k < 3; k++)
            for (int sign = 0; sign < 2; sign++)
            {
                int p = 3 * (2 * k + sign);
                double sg = sign == 0 ? 1 : -1;
                source[p + k] = sg * c;
                for (int b = 0; b < 3; b++) synthetic[p + b] = sg * h[3 * k + b] / (2 * c);
            }
        var fit = Umeyama.Estimate(source, synthetic);
        var r = fit.Rotation;
        var translation = new double[3];
        for (int a = 0; a < 3; a++)
            translation[a] = mt[a] - fit.Scale * (r[3 * a] * ms[0] + r[3 * a + 1] * ms[1] + r[3 * a + 2] * ms[2]);
        return new SimilarityTransform(fit.Scale, r.ToArray(), translation);
    }
}
