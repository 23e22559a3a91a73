using System.CommandLine;

namespace FaceAlign3D.Cli;

/// <summary>`--min-face PX` of align and bench: FaceBoxes' minimum face size (<see cref="Pipeline.AnalyzerOptions.MinFaceSize"/>).</summary>
internal static class MinFaceOption
{
    public static Option<int?> Create() => new("--min-face")
    {
        Description = "faceboxes: the smallest face to find, as a box side in pixels; the photo is scaled so such a face meets FaceBoxes' 32-px anchor (much faster on large photos, smaller faces may be missed). Default: FaceBoxes at 3DDFA_V2's input size (up to 720x1080)",
    };

    /// <exception cref="ArgumentException">a size that is not positive.</exception>
    public static int? Validate(int? value) => value is <= 0 ? throw new ArgumentException($"--min-face must be positive, got {value}") : value;
}
