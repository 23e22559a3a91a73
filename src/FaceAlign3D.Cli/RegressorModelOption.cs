using System.CommandLine;
using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Cli;

/// <summary>
/// `--model FILE|ID` of align, track, eval and bench: any ONNX regressor with mb05_120x120.onnx's contract (such as
/// a `facealign train` model.onnx), or a regressor of the model store by id, in place of the store's mb05, for the
/// tddfa aligner only.
/// </summary>
internal static class RegressorModelOption
{
    public static Option<string?> Create() => new("--model")
    {
        Description = "tddfa aligner: a 62-parameter regressor ONNX file with mb05_120x120.onnx's input/output contract (e.g. a `facealign train` model.onnx) or a regressor's model id (" + string.Join(", ", ModelFiles.TddfaRegressors.Select(r => r.ModelId)) + "); its SHA-256 is recorded in the outputs",
    };

    /// <summary>
    /// The full path to use, or null for the store's mb05: an existing file, else a regressor's model id resolved
    /// (and verified) through <paramref name="store"/>; refuses it for other aligners and unknown names.
    /// </summary>
    public static string? Resolve(string? value, AlignerKind aligner, Func<ModelStore> store)
    {
        if (value is null) return null;
        if (aligner != AlignerKind.Tddfa)
            throw new ArgumentException($"--model replaces the tddfa aligner's regressor; it does not apply to --aligner {AnalyzerFactory.Name(aligner)}");
        if (File.Exists(value))
            return Path.GetFullPath(value);
        if (ModelFiles.TddfaRegressors.FirstOrDefault(r => r.ModelId == value) is { } regressor)
            return store().PathOf(regressor);
        throw new FileNotFoundException($"--model {value}: no such file, nor a regressor model id ({string.Join(", ", ModelFiles.TddfaRegressors.Select(r => r.ModelId))})", value);
    }
}
