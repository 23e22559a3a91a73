using System.Globalization;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;

namespace FaceAlign3D.Pipeline;

/// <summary>
/// How a fit weighs each landmark (1/sigma^2 in the energy, FlowFace eq 13): the aligner's predicted per-landmark
/// sigmas when it has them (<see cref="Auto"/>, the default), one sigma of 1.5% of the landmark box diagonal for
/// every point (<see cref="Uniform"/>), or one given number of pixels.
/// </summary>
public sealed record LandmarkSigma
{
    private LandmarkSigma(double? pixels, bool predicted)
    {
        Pixels = pixels;
        Predicted = predicted;
    }

    /// <summary>The aligner's predicted sigmas when the face has them, else uniform.</summary>
    public static LandmarkSigma Auto { get; } = new(null, true);

    /// <summary>One sigma for every landmark: 1.5% of the landmark box diagonal, predictions ignored.</summary>
    public static LandmarkSigma Uniform { get; } = new(null, false);

    /// <summary>One sigma of <paramref name="pixels"/> for every landmark.</summary>
    /// <exception cref="ArgumentOutOfRangeException">not a positive finite number.</exception>
    public static LandmarkSigma Fixed(double pixels) =>
        pixels > 0 && double.IsFinite(pixels) ? new(pixels, false) : throw new ArgumentOutOfRangeException(nameof(pixels), pixels, "a sigma must be a positive number of pixels");

    /// <summary>A fixed sigma in pixels, or null for the automatic uniform one.</summary>
    public double? Pixels { get; }

    /// <summary>Whether predicted per-landmark sigmas are used when present.</summary>
    public bool Predicted { get; }

    /// <summary>"auto", "uniform" or a positive number of pixels (the command-line spelling).</summary>
    /// <exception cref="ArgumentException">anything else.</exception>
    public static LandmarkSigma Parse(string text) =>
        text.Equals("auto", StringComparison.OrdinalIgnoreCase) ? Auto
        : text.Equals("uniform", StringComparison.OrdinalIgnoreCase) ? Uniform
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0 && double.IsFinite(s) ? Fixed(s)
        : throw new ArgumentException($"sigma '{text}' is neither auto, uniform nor a positive number of pixels");

    /// <summary>The observation of <paramref name="points"/> under this choice; <paramref name="predicted"/> are the aligner's sigmas (pixels), if any.</summary>
    internal LandmarkObservation Observe(Point2[] points, IReadOnlyList<float>? predicted) =>
        Predicted && predicted is not null && predicted.Count == points.Length
            ? new LandmarkObservation(points, predicted.Select(s => (double)s).ToArray())
            : LandmarkObservation.WithUniformSigma(points, Pixels);
}
