using System.Text.Json;
using System.Text.Json.Nodes;
using FaceAlign3D.Fitting;
using FaceAlign3D.Tracking;

namespace FaceAlign3D.Export;

/// <summary>
/// The ICT sequence fits of a tracking run: the "fit" object of a face in tracks.jsonl (blendshape weights by
/// name, FACS action units, fitted pose, landmark RMS), and tracks.fit.json listing each track's shared identity
/// (docs/tracking.md, docs/fit-output.md).
/// </summary>
internal static class TrackFitWriter
{
    public const string IdentityFileName = "tracks.fit.json";

    /// <summary>Writes one frame's fit as the property "fit" of the face object being written.</summary>
    public static void WriteFrame(Utf8JsonWriter w, FitResult fit)
    {
        w.WriteStartObject("fit");
        w.WriteStartObject("blendshapes");
        for (int j = 0; j < fit.Expression.Length; j++)
            w.WriteNumber(fit.ExpressionNames[j], Math.Round(fit.Expression[j], 4));
        w.WriteEndObject();
        w.WriteStartObject("action_units");
        foreach (var u in FacsActionUnits.Estimate(fit.ExpressionWeights))
            w.WriteNumber(u.Unit.Code + (u.Unit.Code == "AU30" ? (u.Unit.Shapes[0] == "jawLeft" ? "L" : "R") : ""), Math.Round(u.Intensity, 4));
        w.WriteEndObject();
        var (yaw, pitch, roll) = fit.Pose.YawPitchRoll;
        w.WriteStartObject("pose");
        w.WriteNumber("yaw", Math.Round(yaw * 180 / Math.PI, 4));
        w.WriteNumber("pitch", Math.Round(pitch * 180 / Math.PI, 4));
        w.WriteNumber("roll", Math.Round(roll * 180 / Math.PI, 4));
        w.WriteNumber("scale_px_per_cm", Math.Round(fit.Pose.Scale, 6));
        w.WriteEndObject();
        w.WriteNumber("rms_px", Math.Round(fit.Views[0].RmsError, 4));
        w.WriteEndObject();
    }

    /// <summary>Writes tracks.fit.json: per track its id, frame count and identity weights.</summary>
    public static void WriteIdentities(string path, IReadOnlyList<TrackFit> fits)
    {
        var tracks = new JsonArray();
        foreach (var f in fits.OrderBy(f => f.TrackId))
            tracks.Add((JsonNode)new JsonObject
            {
                ["track"] = f.TrackId,
                ["frames"] = f.Result.Frames.Length,
                ["identity"] = new JsonArray(f.Result.Identity.Select(x => (JsonNode)Math.Round(x, 6)).ToArray()),
            });
        var root = new JsonObject { ["schema_version"] = 1, ["model"] = "ict-facekit", ["policy"] = "joint fit at track end (FaceModelFitter.FitSequence)", ["tracks"] = tracks };
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
