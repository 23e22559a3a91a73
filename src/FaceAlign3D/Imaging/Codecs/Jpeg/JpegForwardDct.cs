namespace FaceAlign3D.Imaging.Codecs.Jpeg;

/// <summary>Separable 8x8 forward DCT-II (T.81 A.3.3) in floating point, followed by quantisation.</summary>
internal static class JpegForwardDct
{
    // Basis[u * 8 + x] = C(u)/2 * cos((2x + 1) u pi / 16)
    private static readonly float[] Basis = CreateBasis();

    private static float[] CreateBasis()
    {
        var basis = new float[64];
        for (int u = 0; u < 8; u++)
            for (int x = 0; x < 8; x++)
                basis[u * 8 + x] = (float)((u == 0 ? Math.Sqrt(0.5) : 1.0) / 2 * Math.Cos((2 * x + 1) * u * Math.PI / 16));
        return basis;
    }

    /// <summary>
    /// Transforms level-shifted samples (natural order) and writes quantised coefficients in zig-zag order.
    /// </summary>
    public static void TransformAndQuantise(ReadOnlySpan<float> samples, ReadOnlySpan<int> quant, Span<short> zigzagOut)
    {
        Span<float> rows = stackalloc float[64];
        var basis = Basis;
        for (int y = 0; y < 8; y++)
            for (int u = 0; u < 8; u++)
            {
                float s = 0;
                for (int x = 0; x < 8; x++)
                    s += basis[u * 8 + x] * samples[y * 8 + x];
                rows[y * 8 + u] = s;
            }
        ReadOnlySpan<byte> zigzag = JpegTables.ZigZagToNatural;
        Span<float> coefficients = stackalloc float[64];
        for (int v = 0; v < 8; v++)
            for (int u = 0; u < 8; u++)
            {
                float s = 0;
                for (int y = 0; y < 8; y++)
                    s += basis[v * 8 + y] * rows[y * 8 + u];
                coefficients[v * 8 + u] = s;
            }
        for (int k = 0; k < 64; k++)
        {
            int n = zigzag[k];
            zigzagOut[k] = (short)MathF.Round(coefficients[n] / quant[n], MidpointRounding.AwayFromZero);
        }
    }
}
