namespace FaceAlign3D.Tests;

/// <summary>
/// The trait that tells tests needing more than the SDK from pure unit tests. `dotnet test --filter
/// "Needs!=shared&amp;Needs!=ffmpeg"` runs the unit tests alone.
/// </summary>
public static class TestNeeds
{
    public const string Trait = "Needs";

    /// <summary>../shared (models, data, reference outputs) or the MediaPipe models scripts/setup.sh puts in models/.</summary>
    public const string Shared = "shared";

    /// <summary>The ffmpeg program (video decoding and encoding).</summary>
    public const string Ffmpeg = "ffmpeg";
}
