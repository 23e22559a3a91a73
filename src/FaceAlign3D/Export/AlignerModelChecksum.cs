using System.Text.Json;
using System.Text.Json.Nodes;

namespace FaceAlign3D.Export;

/// <summary>
/// The field that names the aligner's model file by SHA-256 in every output that names a model (align JSON, track
/// summary, bench); absent when the aligner has no such file (mediapipe), so those outputs stay as they were.
/// </summary>
internal static class AlignerModelChecksum
{
    public const string Key = "aligner_model_sha256";

    public static void Write(Utf8JsonWriter w, string? sha256)
    {
        if (sha256 is not null)
            w.WriteString(Key, sha256);
    }

    /// <summary>The same field in console text.</summary>
    public static string Describe(string sha256) => $"aligner model sha256 {sha256}";

    public static void Add(JsonObject fields, string? sha256)
    {
        if (sha256 is not null)
            fields[Key] = sha256;
    }
}
