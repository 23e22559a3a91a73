namespace FaceAlign3D.Evaluation.Metrics;

/// <summary>
/// Which indices of a landmark layout play which role in the metrics: the outer eye corners
/// (inter-ocular normaliser), the points whose mean is each eye centre (inter-pupil normaliser),
/// and the contour / inner split.
/// </summary>
internal sealed class LandmarkScheme
{
    public LandmarkScheme(string name, int count, int outerCornerA, int outerCornerB,
        int[] firstEye, int[] secondEye, int[] contour)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(firstEye);
        ArgumentNullException.ThrowIfNull(secondEye);
        ArgumentNullException.ThrowIfNull(contour);
        int[] all = [outerCornerA, outerCornerB, .. firstEye, .. secondEye, .. contour];
        if (count <= 0 || all.Any(i => i < 0 || i >= count))
            throw new ArgumentException($"{name}: an index is outside 0..{count - 1}");
        Name = name;
        Count = count;
        OuterCorners = (outerCornerA, outerCornerB);
        FirstEye = firstEye;
        SecondEye = secondEye;
        Contour = contour;
        var contourSet = contour.ToHashSet();
        Inner = Enumerable.Range(0, count).Where(i => !contourSet.Contains(i)).ToArray();
    }

    /// <summary>The 68-point iBUG / 300-W layout: contour 0-16, inner 17-67, outer eye corners 36 and 45.</summary>
    public static LandmarkScheme Ibug68 { get; } = new("ibug68", 68, 36, 45,
        [36, 37, 38, 39, 40, 41], [42, 43, 44, 45, 46, 47], [.. Enumerable.Range(0, 17)]);

    /// <summary>The 98-point WFLW layout: contour 0-32, outer eye corners 60 and 72, pupils 96 and 97.</summary>
    public static LandmarkScheme Wflw98 { get; } = new("wflw98", 98, 60, 72,
        [96], [97], [.. Enumerable.Range(0, 33)]);

    public string Name { get; }
    public int Count { get; }
    public (int A, int B) OuterCorners { get; }

    /// <summary>Indices averaged to get the first eye centre (a single pupil point where annotated).</summary>
    public IReadOnlyList<int> FirstEye { get; }

    public IReadOnlyList<int> SecondEye { get; }
    public IReadOnlyList<int> Contour { get; }
    public IReadOnlyList<int> Inner { get; }

    /// <summary>The known scheme for a landmark count, or null.</summary>
    public static LandmarkScheme? ForCount(int count) => count switch
    {
        68 => Ibug68,
        98 => Wflw98,
        _ => null,
    };
}
