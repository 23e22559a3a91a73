using System.Reflection;
using System.Runtime.Loader;
using FaceAlign3D.Models;

namespace FaceAlign3D.Cli;

/// <summary>
/// Finds and loads the training assembly (FaceAlign3D.Training with TorchSharp and LibTorch, about 600 MB)
/// only when `facealign train` runs, so the tool itself carries no LibTorch. Looked for in
/// FACEALIGN3D_TRAINING, then a training/ folder beside the tool, then this repository's build output.
/// </summary>
internal sealed class TrainingPlugin(string assemblyPath) : AssemblyLoadContext("FaceAlign3D.Training")
{
    public const string EnvironmentVariable = "FACEALIGN3D_TRAINING";
    const string AssemblyFile = "FaceAlign3D.Training.dll";

    readonly AssemblyDependencyResolver _resolver = new(assemblyPath);

    /// <summary>The entry's Run(config, resume, output, error, cancellation), or null with the places searched.</summary>
    public static Func<string?, string?, TextWriter, TextWriter, CancellationToken, int>? TryLoad(out string searched)
    {
        var candidates = Candidates().ToArray();
        searched = string.Join(", ", candidates);
        string? path = candidates.Select(folder => Path.Combine(folder, AssemblyFile)).FirstOrDefault(File.Exists);
        if (path is null) return null;
        var assembly = new TrainingPlugin(path).LoadFromAssemblyPath(path);
        var run = assembly.GetType("FaceAlign3D.Training.TrainingCommandLine")?.GetMethod("Run")
            ?? throw new InvalidDataException($"{path} has no FaceAlign3D.Training.TrainingCommandLine.Run");
        return run.CreateDelegate<Func<string?, string?, TextWriter, TextWriter, CancellationToken, int>>();
    }

    static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured) yield return configured;
        yield return Path.Combine(AppContext.BaseDirectory, "training");
        if (ModelStore.FindRepositoryRoot(AppContext.BaseDirectory) is { } root)
            foreach (var configuration in new[] { "Release", "Debug" })
                yield return Path.Combine(root, "src", "FaceAlign3D.Training", "bin", configuration, "net10.0", "linux-x64");
    }

    /// <summary>The core library is shared with the tool; everything else comes from the training folder.</summary>
    protected override Assembly? Load(AssemblyName name)
    {
        if (name.Name == "FaceAlign3D") return null;
        return _resolver.ResolveAssemblyToPath(name) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string name) =>
        _resolver.ResolveUnmanagedDllToPath(name) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
