using System.Globalization;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using FaceAlign3D.Alignment;

namespace FaceAlign3D.Export;

/// <summary>
/// Writes the `align` result of one image as JSON (schema: docs/schemas/align.schema.json, described in
/// docs/align-output.md). Coordinates are image pixels, angles degrees.
/// </summary>
public static class AlignmentJsonWriter
{
    public const int SchemaVersion = 1;

    /// <summary>The key of a face's predicted landmark sigmas (pixels), present when the regressor predicts them.</summary>
    public const string LandmarkSigmasKey = "landmark_sigmas68";

    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(string path, string imageName, ImageAnalysis analysis, string detector, string aligner, string? alignerModelSha256 = null)
    {
        using var stream = File.Create(path);
        Write(stream, imageName, analysis, detector, aligner, alignerModelSha256);
    }

    /// <summary>Writes the align JSON; <c>aligner_model_sha256</c> (the regressor file of tddfa) when given.</summary>
    public static void Write(Stream stream, string imageName, ImageAnalysis analysis, string detector, string aligner, string? alignerModelSha256 = null)
    {
        using var w = new Utf8JsonWriter(stream, Options);
        w.WriteStartObject();
        w.WriteNumber("schema_version", SchemaVersion);
        w.WriteString("image", imageName);
        w.WriteNumber("width", analysis.Width);
        w.WriteNumber("height", analysis.Height);
        w.WriteString("detector", detector);
        w.WriteString("aligner", aligner);
        AlignerModelChecksum.Write(w, alignerModelSha256);
        w.WriteStartArray("faces");
        foreach (var face in analysis.Faces)
            WriteFace(w, face);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFace(Utf8JsonWriter w, AnalyzedFace face)
    {
        var a = face.Alignment;
        w.WriteStartObject();
        WriteBox(w, "box", face.Detection.Box.X1, face.Detection.Box.Y1, face.Detection.Box.X2, face.Detection.Box.Y2);
        w.WriteNumber("score", Math.Round(face.Detection.Score, 6));
        WriteBox(w, "roi_box", a.RoiBox.X1, a.RoiBox.Y1, a.RoiBox.X2, a.RoiBox.Y2);
        bool faceMesh = a.Layout == AlignmentLayout.FaceMesh468;
        if (faceMesh)
            w.WriteNumber("presence", Math.Round(a.Confidence, 6));
        WritePoints(w, "landmarks68", FaceLandmarks68.Of(a));
        if (!faceMesh)
            w.WriteString("contour", ContourConventions.Name(a.Contour));
        if (faceMesh)
            WritePoints(w, "landmarks468", a.Landmarks3D);
        if (a.LandmarkSigmas is { } sigmas)
        {
            w.WriteStartArray(LandmarkSigmasKey);
            foreach (var s in sigmas)
                w.WriteNumberValue(Math.Round(s, 4));
            w.WriteEndArray();
        }
        w.WriteStartObject("pose");
        w.WriteStartArray("rotation");
        for (int r = 0; r < 3; r++)
            w.WriteRawValue(string.Create(CultureInfo.InvariantCulture, $"[{Math.Round(a.Pose[r, 0], 6)}, {Math.Round(a.Pose[r, 1], 6)}, {Math.Round(a.Pose[r, 2], 6)}]"));
        w.WriteEndArray();
        w.WriteNumber("yaw", Math.Round(a.Pose.YawDegrees, 4));
        w.WriteNumber("pitch", Math.Round(a.Pose.PitchDegrees, 4));
        w.WriteNumber("roll", Math.Round(a.Pose.RollDegrees, 4));
        w.WriteString("formula", a.Pose.Formula);
        if (faceMesh)
        {
            // MediaPipe's face geometry transform: canonical face (centimetres) to its metric camera space.
            w.WriteStartArray("transform");
            for (int r = 0; r < 4; r++)
                w.WriteRawValue(string.Create(CultureInfo.InvariantCulture,
                    $"[{Math.Round(a.Parameters[4 * r], 6)}, {Math.Round(a.Parameters[4 * r + 1], 6)}, {Math.Round(a.Parameters[4 * r + 2], 6)}, {Math.Round(a.Parameters[4 * r + 3], 6)}]"));
            w.WriteEndArray();
        }
        w.WriteEndObject();
        if (!faceMesh)
        {
            w.WriteStartArray("params62");
            foreach (var v in a.Parameters)
                w.WriteNumberValue(v);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void WritePoints(Utf8JsonWriter w, string name, IReadOnlyList<Vector3> points)
    {
        w.WriteStartArray(name);
        foreach (var p in points)
            w.WriteRawValue(Triple(p.X, p.Y, p.Z));
        w.WriteEndArray();
    }

    private static void WriteBox(Utf8JsonWriter w, string name, double x1, double y1, double x2, double y2)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(string.Create(CultureInfo.InvariantCulture, $"[{Math.Round(x1, 3)}, {Math.Round(y1, 3)}, {Math.Round(x2, 3)}, {Math.Round(y2, 3)}]"));
    }

    // One point per line keeps the files readable; values are finite by construction of the aligners.
    private static string Triple(float x, float y, float z) =>
        string.Create(CultureInfo.InvariantCulture, $"[{Math.Round(x, 3)}, {Math.Round(y, 3)}, {Math.Round(z, 3)}]");
}
