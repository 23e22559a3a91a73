namespace FaceAlign3D.Neural.Kernels;

/// <summary>Column-tile sizes that keep a K x tile block of B in the L2 cache.</summary>
internal static class GemmTiling
{
    private const int TargetFloats = 48 * 1024;

    public static int ColumnTile(int depth, int columns)
    {
        int tile = Math.Clamp(TargetFloats / Math.Max(1, depth), 64, 1024);
        tile -= tile % 32;
        return Math.Min(tile, columns);
    }
}
