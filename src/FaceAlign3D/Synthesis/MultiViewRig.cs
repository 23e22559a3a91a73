using FaceAlign3D.Geometry;

namespace FaceAlign3D.Synthesis;

/// <summary>
/// Calibrated pinhole cameras on a horizontal arc around the world origin (where the face is placed), all looking
/// at it: the 3D-aware paper's multi-view rig.
/// </summary>
internal static class MultiViewRig
{
    /// <param name="views">number of cameras (at least 2).</param>
    /// <param name="spanDegrees">yaw from the first camera to the last, centred on the frontal one.</param>
    /// <param name="distance">distance to the origin (cm).</param>
    /// <param name="focal">focal length (pixels).</param>
    /// <param name="width">image width; the principal point is the image centre.</param>
    /// <param name="height">image height.</param>
    /// <exception cref="ArgumentException">fewer than 2 views, or a non-positive distance, focal length or size.</exception>
    public static PinholeCamera[] Arc(int views, double spanDegrees, double distance, double focal, int width, int height)
    {
        if (views < 2)
            throw new ArgumentException($"a multi-view rig needs at least 2 views, got {views}");
        if (!(distance > 0 && focal > 0 && width > 0 && height > 0 && double.IsFinite(spanDegrees) && Math.Abs(spanDegrees) <= 180))
            throw new ArgumentException("distance, focal length and size must be positive and the span within 180 degrees");
        var cameras = new PinholeCamera[views];
        for (int v = 0; v < views; v++)
        {
            double yaw = IctFaceSampler.Radians(spanDegrees * (v / (views - 1.0) - 0.5));
            // The camera sits at around * (0, 0, distance) and looks back at the origin.
            var around = Rotation.FromYawPitchRoll(yaw, 0, 0);
            cameras[v] = new PinholeCamera(focal, focal, (width - 1) / 2.0, (height - 1) / 2.0,
                PinholeCamera.ModelToCameraAxes * around.Transpose(), new Vec3(0, 0, distance));
        }
        return cameras;
    }
}
