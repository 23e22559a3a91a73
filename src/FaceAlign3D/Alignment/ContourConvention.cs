namespace FaceAlign3D.Alignment;

/// <summary>Where the 68-point layout's jaw landmarks 0-16 lie on a turned face.</summary>
public enum ContourConvention
{
    /// <summary>
    /// Fixed model vertices, 3DDFA's convention (AFLW2000-3D's annotations follow it): on a turned face the far
    /// side's jaw points lie on the 3D jaw line, often hidden behind the cheek.
    /// </summary>
    Fixed,

    /// <summary>
    /// The far side's jaw points moved to the visible silhouette by landmark marching, the outline 2D annotators
    /// (300-W) draw. 3DDFA_V2 aligner only.
    /// </summary>
    Silhouette,
}

/// <summary>The command-line and JSON names of <see cref="ContourConvention"/>.</summary>
internal static class ContourConventions
{
    public static string Name(ContourConvention contour) => contour switch
    {
        ContourConvention.Fixed => "fixed",
        ContourConvention.Silhouette => "silhouette",
        _ => throw new ArgumentOutOfRangeException(nameof(contour)),
    };

    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<ContourConvention>().Select(Name).ToArray();

    /// <summary>The convention of a name (case-insensitive).</summary>
    public static ContourConvention Parse(string name)
    {
        foreach (var contour in Enum.GetValues<ContourConvention>())
            if (Name(contour).Equals(name, StringComparison.OrdinalIgnoreCase))
                return contour;
        throw new ArgumentException($"unknown contour '{name}' (available: {string.Join(", ", Names)})");
    }
}
