using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using FaceAlign3D.Models;

namespace FaceAlign3D.Cli;

/// <summary>
/// An assembly the tool loads only for the command that needs it, so the tool itself carries none of its
/// dependencies: FaceAlign3D.Training (TorchSharp and LibTorch, about 600 MB) for `train`, FaceAlign3D.Cluster
/// (Orleans) for `cluster`. Looked for in its environment variable, then a folder beside the tool, then this
/// repository's build output.
/// </summary>
internal sealed record PluginAssembly(string Name, string EnvironmentVariable, string Folder, string BuildSubfolder)
{
    public static readonly PluginAssembly Training = new("FaceAlign3D.Training", "FACEALIGN3D_TRAINING", "training", Path.Combine("net10.0", "linux-x64"));
    public static readonly PluginAssembly Cluster = new("FaceAlign3D.Cluster", "FACEALIGN3D_CLUSTER", "cluster", "net10.0");

    /// <summary>
    /// The public static method <paramref name="type"/>.<paramref name="method"/>, or null with the places searched
    /// (always null in the Native AOT build, which cannot load assemblies).
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only reached when dynamic code is supported; the plugin keeps its own dependencies.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The entry points are public static methods the plugin's own build keeps.")]
    public MethodInfo? TryLoad(string type, string method, out string searched)
    {
        searched = "";
        if (!RuntimeFeature.IsDynamicCodeSupported) return null;
        var candidates = Candidates().ToArray();
        searched = string.Join(", ", candidates);
        string? path = candidates.Select(folder => Path.Combine(folder, Name + ".dll")).FirstOrDefault(File.Exists);
        if (path is null) return null;
        var assembly = new LoadContext(Name, path).LoadFromAssemblyPath(path);
        return assembly.GetType($"{Name}.{type}")?.GetMethod(method)
            ?? throw new InvalidDataException($"{path} has no {Name}.{type}.{method}");
    }

    /// <summary>The one-line error when the assembly is not found.</summary>
    public string Missing(string searched) => !RuntimeFeature.IsDynamicCodeSupported
        ? $"this command needs {Name}, which the native (AOT) build of facealign cannot load; run it with the .NET tool or `dotnet run --project src/FaceAlign3D.Cli`"
        : $"this command needs the {Name} build (dotnet build src/{Name} -c Release) or {EnvironmentVariable}=<its folder>; looked in {searched}";

    private IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured) yield return configured;
        yield return Path.Combine(AppContext.BaseDirectory, Folder);
        if (ModelStore.FindRepositoryRoot(AppContext.BaseDirectory) is { } root)
            foreach (var configuration in new[] { "Release", "Debug" })
                yield return Path.Combine(root, "src", Name, "bin", configuration, BuildSubfolder);
    }

    /// <summary>The core library is shared with the tool; everything else comes from the plugin's folder.</summary>
    private sealed class LoadContext(string name, string assemblyPath) : AssemblyLoadContext(name)
    {
        private readonly AssemblyDependencyResolver _resolver = new(assemblyPath);

        [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only created when dynamic code is supported.")]
        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name == "FaceAlign3D") return null;
            return _resolver.ResolveAssemblyToPath(name) is { } path ? LoadFromAssemblyPath(path) : null;
        }

        protected override IntPtr LoadUnmanagedDll(string name) =>
            _resolver.ResolveUnmanagedDllToPath(name) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
    }
}
