namespace FaceAlign3D.Pipeline;

/// <summary>The sessions a predictor owns, released together.</summary>
internal sealed class OwnedResources(params IDisposable[] items) : IDisposable
{
    public void Dispose()
    {
        foreach (var item in items) item.Dispose();
    }
}
