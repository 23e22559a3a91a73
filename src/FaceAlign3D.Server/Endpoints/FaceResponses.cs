using System.Text.Json;
using FaceAlign3D.Alignment;
using FaceAlign3D.Export;
using FaceAlign3D.Fitting;
using FaceAlign3D.Morphable.IctFaceKit;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Server.Endpoints;

/// <summary>
/// The JSON bodies of /v1/align and /v1/fit, written by the same writers as the CLI's files: the align JSON
/// (docs/schemas/align.schema.json) and, for fits, <c>{"align": ..., "fits": [fit.json, ...]}</c> with optional meshes.
/// </summary>
public static class FaceResponses
{
    /// <summary>The name uploads carry in results: a client's file name is never used.</summary>
    public const string UploadName = "upload";

    public static byte[] Align(ImageAnalysis analysis, FaceToolkit toolkit)
    {
        using var stream = new MemoryStream();
        AlignmentJsonWriter.Write(stream, UploadName, analysis, toolkit.DetectorName, toolkit.AlignerName);
        return stream.ToArray();
    }

    /// <param name="mesh">Also give each fit's vertices (model space, cm), per-vertex tension and the model's triangles.</param>
    public static byte[] Fit(ImageAnalysis analysis, FaceToolkit toolkit, IReadOnlyList<FaceFit> fits, IctFaceModel model, bool mesh)
    {
        var analyses = fits.Select(f => FitAnalysis.Compute(model, f.Result)).ToArray();
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WritePropertyName("align");
            w.WriteRawValue(Align(analysis, toolkit));
            w.WriteStartArray("fits");
            for (int i = 0; i < fits.Count; i++)
                w.WriteRawValue(FitJson(analysis, fits[i], analyses[i]));
            w.WriteEndArray();
            if (mesh)
                WriteMeshes(w, fits, analyses, model);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static byte[] FitJson(ImageAnalysis analysis, FaceFit face, FitAnalysis derived)
    {
        using var stream = new MemoryStream();
        var context = new FitJsonContext(UploadName, UploadName, analysis.Width, analysis.Height, face.Face, face.Options.UseContours, ["image"], null,
            new Dictionary<string, string>(), face.Milliseconds);
        FitJsonWriter.Write(stream, context, face.Result, derived);
        return stream.ToArray();
    }

    /// <summary>
    /// One frame of a tracked face for viewers: <c>{"track", "frame", "rotation", "vertices", "tension"}</c> (model
    /// space, cm; the rotation turns the model as the head turned in that frame), and <c>triangles</c> when asked.
    /// </summary>
    public static byte[] TrackMesh(int track, int frame, FitResult fit, IctFaceModel model, bool triangles)
    {
        var analysis = FitAnalysis.Compute(model, fit);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("track", track);
            w.WriteNumber("frame", frame);
            w.WriteStartArray("rotation");
            foreach (double r in fit.Pose.Rotation.ToArray())
                w.WriteNumberValue(Math.Round(r, 6));
            w.WriteEndArray();
            WriteMesh(w, analysis);
            if (triangles)
                WriteTriangles(w, model);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static void WriteMeshes(Utf8JsonWriter w, IReadOnlyList<FaceFit> fits, FitAnalysis[] analyses, IctFaceModel model)
    {
        WriteTriangles(w, model);
        w.WriteStartArray("meshes");
        for (int i = 0; i < fits.Count; i++)
        {
            w.WriteStartObject();
            w.WriteNumber("face", fits[i].Face);
            WriteMesh(w, analyses[i]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>The model's faces as triangles (quads split along their first diagonal), three vertex indices each.</summary>
    private static void WriteTriangles(Utf8JsonWriter w, IctFaceModel model)
    {
        w.WriteStartArray("triangles");
        var faces = model.Topology.Faces;
        for (int f = 0; f < faces.Length; f += 4)
        {
            w.WriteNumberValue(faces[f]);
            w.WriteNumberValue(faces[f + 1]);
            w.WriteNumberValue(faces[f + 2]);
            if (faces[f + 3] < 0)
                continue;
            w.WriteNumberValue(faces[f]);
            w.WriteNumberValue(faces[f + 2]);
            w.WriteNumberValue(faces[f + 3]);
        }
        w.WriteEndArray();
    }

    private static void WriteMesh(Utf8JsonWriter w, FitAnalysis analysis)
    {
        w.WriteStartArray("vertices");
        foreach (float v in analysis.Vertices)
            w.WriteNumberValue(MathF.Round(v, 4));
        w.WriteEndArray();
        w.WriteStartArray("tension");
        foreach (float t in analysis.Tension)
            w.WriteNumberValue(MathF.Round(t, 3));
        w.WriteEndArray();
    }
}
