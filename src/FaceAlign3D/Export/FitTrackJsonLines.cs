using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaceAlign3D.Fitting;
using FaceAlign3D.Tracking;

namespace FaceAlign3D.Export;

/// <summary>
/// Adds the ICT sequence fits of a tracking run to its outputs: every face of tracks.jsonl gains a "fit" object
/// (blendshape weights by name, FACS action units, fitted pose, landmark RMS), and tracks.fit.json lists each
/// track's shared identity (docs/tracking.md, docs/fit-output.md).
/// </summary>
public static class FitTrackJsonLines
{
    public const string IdentityFileName = "tracks.fit.json";

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Rewrites <paramref name="jsonLinesPath"/> with the fits; faces of tracks without a fit are left as they are.</summary>
    /// <exception cref="InvalidDataException">a line is not a tracking record.</exception>
    public static void Annotate(string jsonLinesPath, IReadOnlyList<TrackFit> fits)
    {
        var byTrack = fits.ToDictionary(f => f.TrackId, f => f.Result);
        var lines = File.ReadAllLines(jsonLinesPath);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
                continue;
            JsonNode? frame;
            try { frame = JsonNode.Parse(lines[i]); }
            catch (JsonException e) { throw new InvalidDataException($"{jsonLinesPath}: line {i + 1} is not JSON ({e.Message})", e); }
            if (frame?["faces"] is not JsonArray faces)
                throw new InvalidDataException($"{jsonLinesPath}: line {i + 1} has no faces array");
            foreach (var face in faces.OfType<JsonObject>())
            {
                int track = face["track"]!.GetValue<int>(), index = face["frame_in_track"]!.GetValue<int>();
                if (byTrack.TryGetValue(track, out var result) && index < result.Frames.Length)
                    face["fit"] = FrameNode(result.Frames[index]);
            }
            lines[i] = frame.ToJsonString(Compact);
        }
        string temporary = jsonLinesPath + ".tmp";
        File.WriteAllText(temporary, string.Join('\n', lines) + "\n");
        File.Move(temporary, jsonLinesPath, overwrite: true);
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

    private static JsonObject FrameNode(FitResult fit)
    {
        var expression = new JsonObject();
        for (int j = 0; j < fit.Expression.Length; j++)
            expression[fit.ExpressionNames[j]] = Math.Round(fit.Expression[j], 4);
        var units = new JsonObject();
        foreach (var u in FacsActionUnits.Estimate(fit.ExpressionWeights))
            units[u.Unit.Code + (u.Unit.Code == "AU30" ? (u.Unit.Shapes[0] == "jawLeft" ? "L" : "R") : "")] = Math.Round(u.Intensity, 4);
        var (yaw, pitch, roll) = fit.Pose.YawPitchRoll;
        return new JsonObject
        {
            ["blendshapes"] = expression,
            ["action_units"] = units,
            ["pose"] = new JsonObject
            {
                ["yaw"] = Math.Round(yaw * 180 / Math.PI, 4),
                ["pitch"] = Math.Round(pitch * 180 / Math.PI, 4),
                ["roll"] = Math.Round(roll * 180 / Math.PI, 4),
                ["scale_px_per_cm"] = Math.Round(fit.Pose.Scale, 6),
            },
            ["rms_px"] = Math.Round(fit.Views[0].RmsError, 4),
        };
    }
}
