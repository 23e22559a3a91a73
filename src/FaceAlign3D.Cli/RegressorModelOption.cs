using System.CommandLine;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Cli;

/// <summary>
/// `--model FILE` of align, track, eval and bench: any ONNX regressor with mb05_120x120.onnx's contract (such as
/// a `facealign train` model.onnx) in place of the store's mb05, for the tddfa aligner only.
/// </summary>
internal static class RegressorModelOption
{
    public static Option<string?> Create() => new("--model")
    {
        Description = "tddfa aligner: a 62-parameter regressor ONNX file with mb05_120x120.onnx's input/output contract (e.g. a `facealign train` model.onnx); its SHA-256 is recorded in the outputs",
    };

    /// <summary>The full path to use, or null for the store's mb05; refuses it for other aligners and missing files.</summary>
    public static string? Resolve(string? path, AlignerKind aligner)
    {
        if (path is null) return null;
        if (aligner != AlignerKind.Tddfa)
            throw new ArgumentException($"--model replaces the tddfa aligner's regressor; it does not apply to --aligner {AnalyzerFactory.Name(aligner)}");
        if (!File.Exists(path))
            throw new FileNotFoundException($"--model {path}: no such file", path);
        return Path.GetFullPath(path);
    }
}
