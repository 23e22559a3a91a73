using System.Globalization;
using System.Text;
using FaceAlign3D.Alignment;
using FaceAlign3D.Tracking;

namespace FaceAlign3D.Export;

/// <summary>
/// Writes a tracking run as CSV: one row per tracked face per frame with frame, time, track, source, box,
/// yaw/pitch/roll (degrees) and the 68 landmarks x0,y0,z0 ... x67,y67,z67 (pixels; MediaPipe's mesh
/// through <see cref="FaceLandmarks68"/>). A frame without faces gets
/// one row with track = -1 and the other fields empty, so every frame appears.
/// </summary>
public sealed class TrackCsvWriter : IDisposable
{
    private readonly StreamWriter _writer;

    public TrackCsvWriter(string path)
    {
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        var header = new StringBuilder("frame,time,track,source,box_x1,box_y1,box_x2,box_y2,yaw,pitch,roll");
        LandmarkCsvColumns.AppendHeader(header);
        _writer.WriteLine(header);
    }

    public void Add(TrackedFrame frame)
    {
        var c = CultureInfo.InvariantCulture;
        if (frame.Faces.Count == 0)
        {
            _writer.WriteLine(string.Create(c, $"{frame.Index},{frame.Time:0.######},-1{new string(',', 8 + 3 * LandmarkCsvColumns.Count)}"));
            return;
        }
        foreach (var face in frame.Faces)
        {
            var b = face.Box;
            var line = new StringBuilder();
            line.Append(c, $"{frame.Index},{frame.Time:0.######},{face.TrackId},{(face.Source == TrackSource.Detection ? "detection" : "propagation")},");
            line.Append(c, $"{b.X1:0.###},{b.Y1:0.###},{b.X2:0.###},{b.Y2:0.###},");
            line.Append(c, $"{face.Pose.YawDegrees:0.####},{face.Pose.PitchDegrees:0.####},{face.Pose.RollDegrees:0.####}");
            LandmarkCsvColumns.AppendValues(line, FaceLandmarks68.Of(face.Landmarks, face.Raw.Layout));
            _writer.WriteLine(line);
        }
    }

    public void Dispose() => _writer.Dispose();
}
