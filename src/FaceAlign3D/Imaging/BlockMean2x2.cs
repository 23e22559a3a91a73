using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign3D.Imaging;

/// <summary>
/// One output row of a 2x2 block mean of 8-bit pixels, (a + b + c + d + 2) &gt;&gt; 2 per channel (OpenCV's
/// exact 2x shrink). Vectorised in two passes: the mean of every horizontally adjacent pixel pair over the two
/// rows (contiguous loads, whatever the channel count), then a byte permutation keeping the even pairs.
/// </summary>
internal static class BlockMean2x2
{
    /// <summary>
    /// <paramref name="destination"/>[dx*cn + k] = mean of pixels 2dx and 2dx+1, channel k, of both rows.
    /// <paramref name="pairMeans"/> is scratch of the source row's length.
    /// </summary>
    public static void Row(ReadOnlySpan<byte> top, ReadOnlySpan<byte> bottom, Span<byte> destination, int channels, Span<byte> pairMeans)
    {
        int n = destination.Length * 2;
        if (top.Length < n || bottom.Length < n || pairMeans.Length < n)
            throw new ArgumentException("rows shorter than twice the destination row");
        PairMeans(top, bottom, pairMeans, channels, n - channels);
        KeepEvenPairs(pairMeans[..n], destination, channels);
    }

    /// <summary>means[j] = (top[j] + top[j + cn] + bottom[j] + bottom[j + cn] + 2) &gt;&gt; 2 for j &lt; count.</summary>
    private static void PairMeans(ReadOnlySpan<byte> top, ReadOnlySpan<byte> bottom, Span<byte> means, int cn, int count)
    {
        ref byte t = ref MemoryMarshal.GetReference(top);
        ref byte b = ref MemoryMarshal.GetReference(bottom);
        ref byte m = ref MemoryMarshal.GetReference(means);
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var two = Vector256.Create((ushort)2);
            for (; j + Vector256<byte>.Count <= count; j += Vector256<byte>.Count)
            {
                var (t0l, t0h) = Vector256.Widen(Vector256.LoadUnsafe(ref t, (nuint)j));
                var (t1l, t1h) = Vector256.Widen(Vector256.LoadUnsafe(ref t, (nuint)(j + cn)));
                var (b0l, b0h) = Vector256.Widen(Vector256.LoadUnsafe(ref b, (nuint)j));
                var (b1l, b1h) = Vector256.Widen(Vector256.LoadUnsafe(ref b, (nuint)(j + cn)));
                var lo = Vector256.ShiftRightLogical(t0l + t1l + b0l + b1l + two, 2);
                var hi = Vector256.ShiftRightLogical(t0h + t1h + b0h + b1h + two, 2);
                Vector256.Narrow(lo, hi).StoreUnsafe(ref m, (nuint)j);
            }
        }
        for (; j < count; j++)
            Unsafe.Add(ref m, j) = (byte)((Unsafe.Add(ref t, j) + Unsafe.Add(ref t, j + cn) + Unsafe.Add(ref b, j) + Unsafe.Add(ref b, j + cn) + 2) >> 2);
    }

    /// <summary>For 1 to 4 channels: lane l of a block takes byte l / cn * 2cn + l % cn, for the lanes a block fills.</summary>
    private static readonly Vector512<byte>[] EvenPairIndex = [.. Enumerable.Range(1, 4).Select(cn =>
    {
        int outBlock = Vector512<byte>.Count / (2 * cn) * cn;
        return Vector512.Create(Enumerable.Range(0, Vector512<byte>.Count).Select(l => (byte)(l < outBlock ? l / cn * 2 * cn + l % cn : 0)).ToArray());
    })];

    /// <summary>destination[dx*cn + k] = means[2dx*cn + k]: 64-byte blocks of whole pixel pairs through one byte permutation.</summary>
    private static void KeepEvenPairs(ReadOnlySpan<byte> means, Span<byte> destination, int cn)
    {
        int pair = 2 * cn, o = 0, i = 0;
        if (Avx512Vbmi.IsSupported)
        {
            int inBlock = Vector512<byte>.Count / pair * pair, outBlock = inBlock / 2;
            var index = EvenPairIndex[cn - 1];
            ref byte src = ref MemoryMarshal.GetReference(means);
            ref byte dst = ref MemoryMarshal.GetReference(destination);
            // Each store writes 32 bytes of which outBlock are kept; the next block overwrites the rest.
            for (; i + Vector512<byte>.Count <= means.Length && o + Vector256<byte>.Count <= destination.Length; i += inBlock, o += outBlock)
                Avx512Vbmi.PermuteVar64x8(Vector512.LoadUnsafe(ref src, (nuint)i), index).GetLower().StoreUnsafe(ref dst, (nuint)o);
        }
        for (; o < destination.Length; o++)
            destination[o] = means[o / cn * pair + o % cn];
    }
}
