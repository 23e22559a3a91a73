namespace FaceAlign3D.Models;

/// <summary>A model's files were not found in any of the places the <see cref="ModelStore"/> looks.</summary>
public sealed class ModelNotFoundException : Exception
{
    public ModelNotFoundException(string modelId, IReadOnlyList<string> missingFiles, IReadOnlyList<string> placesLooked, string howToGet)
        : base($"model '{modelId}' was not found: looked for {string.Join(", ", missingFiles)} in "
               + (placesLooked.Count == 0 ? "no folder (none of the search folders exists)" : string.Join("; ", placesLooked))
               + $". To get it: {howToGet}.")
    {
        ModelId = modelId;
        PlacesLooked = placesLooked;
        HowToGet = howToGet;
    }

    public string ModelId { get; }
    public IReadOnlyList<string> PlacesLooked { get; }
    public string HowToGet { get; }
}
