using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;

namespace FaceAlign3D.Synthesis;

/// <summary>
/// What a photo saw of its fitted head: the photo's camera and the head's z-buffer through it. Answers where the photo
/// shows a surface point, or, when it saw the point's mirror image (across the model's symmetry plane x = 0) more
/// squarely or only the mirror, where it shows that.
/// </summary>
internal sealed class PhotoView(ScaledOrthographicCamera camera, float[] depth, int width, int height)
{
    private const double MirrorPreference = 0.35; // how much more squarely the mirror must have been seen to be used
    private const float DepthTolerance = 0.4f; // cm: a surface point within this of the z-buffer counts as seen

    public ScaledOrthographicCamera Camera => camera;

    /// <summary>The camera of a scaled orthographic single-image fit: model frame to the photo's pixels.</summary>
    public static ScaledOrthographicCamera CameraOf(FitResult fit) =>
        new(fit.Pose.Scale, fit.Pose.Offset.X, fit.Pose.Offset.Y, fit.Views[0].Camera.R * fit.Pose.Rotation);

    /// <summary>Whether the photo saw surface point p (inside the image, not hidden by nearer surface), and where.</summary>
    public bool Sees(Vec3 p, out Point2 q)
    {
        q = camera.Project(p);
        int x = (int)Math.Round(q.X), y = (int)Math.Round(q.Y);
        if ((uint)x >= (uint)width || (uint)y >= (uint)height)
            return false;
        return (camera.R * p).Z <= depth[y * width + x] + DepthTolerance;
    }

    /// <summary>Where to take the colour of surface point p with normal n: the point or its mirror image, whichever the photo saw more squarely; false when it saw neither.</summary>
    public bool ColourAt(Vec3 p, Vec3 n, out Point2 q)
    {
        var mirror = new Vec3(-p.X, p.Y, p.Z);
        double facing = -(camera.R * n).Z, mirrorFacing = -(camera.R * new Vec3(-n.X, n.Y, n.Z)).Z;
        q = default;
        bool seen = facing > 0 && Sees(p, out q);
        if ((mirrorFacing > facing + MirrorPreference || (!seen && mirrorFacing > 0)) && Sees(mirror, out var qm))
        {
            q = qm;
            return true;
        }
        return seen;
    }
}
