using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign3D.Imaging.Codecs.Png;

/// <summary>The five PNG row filters (None, Sub, Up, Average, Paeth), both directions.</summary>
internal static class PngFilters
{
    public const int Count = 5;

    /// <summary>
    /// Reverses filter <paramref name="type"/> in place. <paramref name="prior"/> is the previous unfiltered
    /// row of the same pass (all zeros for the first row); <paramref name="step"/> the bytes per complete pixel (at least 1).
    /// Returns false for an unknown filter type.
    /// </summary>
    public static bool Unfilter(int type, Span<byte> row, ReadOnlySpan<byte> prior, int step)
    {
        if (prior.Length < row.Length || step < 1)
            throw new ArgumentException("the prior row must be at least as long as the row, and the step positive");
        switch (type)
        {
            case 0:
                return true;
            case 1:
                UnfilterSub(row, step);
                return true;
            case 2:
                AddInPlace(row, prior);
                return true;
            case 3:
                UnfilterAverage(row, prior, step);
                return true;
            case 4:
                UnfilterPaeth(row, prior, step);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Writes <paramref name="row"/> filtered with <paramref name="type"/> into <paramref name="output"/> (same length).</summary>
    public static void Filter(int type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int step, Span<byte> output)
    {
        int n = row.Length;
        switch (type)
        {
            case 0:
                row.CopyTo(output);
                break;
            case 1:
                for (int i = 0; i < n; i++)
                    output[i] = (byte)(row[i] - (i >= step ? row[i - step] : 0));
                break;
            case 2:
                for (int i = 0; i < n; i++)
                    output[i] = (byte)(row[i] - prior[i]);
                break;
            case 3:
                for (int i = 0; i < n; i++)
                    output[i] = (byte)(row[i] - (((i >= step ? row[i - step] : 0) + prior[i]) >> 1));
                break;
            case 4:
                for (int i = 0; i < n; i++)
                {
                    byte predictor = i >= step ? Paeth(row[i - step], prior[i], prior[i - step]) : prior[i];
                    output[i] = (byte)(row[i] - predictor);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "PNG filter types are 0-4");
        }
    }

    /// <summary>The usual filter-choice heuristic: bytes read as signed values, smallest sum of magnitudes.</summary>
    public static long SumOfAbsoluteSigned(ReadOnlySpan<byte> filtered)
    {
        long sum = 0;
        foreach (byte b in filtered)
            sum += b < 128 ? b : 256 - b;
        return sum;
    }

    // The reverse filters carry a dependency from byte i - step to byte i, so they run over raw pointers
    // to keep bounds checks out of the loop; Unfilter has checked prior.Length >= row.Length.
    private static unsafe void UnfilterSub(Span<byte> row, int step)
    {
        fixed (byte* r = row)
        {
            for (int i = step; i < row.Length; i++)
                r[i] += r[i - step];
        }
    }

    private static unsafe void UnfilterAverage(Span<byte> row, ReadOnlySpan<byte> prior, int step)
    {
        fixed (byte* r = row, p = prior)
        {
            int n = row.Length, i = 0;
            for (; i < step && i < n; i++)
                r[i] += (byte)(p[i] >> 1);
            for (; i < n; i++)
                r[i] += (byte)((r[i - step] + p[i]) >> 1);
        }
    }

    private static unsafe void UnfilterPaeth(Span<byte> row, ReadOnlySpan<byte> prior, int step)
    {
        fixed (byte* r = row, p = prior)
        {
            int n = row.Length, i = 0;
            for (; i < step && i < n; i++)
                r[i] += p[i];
            if (step is >= 3 and <= 8 && n % step == 0 && Vector128.IsHardwareAccelerated)
            {
                UnfilterPaethPixels(r, p, n, step);
                return;
            }
            for (; i < n; i++)
            {
                int left = r[i - step], above = p[i], upperLeft = p[i - step];
                int distLeft = Math.Abs(above - upperLeft), distAbove = Math.Abs(left - upperLeft);
                int distUpperLeft = Math.Abs(left + above - 2 * upperLeft);
                // Same tie-breaking as Paeth(): left, then above, then upper-left.
                int predictor = left;
                if (distAbove < distLeft) { predictor = above; distLeft = distAbove; }
                if (distUpperLeft < distLeft) predictor = upperLeft;
                r[i] += (byte)predictor;
            }
        }
    }

    /// <summary>Paeth over whole pixels of 3 to 8 bytes, all channels at once in 16-bit lanes (first pixel already done).</summary>
    private static unsafe void UnfilterPaethPixels(byte* row, byte* prior, int length, int step)
    {
        var byteMask = Vector128.Create((short)0xFF);
        Vector128<short> left = LoadPixel(row, step), upperLeft = LoadPixel(prior, step);
        for (int offset = step; offset < length; offset += step)
        {
            var above = LoadPixel(prior + offset, step);
            var distLeft = Vector128.Abs(above - upperLeft);
            var distAbove = Vector128.Abs(left - upperLeft);
            var distUpperLeft = Vector128.Abs(left + above - upperLeft - upperLeft);
            var predictor = Vector128.ConditionalSelect(Vector128.LessThan(distAbove, distLeft), above, left);
            var nearest = Vector128.Min(distLeft, distAbove);
            predictor = Vector128.ConditionalSelect(Vector128.LessThan(distUpperLeft, nearest), upperLeft, predictor);
            left = (LoadPixel(row + offset, step) + predictor) & byteMask;
            StorePixel(row + offset, left, step);
            upperLeft = above;
        }
    }

    private static unsafe Vector128<short> LoadPixel(byte* source, int step)
    {
        ulong bytes = 0;
        Unsafe.CopyBlockUnaligned(&bytes, source, (uint)step);
        return Vector128.WidenLower(Vector128.CreateScalar(bytes).AsByte()).AsInt16();
    }

    private static unsafe void StorePixel(byte* target, Vector128<short> pixel, int step)
    {
        ulong bytes = Vector128.Narrow(pixel.AsUInt16(), pixel.AsUInt16()).AsUInt64().ToScalar();
        Unsafe.CopyBlockUnaligned(target, &bytes, (uint)step);
    }

    private static byte Paeth(byte left, byte above, byte upperLeft)
    {
        int p = left + above - upperLeft;
        int pa = Math.Abs(p - left), pb = Math.Abs(p - above), pc = Math.Abs(p - upperLeft);
        if (pa <= pb && pa <= pc)
            return left;
        return pb <= pc ? above : upperLeft;
    }

    private static void AddInPlace(Span<byte> row, ReadOnlySpan<byte> prior)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= row.Length - Vector<byte>.Count; i += Vector<byte>.Count)
                (new Vector<byte>(row[i..]) + new Vector<byte>(prior[i..])).CopyTo(row[i..]);
        }
        for (; i < row.Length; i++)
            row[i] += prior[i];
    }
}
