namespace FaceAlign3D.Synthesis;

/// <summary>
/// Fills unknown pixels of an RGB float image from the known ones by push-pull: known pixels are averaged down a
/// pyramid until every level is covered, then coarse values are pushed back into the holes. Smooth, hole-free,
/// linear in the pixel count. Keeps its pyramid between calls, so repeated fills of one size allocate nothing; not
/// thread-safe.
/// </summary>
internal sealed class PushPullInpainting
{
    private readonly List<(float[] Rgb, float[] Known)> _levels = [];

    /// <param name="rgb">3 values per pixel; unknown pixels are overwritten.</param>
    /// <param name="known">1 where a pixel is known (weights in [0, 1] are allowed), 0 where it must be filled.</param>
    /// <param name="width">image width in pixels.</param>
    /// <param name="height">image height in pixels.</param>
    public void Fill(Span<float> rgb, ReadOnlySpan<float> known, int width, int height)
    {
        if (rgb.Length != 3 * width * height || known.Length != width * height)
            throw new ArgumentException("the image and the mask must match the size");
        Fill(rgb, known, width, height, 0);
    }

    private void Fill(Span<float> rgb, ReadOnlySpan<float> known, int width, int height, int level)
    {
        if (width <= 1 && height <= 1)
            return;
        int w2 = (width + 1) / 2, h2 = (height + 1) / 2;
        if (_levels.Count == level)
            _levels.Add(([], []));
        if (_levels[level].Known.Length < w2 * h2)
            _levels[level] = (new float[3 * w2 * h2], new float[w2 * h2]);
        var coarse = _levels[level].Rgb.AsSpan(0, 3 * w2 * h2);
        var coarseKnown = _levels[level].Known.AsSpan(0, w2 * h2);
        coarse.Clear();
        coarseKnown.Clear();
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x, j = (y / 2) * w2 + x / 2;
                float w = known[i];
                coarseKnown[j] += w;
                for (int c = 0; c < 3; c++)
                    coarse[3 * j + c] += w * rgb[3 * i + c];
            }
        }
        bool anyKnown = false;
        for (int j = 0; j < coarseKnown.Length; j++)
        {
            if (coarseKnown[j] <= 0)
                continue;
            anyKnown = true;
            for (int c = 0; c < 3; c++)
                coarse[3 * j + c] /= coarseKnown[j];
            coarseKnown[j] = 1;
        }
        if (!anyKnown)
            return;
        if (w2 < width || h2 < height)
            Fill(coarse, coarseKnown, w2, h2, level + 1);
        for (int y = 0; y < height; y++)
        {
            // Bilinear from the coarse level (pixel centres at (2j + 0.5)), so filled regions carry no block edges.
            float cy = Math.Clamp((y - 0.5f) / 2, 0, h2 - 1);
            int y0 = (int)cy, y1 = Math.Min(y0 + 1, h2 - 1);
            float ay = cy - y0;
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                float w = Math.Clamp(known[i], 0, 1);
                if (w >= 1)
                    continue;
                float cx = Math.Clamp((x - 0.5f) / 2, 0, w2 - 1);
                int x0 = (int)cx, x1 = Math.Min(x0 + 1, w2 - 1);
                float ax = cx - x0;
                for (int c = 0; c < 3; c++)
                {
                    float top = coarse[3 * (y0 * w2 + x0) + c] * (1 - ax) + coarse[3 * (y0 * w2 + x1) + c] * ax;
                    float bottom = coarse[3 * (y1 * w2 + x0) + c] * (1 - ax) + coarse[3 * (y1 * w2 + x1) + c] * ax;
                    rgb[3 * i + c] = w * rgb[3 * i + c] + (1 - w) * (top * (1 - ay) + bottom * ay);
                }
            }
        }
    }
}
