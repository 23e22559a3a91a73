using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Tests.Architecture;

/// <summary>
/// The library is internal by default: its public types are exactly those listed in docs/public-api.txt (the facade,
/// its settings and results, the formats and exceptions a user meets), so widening the surface is a visible choice.
/// </summary>
public class PublicSurfaceTests
{
    [Fact]
    public void PublicTypesAreTheListedOnes()
    {
        var exported = typeof(FaceToolkit).Assembly.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal).ToList();
        string path = Path.Combine(NamespaceDependencies.RepositoryRoot, "docs", "public-api.txt");
        var listed = File.ReadAllLines(path).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();
        Assert.True(listed.SequenceEqual(exported),
            $"the public types differ from docs/public-api.txt; added: {string.Join(", ", exported.Except(listed))}; removed: {string.Join(", ", listed.Except(exported))}");
    }
}
