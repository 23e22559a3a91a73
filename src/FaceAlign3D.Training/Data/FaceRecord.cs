using System.Numerics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Evaluation.Metrics;

namespace FaceAlign3D.Training.Data;

/// <summary>
/// One labelled face before cropping: the image file, the 3DDFA_V2 region box to crop to 120x120, the 2D
/// landmarks in image pixels (NaN where unlabelled) in the data set's <see cref="LandmarkLayout"/>, and
/// the 62 normalised parameters when the data set has them.
/// </summary>
public sealed record FaceRecord(string Id, string ImagePath, BoundingBox Roi, float[] Landmarks, LandmarkLayout Layout, float[]? Params = null)
{
    public int PointCount => Landmarks.Length / 2;

    /// <summary>
    /// A face labelled by 68 points in image pixels (x, y of each row; a z column is ignored), all visible, cropped
    /// by 3DDFA_V2's region box from landmarks (<see cref="TddfaRoi.FromLandmarks"/>).
    /// </summary>
    internal static FaceRecord FromImageLandmarks(string id, string imagePath, LandmarkSet points)
    {
        var landmarks = new float[2 * points.Count];
        var corners = new Vector2[points.Count];
        for (int k = 0; k < points.Count; k++)
        {
            landmarks[2 * k] = (float)points[k, 0];
            landmarks[2 * k + 1] = (float)points[k, 1];
            corners[k] = new Vector2(landmarks[2 * k], landmarks[2 * k + 1]);
        }
        return new FaceRecord(id, imagePath, TddfaRoi.FromLandmarks(corners), landmarks, LandmarkLayout.Ibug68);
    }
}
