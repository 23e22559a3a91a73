namespace FaceAlign3D.Imaging;

/// <summary>OpenCV's INTER_AREA shrinking for 8-bit images: block means for integer factors, else area-weighted sums in float.</summary>
internal static class AreaResampler
{
    /// <summary>Each output pixel is the mean of a factorX x factorY block; 2x2 rounds half up (<see cref="BlockMean2x2"/>), others half to even (as OpenCV).</summary>
    public static void IntegerFactor(Image source, PixelBox box, Image destination, int factorX, int factorY)
    {
        int cn = source.Channels;
        int dw = destination.Width, rowLength = dw * cn;
        var window = new byte[box.Width * cn];
        if (factorX == 2 && factorY == 2)
        {
            var second = new byte[window.Length];
            var pairMeans = new byte[window.Length];
            for (int dy = 0; dy < destination.Height; dy++)
                BlockMean2x2.Row(EightBitImages.WindowRow(source, box, 2 * dy, window), EightBitImages.WindowRow(source, box, 2 * dy + 1, second),
                    destination.Row(dy), cn, pairMeans);
            return;
        }
        var sums = new int[rowLength];
        int area = factorX * factorY;
        float scale = 1f / area;
        for (int dy = 0; dy < destination.Height; dy++)
        {
            Array.Clear(sums);
            for (int j = 0; j < factorY; j++)
            {
                EightBitImages.ReadWindowRow(source, box, dy * factorY + j, window);
                for (int dx = 0, i = 0; dx < dw; dx++)
                {
                    int start = dx * factorX * cn;
                    for (int k = 0; k < cn; k++, i++)
                    {
                        int s = 0;
                        for (int t = 0; t < factorX; t++)
                            s += window[start + t * cn + k];
                        sums[i] += s;
                    }
                }
            }
            var row = destination.Row(dy);
            for (int i = 0; i < rowLength; i++)
                row[i] = SaturateRound(sums[i] * scale);
        }
    }

    /// <summary>Area-weighted mean with fractional cell edges, accumulated in float like OpenCV's ResizeArea_Invoker.</summary>
    public static void General(Image source, PixelBox box, Image destination, double scaleX, double scaleY)
    {
        int cn = source.Channels;
        int dw = destination.Width, rowLength = dw * cn;
        var xTaps = Taps(box.Width, dw, scaleX);
        var yTaps = Taps(box.Height, destination.Height, scaleY);
        var window = new byte[box.Width * cn];
        var horizontal = new float[rowLength];
        var sum = new float[rowLength];
        int previous = -1;
        foreach (var (dy, sy, beta) in yTaps)
        {
            EightBitImages.ReadWindowRow(source, box, sy, window);
            Array.Clear(horizontal);
            foreach (var (dx, sx, alpha) in xTaps)
            {
                for (int k = 0; k < cn; k++)
                    horizontal[dx * cn + k] += window[sx * cn + k] * alpha;
            }
            if (dy != previous)
            {
                if (previous >= 0)
                    Store(sum, destination.Row(previous));
                for (int i = 0; i < rowLength; i++)
                    sum[i] = beta * horizontal[i];
                previous = dy;
            }
            else
            {
                for (int i = 0; i < rowLength; i++)
                    sum[i] += beta * horizontal[i];
            }
        }
        Store(sum, destination.Row(previous));
    }

    private static void Store(float[] sum, Span<byte> row)
    {
        for (int i = 0; i < row.Length; i++)
            row[i] = SaturateRound(sum[i]);
    }

    private static byte SaturateRound(float v) => (byte)Math.Clamp((int)MathF.Round(v, MidpointRounding.ToEven), 0, 255);

    /// <summary>
    /// For each destination cell [d*scale, (d+1)*scale) the source samples it overlaps and the fraction of the
    /// cell each covers (OpenCV's computeResizeAreaTab, including its 1e-3 tolerance for slivers).
    /// </summary>
    private static List<(int Destination, int Source, float Weight)> Taps(int sourceSize, int destinationSize, double scale)
    {
        var taps = new List<(int, int, float)>(sourceSize * 2);
        for (int d = 0; d < destinationSize; d++)
        {
            double start = d * scale, end = start + scale;
            double cellWidth = Math.Min(scale, sourceSize - start);
            int first = (int)Math.Ceiling(start), last = (int)Math.Floor(end);
            last = Math.Min(last, sourceSize - 1);
            first = Math.Min(first, last);
            if (first - start > 1e-3)
                taps.Add((d, first - 1, (float)((first - start) / cellWidth)));
            for (int s = first; s < last; s++)
                taps.Add((d, s, (float)(1.0 / cellWidth)));
            if (end - last > 1e-3)
                taps.Add((d, last, (float)(Math.Min(Math.Min(end - last, 1.0), cellWidth) / cellWidth)));
        }
        return taps;
    }
}
