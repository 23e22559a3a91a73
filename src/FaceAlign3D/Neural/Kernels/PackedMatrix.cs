namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// A row-major M x K matrix (weights) repacked at load time into panels of <see cref="PanelRows"/> rows,
/// k-major inside a panel, so the GEMM micro-kernel reads its broadcast operands sequentially.
/// Rows past M in the last panel are zero, and an odd panel count is followed by one more zero panel, so the
/// 8-row block of <see cref="Gemm"/> can always read two panels.
/// </summary>
internal sealed class PackedMatrix
{
    public const int PanelRows = 4;

    private PackedMatrix(int rows, int depth, float[] data)
    {
        Rows = rows;
        Depth = depth;
        Data = data;
    }

    public int Rows { get; }
    public int Depth { get; }
    public int Panels => (Rows + PanelRows - 1) / PanelRows;
    public float[] Data { get; }

    /// <summary>Packs rows [rowStart, rowStart+rows) of a row-major matrix with <paramref name="depth"/> columns.</summary>
    public static PackedMatrix Pack(ReadOnlySpan<float> source, int rowStart, int rows, int depth)
    {
        int panels = (rows + PanelRows - 1) / PanelRows;
        var data = new float[(panels + panels % 2) * PanelRows * depth];
        for (int r = 0; r < rows; r++)
        {
            var row = source.Slice((rowStart + r) * depth, depth);
            int panel = r / PanelRows, lane = r % PanelRows;
            int baseIndex = panel * PanelRows * depth + lane;
            for (int k = 0; k < depth; k++)
                data[baseIndex + k * PanelRows] = row[k];
        }
        return new PackedMatrix(rows, depth, data);
    }
}
