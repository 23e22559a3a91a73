using System.Collections.Concurrent;
using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Server.Work;

/// <summary>
/// The application layer as the server shares it: one <see cref="FaceToolkit"/> per aligner and detector choice,
/// opened on first use and kept (each grows its own pool of analyzers, one per concurrent request), all sharing
/// one face model and its fitters, so the ICT model is loaded once.
/// </summary>
public sealed class Toolkits : IDisposable
{
    private readonly ConcurrentDictionary<AnalyzerOptions, Lazy<FaceToolkit>> _open = new();
    private readonly Lazy<FaceFitting> _fitting;

    public Toolkits(ModelStore store)
    {
        Store = store;
        _fitting = new Lazy<FaceFitting>(() => FaceFitting.Load(store));
    }

    public ModelStore Store { get; }

    /// <summary>The ICT model and its fitters every toolkit uses, loaded on first use.</summary>
    public FaceFitting Fitting => _fitting.Value;

    public FaceToolkit For(AnalyzerOptions options) =>
        _open.GetOrAdd(options, o => new Lazy<FaceToolkit>(() => FaceToolkit.Open(Store, o, analyzers: 0, fitting: () => _fitting.Value))).Value;

    public void Dispose()
    {
        foreach (var toolkit in _open.Values.Where(t => t.IsValueCreated))
            toolkit.Value.Dispose();
    }
}
