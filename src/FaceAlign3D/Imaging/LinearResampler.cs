using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign3D.Imaging;

/// <summary>
/// OpenCV's 8-bit INTER_LINEAR resize: separable, 11-bit fixed-point weights, a horizontal pass into int rows (gathers)
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

        var taps = new HorizontalTaps(rowLength);
        for (int dx = 0; dx < dw; dx++)
        {
            var (sx, fx) = SourcePosition(dx, scales.X, scales.InvX, scales.AreaMode);
            if (sx < 0) { sx = 0; fx = 0; }
            if (sx >= box.Width - 1) { sx = box.Width - 1; fx = 0; }
            int w0 = Weight(1f - fx), w1 = Weight(fx);
            int x0 = box.X1 + sx, x1 = box.X1 + Math.Min(sx + 1, box.Width - 1);
            // Taps falling outside the image read zeros, which a zero weight reproduces.
            bool in0 = (uint)x0 < (uint)source.Width, in1 = (uint)x1 < (uint)source.Width;
            for (int k = 0; k < cn; k++)
                taps.Set(dx * cn + k, in0 ? x0 * cn + k : 0, in1 ? x1 * cn + k : 0, in0 ? w0 : 0, in1 ? w1 : 0);
        }
        taps.FindGatherSafePrefix(source.Width * cn);

        var rows = new RowCache(source, rowLength, (src, dst) => Horizontal(src, dst, taps));
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

    /// <summary>
    /// Per element of a destination row (pixel and channel): the byte offsets of its two source taps in a
    /// source row and their weights, and how many leading elements a 4-byte gather may read without passing the row's end.
    /// </summary>
    private sealed class HorizontalTaps(int length)
    {
        public readonly int[] Offset0 = new int[length], Offset1 = new int[length], Weight0 = new int[length], Weight1 = new int[length];
        public int GatherSafe { get; private set; }

        public void Set(int i, int offset0, int offset1, int weight0, int weight1)
        {
            Offset0[i] = offset0;
            Offset1[i] = offset1;
            Weight0[i] = weight0;
            Weight1[i] = weight1;
        }

        public void FindGatherSafePrefix(int rowBytes)
        {
            int safe = 0;
            while (safe < Offset0.Length && Offset0[safe] + 4 <= rowBytes && Offset1[safe] + 4 <= rowBytes)
                safe++;
            GatherSafe = safe;
        }
    }

    /// <summary>dst[i] = src[Offset0[i]] * Weight0[i] + src[Offset1[i]] * Weight1[i]: 8 elements per pair of AVX2 gathers, then scalar.</summary>
    private static unsafe void Horizontal(ReadOnlySpan<byte> row, Span<int> dst, HorizontalTaps taps)
    {
        int n = taps.Offset0.Length, i = 0;
        fixed (byte* src = row)
        fixed (int* d = dst, o0 = taps.Offset0, o1 = taps.Offset1, w0 = taps.Weight0, w1 = taps.Weight1)
        {
            if (Avx2.IsSupported)
            {
                var lowByte = Vector256.Create(0xFF);
                for (; i + 8 <= taps.GatherSafe; i += 8)
                {
                    var a = Avx2.GatherVector256((int*)src, Avx.LoadVector256(o0 + i), 1) & lowByte;
                    var b = Avx2.GatherVector256((int*)src, Avx.LoadVector256(o1 + i), 1) & lowByte;
                    (a * Avx.LoadVector256(w0 + i) + b * Avx.LoadVector256(w1 + i)).Store(d + i);
                }
            }
            for (; i < n; i++)
                d[i] = src[o0[i]] * w0[i] + src[o1[i]] * w1[i];
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
