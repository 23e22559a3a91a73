using System.Numerics;
using System.Text.Json;
using FaceAlign3D.Alignment;
using FaceAlign3D.Fitting;
using FaceAlign3D.Tracking;

namespace FaceAlign3D.Export;

/// <summary>
/// Writes a tracking run as JSON lines: one object per frame, frames without faces included (docs/tracking.md).
/// Coordinates are image pixels, angles degrees, times seconds.
/// </summary>
public sealed class TrackJsonLinesWriter : IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;

    /// <summary>Writes to a new file that others may read while it grows (a server streams it to clients).</summary>
    public TrackJsonLinesWriter(string path)
        : this(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read))
    {
    }

    public TrackJsonLinesWriter(Stream stream)
    {
        _stream = stream;
        _json = new Utf8JsonWriter(stream);
    }

    /// <summary>Writes one frame; <paramref name="fitOf"/> gives the face-model fit of a face, if it has one.</summary>
    public void Add(TrackedFrame frame, Func<TrackedFace, FitResult?>? fitOf = null)
    {
        var w = _json;
        w.WriteStartObject();
        w.WriteNumber("frame", frame.Index);
        w.WriteNumber("time", Math.Round(frame.Time, 6));
        w.WriteBoolean("detector_ran", frame.DetectorRan);
        w.WriteStartArray("ended_tracks");
        foreach (var id in frame.EndedTracks)
            w.WriteNumberValue(id);
        w.WriteEndArray();
        w.WriteStartArray("faces");
        foreach (var face in frame.Faces)
            WriteFace(w, face, fitOf?.Invoke(face));
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        w.Reset();
        _stream.Write(NewLine);
    }

    public void Dispose()
    {
        _json.Dispose();
        _stream.Dispose();
    }

    private static void WriteFace(Utf8JsonWriter w, TrackedFace face, FitResult? fit)
    {
        w.WriteStartObject();
        w.WriteNumber("track", face.TrackId);
        w.WriteNumber("frame_in_track", face.FrameInTrack);
        w.WriteString("source", face.Source == TrackSource.Detection ? "detection" : "propagation");
        w.WriteStartArray("box");
        w.WriteNumberValue(Math.Round(face.Box.X1, 3));
        w.WriteNumberValue(Math.Round(face.Box.Y1, 3));
        w.WriteNumberValue(Math.Round(face.Box.X2, 3));
        w.WriteNumberValue(Math.Round(face.Box.Y2, 3));
        w.WriteEndArray();
        WritePoints(w, "landmarks68", FaceLandmarks68.Of(face.Landmarks, face.Raw.Layout));
        if (face.Raw.Layout == AlignmentLayout.FaceMesh468)
            WritePoints(w, "landmarks468", face.Landmarks);
        w.WriteStartObject("pose");
        w.WriteNumber("yaw", Math.Round(face.Pose.YawDegrees, 4));
        w.WriteNumber("pitch", Math.Round(face.Pose.PitchDegrees, 4));
        w.WriteNumber("roll", Math.Round(face.Pose.RollDegrees, 4));
        w.WriteStartArray("rotation");
        for (int r = 0; r < 3; r++)
        {
            w.WriteStartArray();
            for (int c = 0; c < 3; c++)
                w.WriteNumberValue(Math.Round(face.Pose[r, c], 6));
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        if (fit is not null)
            TrackFitWriter.WriteFrame(w, fit);
        w.WriteEndObject();
    }

    private static void WritePoints(Utf8JsonWriter w, string name, IReadOnlyList<Vector3> points)
    {
        w.WriteStartArray(name);
        foreach (var p in points)
        {
            w.WriteStartArray();
            w.WriteNumberValue(Math.Round(p.X, 3));
            w.WriteNumberValue(Math.Round(p.Y, 3));
            w.WriteNumberValue(Math.Round(p.Z, 3));
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }
}
