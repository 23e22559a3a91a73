using System.Globalization;
using System.Text;
using FaceAlign3D.Alignment;

namespace FaceAlign3D.Export;

/// <summary>
/// A CSV summary over many images: one row per face with image, face index, box, score, yaw/pitch/roll
/// (degrees) and the 68 landmarks as x0,y0,z0 ... x67,y67,z67 (pixels; MediaPipe's mesh through
/// <see cref="FaceLandmarks68"/>). Images without faces get one row
/// with face = -1 so that every input appears.
/// </summary>
public sealed class AlignmentCsvWriter : IDisposable
{
    private readonly StreamWriter _writer;

    public AlignmentCsvWriter(string path)
    {
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        var header = new StringBuilder("image,face,x1,y1,x2,y2,score,yaw,pitch,roll");
        LandmarkCsvColumns.AppendHeader(header);
        _writer.WriteLine(header);
    }

    public void Add(string imageName, ImageAnalysis analysis)
    {
        if (analysis.Faces.Count == 0)
        {
            _writer.WriteLine($"{Quote(imageName)},-1{new string(',', 8 + 3 * LandmarkCsvColumns.Count)}");
            return;
        }
        var c = CultureInfo.InvariantCulture;
        for (int f = 0; f < analysis.Faces.Count; f++)
        {
            var face = analysis.Faces[f];
            var b = face.Detection.Box;
            var pose = face.Alignment.Pose;
            var line = new StringBuilder();
            line.Append(c, $"{Quote(imageName)},{f},{b.X1:0.###},{b.Y1:0.###},{b.X2:0.###},{b.Y2:0.###},{face.Detection.Score:0.######},");
            line.Append(c, $"{pose.YawDegrees:0.####},{pose.PitchDegrees:0.####},{pose.RollDegrees:0.####}");
            LandmarkCsvColumns.AppendValues(line, FaceLandmarks68.Of(face.Alignment));
            _writer.WriteLine(line);
        }
    }

    public void Dispose() => _writer.Dispose();

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
