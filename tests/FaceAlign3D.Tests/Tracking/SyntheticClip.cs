using System.Numerics;
using FaceAlign3D.Evaluation.Metrics;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Tests.Tracking;

/// <summary>
/// Clips with known ground truth, built as 3DDFA_V2 builds its stability test: a still photo moved by known
/// similarity transforms, so the true landmarks of each frame are the still's landmarks under that frame's transform.
/// </summary>
internal sealed class SyntheticClip
{
    private SyntheticClip(IReadOnlyList<Image> frames, IReadOnlyList<AffineMatrix> transforms, double frameRate)
    {
        Frames = frames;
        Transforms = transforms;
        FrameRate = frameRate;
    }

    public IReadOnlyList<Image> Frames { get; }

    /// <summary>Still-photo pixels to frame pixels, per frame.</summary>
    public IReadOnlyList<AffineMatrix> Transforms { get; }

    public double FrameRate { get; }

    public double TimeOf(int frame) => frame / FrameRate;

    /// <summary>
    /// A smooth wander about the image centre: rotation up to <paramref name="maxDegrees"/>, scale within
    /// 1 +- <paramref name="scaleAmplitude"/>, translation up to <paramref name="shift"/> pixels, each a sine of its own period.
    /// </summary>
    public static AffineMatrix Wander(int t, int width, int height, double maxDegrees = 8, double scaleAmplitude = 0.06, double shift = 14)
    {
        double angle = maxDegrees * Math.Sin(2 * Math.PI * t / 70.0);
        double scale = 1 + scaleAmplitude * Math.Sin(2 * Math.PI * t / 53.0 + 1);
        double dx = shift * Math.Sin(2 * Math.PI * t / 61.0 + 0.5), dy = 0.7 * shift * Math.Sin(2 * Math.PI * t / 47.0 + 2);
        return AffineMatrix.Rotation(width / 2.0, height / 2.0, angle, scale).Then(AffineMatrix.Translation(dx, dy));
    }

    /// <summary>Frames of <paramref name="width"/> x <paramref name="height"/>: the still warped by <paramref name="motion"/>(frame).</summary>
    public static SyntheticClip Make(Image still, int frames, Func<int, AffineMatrix> motion, int? width = null, int? height = null, double frameRate = 30)
    {
        int w = width ?? still.Width, h = height ?? still.Height;
        var images = new Image[frames];
        var transforms = new AffineMatrix[frames];
        for (int t = 0; t < frames; t++)
        {
            transforms[t] = motion(t);
            images[t] = ImageWarp.Affine(still, transforms[t], w, h);
        }
        return new SyntheticClip(images, transforms, frameRate);
    }

    /// <summary>The still's landmarks carried into frame <paramref name="t"/> (x, y).</summary>
    public LandmarkSet TruthAt(int t, IReadOnlyList<Vector3> stillLandmarks)
    {
        var coordinates = new double[2 * stillLandmarks.Count];
        for (int i = 0; i < stillLandmarks.Count; i++)
            (coordinates[2 * i], coordinates[2 * i + 1]) = Transforms[t].Apply(stillLandmarks[i].X, stillLandmarks[i].Y);
        return new LandmarkSet(coordinates, 2);
    }

    public static LandmarkSet ToSet(IReadOnlyList<Vector3> landmarks)
    {
        var coordinates = new double[2 * landmarks.Count];
        for (int i = 0; i < landmarks.Count; i++)
            (coordinates[2 * i], coordinates[2 * i + 1]) = (landmarks[i].X, landmarks[i].Y);
        return new LandmarkSet(coordinates, 2);
    }

    public static LandmarkSet ToSet(IReadOnlyList<Point2> landmarks)
    {
        var coordinates = new double[2 * landmarks.Count];
        for (int i = 0; i < landmarks.Count; i++)
            (coordinates[2 * i], coordinates[2 * i + 1]) = (landmarks[i].X, landmarks[i].Y);
        return new LandmarkSet(coordinates, 2);
    }
}
