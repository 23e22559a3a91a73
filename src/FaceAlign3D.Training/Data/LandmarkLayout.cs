namespace FaceAlign3D.Training.Data;

/// <summary>
/// A landmark convention: its point count, the index permutation a horizontal flip applies, and how
/// its points derive from the 68 iBUG points (for losses on the regressed 68).
/// </summary>
public sealed class LandmarkLayout
{
    LandmarkLayout(string name, int[] flip, int[][] from68)
    {
        Name = name;
        FlipPermutation = flip;
        From68 = from68;
    }

    public string Name { get; }
    public int Count => FlipPermutation.Length;
    /// <summary>Point i of a mirrored face is point FlipPermutation[i] of the original.</summary>
    public int[] FlipPermutation { get; }
    /// <summary>For each point, the 68-point indices whose mean it is.</summary>
    public int[][] From68 { get; }

    /// <summary>iBUG 68 (300-W, AFLW2000-3D).</summary>
    public static LandmarkLayout Ibug68 { get; } = new("ibug68", Ibug68Flip(), Enumerable.Range(0, 68).Select(i => new[] { i }).ToArray());

    /// <summary>AFLW's 21 points with 3DDFA's ind_68to21 map (0-based).</summary>
    public static LandmarkLayout Aflw21 { get; } = new("aflw21",
        [5, 4, 3, 2, 1, 0, 11, 10, 9, 8, 7, 6, 16, 15, 14, 13, 12, 19, 18, 17, 20],
        [[17], [19], [21], [22], [24], [26], [36], [36, 37, 38, 39, 40, 41], [39], [42], [42, 43, 44, 45, 46, 47], [45],
         [2], [31], [30], [35], [14], [48], [60, 61, 62, 63, 64, 65, 66, 67], [54], [8]]);

    static int[] Ibug68Flip()
    {
        var flip = Enumerable.Range(0, 68).ToArray();
        void Swap(int a, int b) { flip[a] = b; flip[b] = a; }
        for (int i = 0; i < 8; i++) Swap(i, 16 - i);            // jaw
        for (int i = 0; i < 5; i++) Swap(17 + i, 26 - i);       // brows
        Swap(31, 35); Swap(32, 34);                             // nostrils
        Swap(36, 45); Swap(37, 44); Swap(38, 43); Swap(39, 42); Swap(40, 47); Swap(41, 46);   // eyes
        Swap(48, 54); Swap(49, 53); Swap(50, 52); Swap(55, 59); Swap(56, 58);                 // outer lip
        Swap(60, 64); Swap(61, 63); Swap(65, 67);                                             // inner lip
        return flip;
    }
}
