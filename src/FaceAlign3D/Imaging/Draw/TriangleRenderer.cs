namespace FaceAlign3D.Imaging.Draw;

/// <summary>A triangle corner: position in pixels, depth (smaller is nearer) and colour.</summary>
internal readonly record struct TriangleVertex(float X, float Y, float Z, Color Color);

/// <summary>
/// Filled triangles with colours (including alpha) and depth interpolated barycentrically across the pixels whose
/// centres fall inside. The top-left rule gives pixels on an edge shared by two triangles to exactly one of them.
/// </summary>
internal static class TriangleRenderer
{
    /// <summary>
    /// Fills the triangle. With <paramref name="depth"/>, a pixel is drawn only when the interpolated depth is less than
    /// the stored one, which it then replaces.
    /// </summary>
    public static void FillTriangle(Image image, TriangleVertex a, TriangleVertex b, TriangleVertex c, DepthBuffer? depth = null)
    {
        PixelBlender.RequireDrawable(image);
        if (depth is not null && (depth.Width != image.Width || depth.Height != image.Height))
            throw new ArgumentException($"draw triangle: depth buffer is {depth.Width}x{depth.Height} but the image is {image.Width}x{image.Height}", nameof(depth));
        foreach (var v in (ReadOnlySpan<TriangleVertex>)[a, b, c])
        {
            if (!float.IsFinite(v.X) || !float.IsFinite(v.Y) || !float.IsFinite(v.Z))
                throw new ArgumentException($"draw triangle: vertex ({v.X}, {v.Y}, {v.Z}) is not finite");
        }
        float area = Edge(a.X, a.Y, b.X, b.Y, c.X, c.Y);
        if (area == 0)
            return;
        if (area < 0)
        {
            (b, c) = (c, b);
            area = -area;
        }

        int x0 = Math.Max(0, (int)MathF.Ceiling(Math.Min(a.X, Math.Min(b.X, c.X))));
        int x1 = Math.Min(image.Width - 1, (int)MathF.Floor(Math.Max(a.X, Math.Max(b.X, c.X))));
        int y0 = Math.Max(0, (int)MathF.Ceiling(Math.Min(a.Y, Math.Min(b.Y, c.Y))));
        int y1 = Math.Min(image.Height - 1, (int)MathF.Floor(Math.Max(a.Y, Math.Max(b.Y, c.Y))));
        bool topLeftBc = IsTopLeft(b, c), topLeftCa = IsTopLeft(c, a), topLeftAb = IsTopLeft(a, b);
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                float wa = Edge(b.X, b.Y, c.X, c.Y, x, y);
                float wb = Edge(c.X, c.Y, a.X, a.Y, x, y);
                float wc = Edge(a.X, a.Y, b.X, b.Y, x, y);
                if (!Inside(wa, topLeftBc) || !Inside(wb, topLeftCa) || !Inside(wc, topLeftAb))
                    continue;
                float la = wa / area, lb = wb / area, lc = wc / area;
                if (depth is not null)
                {
                    float z = la * a.Z + lb * b.Z + lc * c.Z;
                    if (!(z < depth[x, y]))
                        continue;
                    depth[x, y] = z;
                }
                PixelBlender.Blend(image, x, y,
                    la * a.Color.R + lb * b.Color.R + lc * c.Color.R,
                    la * a.Color.G + lb * b.Color.G + lc * c.Color.G,
                    la * a.Color.B + lb * b.Color.B + lc * c.Color.B,
                    (la * a.Color.A + lb * b.Color.A + lc * c.Color.A) / 255f);
            }
        }
    }

    /// <summary>Twice the signed area of (p, q, r); positive when r lies clockwise on screen from p-&gt;q (y down).</summary>
    private static float Edge(float px, float py, float qx, float qy, float rx, float ry) =>
        (qx - px) * (ry - py) - (qy - py) * (rx - px);

    /// <summary>With positive area, a top edge runs exactly rightwards and a left edge runs upwards.</summary>
    private static bool IsTopLeft(TriangleVertex from, TriangleVertex to) =>
        (from.Y == to.Y && to.X > from.X) || to.Y < from.Y;

    private static bool Inside(float w, bool topLeft) => w > 0 || (w == 0 && topLeft);
}
