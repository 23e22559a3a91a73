using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Synthesis;

/// <summary>
/// A photo re-rendered with the head turned, and its exact ground truth. Landmarks are in image pixels: x, y where
/// the camera projects the model vertex, z = scale times the vertex's height toward the viewer (in the rotated model
/// frame), so x, y, z share one unit as in AFLW2000-3D.
/// </summary>
/// <param name="Image">The profiled RGB8 image, the size of the photo.</param>
/// <param name="Landmarks68">The 68 landmark vertices asked for (Multi-PIE semantics, fixed vertices).</param>
/// <param name="Rotation">The new head rotation (model frame to the fit's world frame; yaw, pitch, roll via <see cref="Geometry.Rotation.ToYawPitchRoll"/>).</param>
/// <param name="Camera">The scaled orthographic camera of the new image (its R includes the head rotation).</param>
/// <param name="Identity">ICT identity weights of the face.</param>
/// <param name="Expression">ICT expression weights of the face.</param>
/// <param name="FilledFraction">Fraction of the face pixels not seen in the photo nor in its mirror image, filled by inpainting.</param>
internal sealed record ProfiledFace(
    Image Image, Vec3[] Landmarks68, Mat3 Rotation, ScaledOrthographicCamera Camera,
    double[] Identity, double[] Expression, double FilledFraction);
