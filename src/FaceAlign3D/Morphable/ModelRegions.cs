namespace FaceAlign3D.Morphable;

/// <summary>Questions about a model's named vertex regions.</summary>
internal static class ModelRegions
{
    /// <summary>True when <paramref name="vertex"/> lies in the named region (false for a region the model does not have).</summary>
    public static bool InRegion(this IMorphableModel model, string region, int vertex) =>
        model.Regions.TryGetValue(region, out var range) && range.Contains(vertex);
}
