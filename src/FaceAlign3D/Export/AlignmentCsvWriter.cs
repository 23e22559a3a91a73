using System.Globalization;
using System.Numerics;
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
        foreach (var row in AlignmentRow.Of(imageName, analysis))
            Add(row);
    }

    public void Add(AlignmentRow row)
    {
        if (row.Face < 0)
        {
            _writer.WriteLine($"{Quote(row.Image)},-1{new string(',', 8 + 3 * LandmarkCsvColumns.Count)}");
            return;
        }
        var c = CultureInfo.InvariantCulture;
        var (b, pose, flat) = (row.Box!, row.YawPitchRoll!, row.Landmarks68!);
        var line = new StringBuilder();
        line.Append(c, $"{Quote(row.Image)},{row.Face},{b[0]:0.###},{b[1]:0.###},{b[2]:0.###},{b[3]:0.###},{row.Score:0.######},");
        line.Append(c, $"{pose[0]:0.####},{pose[1]:0.####},{pose[2]:0.####}");
        var points = new Vector3[flat.Length / 3];
        for (int i = 0; i < points.Length; i++)
            points[i] = new Vector3(flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]);
        LandmarkCsvColumns.AppendValues(line, points);
        _writer.WriteLine(line);
    }

    public void Dispose() => _writer.Dispose();

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
