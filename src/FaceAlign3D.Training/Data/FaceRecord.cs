using FaceAlign3D.Detection;

namespace FaceAlign3D.Training.Data;

/// <summary>
/// One labelled face before cropping: the image file, the 3DDFA_V2 region box to crop to 120x120, the 2D
/// landmarks in image pixels (NaN where unlabelled) in the data set's <see cref="LandmarkLayout"/>, and
/// the 62 normalised parameters when the data set has them.
/// </summary>
public sealed record FaceRecord(string Id, string ImagePath, BoundingBox Roi, float[] Landmarks, LandmarkLayout Layout, float[]? Params = null)
{
    public int PointCount => Landmarks.Length / 2;
}
