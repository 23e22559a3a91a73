using System.Text.Json;
using FaceAlign3D.Export;
using FaceAlign3D.Morphable.IctFaceKit;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Server.Work;

namespace FaceAlign3D.Server.Endpoints;

/// <summary>
/// The JSON bodies of /v1/align and /v1/fit, written by the same writers as the CLI's files: the align JSON
/// (docs/schemas/align.schema.json) and, for fits, <c>{"align": ..., "fits": [fit.json, ...]}</c> with optional meshes.
/// </summary>
public static class FaceResponses
{
    /// <summary>The name uploads carry in results: a client's file name is never used.</summary>
    public const string UploadName = "upload";

    public static byte[] Align(ImageAnalysis analysis, AnalyzerOptions options)
    {
        using var stream = new MemoryStream();
        AlignmentJsonWriter.Write(stream, UploadName, analysis, AnalyzerFactory.Name(options.Detector), AnalyzerFactory.Name(options.Aligner));
        return stream.ToArray();
    }

    /// <param name="meshModel">When given, each fit also carries its vertices (model space, cm), per-vertex tension and the model's triangles.</param>
    public static byte[] Fit(ImageAnalysis analysis, AnalyzerOptions options, IReadOnlyList<FittedFace> fits, IctFaceModel? meshModel)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WritePropertyName("align");
            w.WriteRawValue(Align(analysis, options));
            w.WriteStartArray("fits");
            foreach (var face in fits)
                w.WriteRawValue(FitJson(analysis, face));
            w.WriteEndArray();
            if (meshModel is not null)
                WriteMeshes(w, fits, meshModel);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static byte[] FitJson(ImageAnalysis analysis, FittedFace face)
    {
        using var stream = new MemoryStream();
        var context = new FitJsonContext(UploadName, UploadName, analysis.Width, analysis.Height, face.Face, false, ["image"], null,
            new Dictionary<string, string>(), face.Milliseconds);
        FitJsonWriter.Write(stream, context, face.Fit, face.Analysis);
        return stream.ToArray();
    }

    private static void WriteMeshes(Utf8JsonWriter w, IReadOnlyList<FittedFace> fits, IctFaceModel model)
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
        w.WriteStartArray("meshes");
        foreach (var face in fits)
        {
            w.WriteStartObject();
            w.WriteNumber("face", face.Face);
            w.WriteStartArray("vertices");
            foreach (float v in face.Analysis.Vertices)
                w.WriteNumberValue(MathF.Round(v, 4));
            w.WriteEndArray();
            w.WriteStartArray("tension");
            foreach (float t in face.Analysis.Tension)
                w.WriteNumberValue(MathF.Round(t, 3));
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
