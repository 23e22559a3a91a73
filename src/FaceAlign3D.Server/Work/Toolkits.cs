using System.Collections.Concurrent;
using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Server.Work;

/// <summary>
/// The application layer as the server shares it: one <see cref="FaceToolkit"/> per aligner and detector choice,
/// opened on first use and kept (each grows its own pool of analyzers, one per concurrent request), and the
/// default toolkit's face model for every fit, so the ICT model is loaded once.
/// </summary>
public sealed class Toolkits(ModelStore store) : IDisposable
{
    private readonly ConcurrentDictionary<AnalyzerOptions, Lazy<FaceToolkit>> _open = new();

    public ModelStore Store { get; } = store;

    /// <summary>The toolkit of the default aligner and detector; its face model fits every request's faces.</summary>
    public FaceToolkit Default => For(new AnalyzerOptions());

    public FaceToolkit For(AnalyzerOptions options) =>
        _open.GetOrAdd(options, o => new Lazy<FaceToolkit>(() => FaceToolkit.Open(Store, o, analyzers: 0))).Value;

    public void Dispose()
    {
        foreach (var toolkit in _open.Values.Where(t => t.IsValueCreated))
            toolkit.Value.Dispose();
    }
}
