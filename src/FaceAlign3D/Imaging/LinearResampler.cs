using System.Runtime.Intrinsics;

namespace FaceAlign3D.Imaging;

/// <summary>
/// OpenCV's 8-bit INTER_LINEAR resize: separable, 11-bit fixed-point weights, a horizontal pass into int rows
/// and a vertical pass in OpenCV's 16-bit arithmetic (its SIMD kernel and its uchar scalar path agree on it).
/// </summary>
internal static class LinearResampler
{
    private const int CoefBits = 11;
    private const int CoefScale = 1 << CoefBits;

    /// <summary>Per-axis scale (source/destination) and its inverse as OpenCV computes them; AreaMode selects INTER_AREA's enlarging weights.</summary>
    public readonly record struct Scales(double X, double InvX, double Y, double InvY, bool AreaMode);

    public static void Run(Image source, PixelBox box, Image destination, Scales scales)
    {
        int cn = source.Channels;
        int dw = destination.Width, dh = destination.Height;
        int rowLength = dw * cn;

        // Horizontal taps: byte offsets of the two source pixels in a real source row, and their weights.
        // Taps falling outside the image read zeros, which a zero weight reproduces.
        var xOffset0 = new int[dw];
        var xOffset1 = new int[dw];
        var xWeight0 = new int[dw];
        var xWeight1 = new int[dw];
        for (int dx = 0; dx < dw; dx++)
        {
            var (sx, fx) = SourcePosition(dx, scales.X, scales.InvX, scales.AreaMode);
            if (sx < 0) { sx = 0; fx = 0; }
            if (sx >= box.Width - 1) { sx = box.Width - 1; fx = 0; }
            int w0 = Weight(1f - fx), w1 = Weight(fx);
            int x0 = box.X1 + sx, x1 = box.X1 + Math.Min(sx + 1, box.Width - 1);
            bool in0 = (uint)x0 < (uint)source.Width, in1 = (uint)x1 < (uint)source.Width;
            xOffset0[dx] = in0 ? x0 * cn : 0;
            xOffset1[dx] = in1 ? x1 * cn : 0;
            xWeight0[dx] = in0 ? w0 : 0;
            xWeight1[dx] = in1 ? w1 : 0;
        }

        var rows = new RowCache(source, rowLength, (src, dst) => Horizontal(src, dst, cn, xOffset0, xOffset1, xWeight0, xWeight1));
        for (int dy = 0; dy < dh; dy++)
        {
            var (sy, fy) = SourcePosition(dy, scales.Y, scales.InvY, scales.AreaMode);
            int b0 = Weight(1f - fy), b1 = Weight(fy);
            int y0 = ToImageRow(ClampRow(sy, box.Height), box, source.Height);
            int y1 = ToImageRow(ClampRow(sy + 1, box.Height), box, source.Height);
            var (h0, h1) = rows.Get(y0, y1);
            Vertical(h0, h1, b0, b1, destination.Row(dy));
        }
    }

    /// <summary>Source index and fraction for destination index <paramref name="d"/>, in OpenCV's float arithmetic.</summary>
    private static (int Index, float Fraction) SourcePosition(int d, double scale, double invScale, bool areaMode)
    {
        if (!areaMode)
        {
            float f = (float)((d + 0.5) * scale - 0.5);
            int s = (int)MathF.Floor(f);
            return (s, f - s);
        }
        int si = (int)Math.Floor(d * scale);
        float fa = (float)((d + 1) - (si + 1) * invScale);
        fa = fa <= 0 ? 0f : fa - MathF.Floor(fa);
        return (si, fa);
    }

    private static int Weight(float coefficient) => (int)MathF.Round(coefficient * CoefScale, MidpointRounding.ToEven);

    private static int ClampRow(int y, int height) => y < 0 ? 0 : y >= height ? height - 1 : y;

    /// <summary>The image row under window row <paramref name="y"/>, or -1 when it lies outside the image (a zero row).</summary>
    private static int ToImageRow(int y, PixelBox box, int imageHeight)
    {
        int r = box.Y1 + y;
        return (uint)r < (uint)imageHeight ? r : -1;
    }

    private static unsafe void Horizontal(ReadOnlySpan<byte> row, Span<int> dst, int cn,
        int[] offset0, int[] offset1, int[] weight0, int[] weight1)
    {
        int n = offset0.Length;
        fixed (byte* src = row)
        fixed (int* d0 = dst, o0 = offset0, o1 = offset1, w0 = weight0, w1 = weight1)
        {
            int* d = d0;
            switch (cn)
            {
                case 1:
                    for (int dx = 0; dx < n; dx++)
                        d[dx] = src[o0[dx]] * w0[dx] + src[o1[dx]] * w1[dx];
                    break;
                case 3:
                    for (int dx = 0; dx < n; dx++, d += 3)
                    {
                        byte* p = src + o0[dx], q = src + o1[dx];
                        int a = w0[dx], b = w1[dx];
                        d[0] = p[0] * a + q[0] * b;
                        d[1] = p[1] * a + q[1] * b;
                        d[2] = p[2] * a + q[2] * b;
                    }
                    break;
                default:
                    for (int dx = 0; dx < n; dx++, d += 4)
                    {
                        byte* p = src + o0[dx], q = src + o1[dx];
                        int a = w0[dx], b = w1[dx];
                        d[0] = p[0] * a + q[0] * b;
                        d[1] = p[1] * a + q[1] * b;
                        d[2] = p[2] * a + q[2] * b;
                        d[3] = p[3] * a + q[3] * b;
                    }
                    break;
            }
        }
    }

    private static void Vertical(ReadOnlySpan<int> s0, ReadOnlySpan<int> s1, int b0, int b1, Span<byte> dst)
    {
        int n = dst.Length;
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vb0 = Vector256.Create(b0);
            var vb1 = Vector256.Create(b1);
            var two = Vector256.Create(2);
            var max = Vector256.Create(255);
            for (; x + 16 <= n; x += 16)
            {
                var lo = SimdRound(Vector256.Create(s0.Slice(x, 8)), Vector256.Create(s1.Slice(x, 8)), vb0, vb1, two, max);
                var hi = SimdRound(Vector256.Create(s0.Slice(x + 8, 8)), Vector256.Create(s1.Slice(x + 8, 8)), vb0, vb1, two, max);
                var shorts = Vector256.Narrow(lo, hi).AsUInt16();
                Vector256.Narrow(shorts, shorts).GetLower().CopyTo(dst.Slice(x, 16));
            }
        }
        for (; x < n; x++)
        {
            int v = ((((s0[x] >> 4) * b0) >> 16) + (((s1[x] >> 4) * b1) >> 16) + 2) >> 2;
            dst[x] = (byte)Math.Clamp(v, 0, 255);
        }
    }

    /// <summary>((s0 &gt;&gt; 4) * b0 &gt;&gt; 16) + ((s1 &gt;&gt; 4) * b1 &gt;&gt; 16), rounded by 2 more bits, for 8 elements.</summary>
    private static Vector256<int> SimdRound(Vector256<int> s0, Vector256<int> s1, Vector256<int> b0, Vector256<int> b1, Vector256<int> two, Vector256<int> max)
    {
        var v = Vector256.ShiftRightArithmetic(Vector256.ShiftRightArithmetic(s0, 4) * b0, 16)
              + Vector256.ShiftRightArithmetic(Vector256.ShiftRightArithmetic(s1, 4) * b1, 16);
        v = Vector256.ShiftRightArithmetic(v + two, 2);
        return Vector256.Min(Vector256.Max(v, Vector256<int>.Zero), max);
    }

    /// <summary>Keeps the last two horizontally resampled source rows; destination rows walk the source top to bottom.</summary>
    private sealed class RowCache(Image source, int rowLength, Action<ReadOnlySpan<byte>, Span<int>> resample)
    {
        private readonly int[] zeros = new int[rowLength];
        private readonly int[][] buffers = [new int[rowLength], new int[rowLength]];
        private readonly int[] tags = [int.MinValue, int.MinValue];

        public (int[] Row0, int[] Row1) Get(int y0, int y1) => (Fetch(y0, y1), Fetch(y1, y0));

        private int[] Fetch(int y, int keep)
        {
            if (y < 0)
                return zeros;
            if (tags[0] == y) return buffers[0];
            if (tags[1] == y) return buffers[1];
            int slot = tags[0] == keep ? 1 : 0;
            resample(source.Row(y), buffers[slot]);
            tags[slot] = y;
            return buffers[slot];
        }
    }
}
