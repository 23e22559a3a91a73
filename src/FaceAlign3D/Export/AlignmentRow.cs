using FaceAlign3D.Alignment;

namespace FaceAlign3D.Export;

/// <summary>
/// One face of an align result as a flat row: the columns of summary.csv and of the Parquet shards (image, face,
/// box, score, yaw/pitch/roll in degrees, the 68 landmarks as x,y,z triples in pixels). An image without faces
/// is one row with <see cref="Face"/> = -1 and nothing else, so that every input appears.
/// </summary>
public sealed record AlignmentRow(string Image, int Face, double[]? Box, float? Score, double[]? YawPitchRoll, float[]? Landmarks68)
{
    /// <summary>The rows of one analysed image, faces in the analysis's order.</summary>
    public static IEnumerable<AlignmentRow> Of(string imageName, ImageAnalysis analysis)
    {
        if (analysis.Faces.Count == 0)
        {
            yield return new AlignmentRow(imageName, -1, null, null, null, null);
            yield break;
        }
        for (int f = 0; f < analysis.Faces.Count; f++)
        {
            var face = analysis.Faces[f];
            var b = face.Detection.Box;
            var pose = face.Alignment.Pose;
            var points = FaceLandmarks68.Of(face.Alignment);
            var flat = new float[3 * points.Count];
            for (int i = 0; i < points.Count; i++)
                (flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]) = (points[i].X, points[i].Y, points[i].Z);
            yield return new AlignmentRow(imageName, f, [b.X1, b.Y1, b.X2, b.Y2], face.Detection.Score,
                [pose.YawDegrees, pose.PitchDegrees, pose.RollDegrees], flat);
        }
    }
}
