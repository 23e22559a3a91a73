using FaceAlign3D.Detection;

namespace FaceAlign3D.Pipeline;

/// <summary>A model opened by an engine: the function detectors and aligners call, and the sessions it owns.</summary>
public interface INetwork : IDisposable
{
    NetworkFunction Function { get; }
}

/// <summary>
/// Opens model files as networks. The toolkit's own managed engine is the default
/// (<see cref="ManagedNetworkEngine"/>); other engines live in their own assemblies and plug in through
/// <see cref="AnalyzerOptions.Engine"/>.
/// </summary>
public interface INetworkEngine
{
    /// <summary>Short name shown in reports (for example "managed").</summary>
    string Name { get; }

    /// <summary>Opens one single-input model file; <paramref name="threads"/> is the parallelism of one run.</summary>
    INetwork Open(string modelPath, int threads);
}
