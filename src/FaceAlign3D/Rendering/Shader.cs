using FaceAlign3D.Imaging;

namespace FaceAlign3D.Rendering;

/// <summary>Where a surface's colour (albedo) comes from.</summary>
internal abstract record Albedo
{
    /// <summary>One colour (red, green, blue in [0, 1]) everywhere.</summary>
    public sealed record Constant(float R, float G, float B) : Albedo;

    /// <summary>An RGB8 texture sampled bilinearly at the mesh's corner UVs.</summary>
    public sealed record Texture(Image Image) : Albedo;

    /// <summary>A colour per vertex (red, green, blue in [0, 1], 3 per vertex), interpolated.</summary>
    public sealed record PerVertex(float[] Colours) : Albedo;
}

/// <summary>
/// Shades the pixels of the last render: albedo times the lighting at the interpolated normal, blended over what
/// the target image already holds by the pixel's coverage (so silhouettes are anti-aliased against the background).
/// </summary>
internal static class Shader
{
    /// <param name="rasterizer">holds the buffers of the last render.</param>
    /// <param name="mesh">the mesh that was rendered.</param>
    /// <param name="vertexNormals">unit normals, 3 per vertex, in world axes (rotated into camera axes here).</param>
    /// <param name="camera">the camera of the render.</param>
    /// <param name="albedo">surface colour.</param>
    /// <param name="lighting">light in camera axes.</param>
    /// <param name="target">an RGB8 image of the render's size; background pixels are left as they are.</param>
    /// <exception cref="ArgumentException">sizes or formats do not match, or a texture is asked of a mesh without UVs.</exception>
    public static void Shade(Rasterizer rasterizer, RenderMesh mesh, ReadOnlySpan<float> vertexNormals, RenderCamera camera,
        Albedo albedo, Lighting lighting, Image target)
    {
        var buf = rasterizer.Buffers;
        if (target.Format != PixelFormat.Rgb8 || target.Width != buf.Width || target.Height != buf.Height)
            throw new ArgumentException($"the target must be a {buf.Width}x{buf.Height} RGB8 image", nameof(target));
        if (vertexNormals.Length != 3 * mesh.VertexCount)
            throw new ArgumentException("expected 3 normal components per vertex", nameof(vertexNormals));
        if (albedo is Albedo.Texture && mesh.CornerUvs is null)
            throw new ArgumentException("a texture needs a mesh with UVs", nameof(albedo));
        if (albedo is Albedo.PerVertex pv && pv.Colours.Length != 3 * mesh.VertexCount)
            throw new ArgumentException("expected 3 colour values per vertex", nameof(albedo));
        var r = camera.Rotation;
        var tri = mesh.Triangles;
        Span<float> colour = stackalloc float[3];
        Span<float> light = stackalloc float[3];
        for (int y = 0; y < buf.Height; y++)
        {
            var row = target.Row(y);
            for (int x = 0; x < buf.Width; x++)
            {
                int i = y * buf.Width + x;
                int t = buf.ShadedTriangle(i);
                if (t < 0)
                    continue;
                float b0 = buf.Barycentrics[3 * i], b1 = buf.Barycentrics[3 * i + 1], b2 = buf.Barycentrics[3 * i + 2];
                int va = tri[3 * t], vb = tri[3 * t + 1], vc = tri[3 * t + 2];
                float wx = b0 * vertexNormals[3 * va] + b1 * vertexNormals[3 * vb] + b2 * vertexNormals[3 * vc];
                float wy = b0 * vertexNormals[3 * va + 1] + b1 * vertexNormals[3 * vb + 1] + b2 * vertexNormals[3 * vc + 1];
                float wz = b0 * vertexNormals[3 * va + 2] + b1 * vertexNormals[3 * vb + 2] + b2 * vertexNormals[3 * vc + 2];
                float nx = (float)(r.M00 * wx + r.M01 * wy + r.M02 * wz);
                float ny = (float)(r.M10 * wx + r.M11 * wy + r.M12 * wz);
                float nz = (float)(r.M20 * wx + r.M21 * wy + r.M22 * wz);
                float len = MathF.Sqrt(nx * nx + ny * ny + nz * nz);
                if (len > 1e-12f)
                {
                    nx /= len;
                    ny /= len;
                    nz /= len;
                }
                lighting.Irradiance(nx, ny, nz, light);
                SampleAlbedo(albedo, mesh, t, b0, b1, b2, colour);
                float alpha = buf.Coverage[i];
                for (int c = 0; c < 3; c++)
                {
                    float shaded = Math.Clamp(colour[c] * light[c], 0, 1) * 255f;
                    row[3 * x + c] = (byte)MathF.Round(alpha * shaded + (1 - alpha) * row[3 * x + c]);
                }
            }
        }
    }

    private static void SampleAlbedo(Albedo albedo, RenderMesh mesh, int t, float b0, float b1, float b2, Span<float> rgb)
    {
        switch (albedo)
        {
            case Albedo.Constant k:
                rgb[0] = k.R;
                rgb[1] = k.G;
                rgb[2] = k.B;
                break;
            case Albedo.Texture tex:
                var uv = mesh.CornerUvs!;
                float u = b0 * uv[6 * t] + b1 * uv[6 * t + 2] + b2 * uv[6 * t + 4];
                float v = b0 * uv[6 * t + 1] + b1 * uv[6 * t + 3] + b2 * uv[6 * t + 5];
                TextureSampler.Bilinear(tex.Image, u, v, rgb);
                break;
            case Albedo.PerVertex p:
                var tri = mesh.Triangles;
                for (int c = 0; c < 3; c++)
                    rgb[c] = b0 * p.Colours[3 * tri[3 * t] + c] + b1 * p.Colours[3 * tri[3 * t + 1] + c] + b2 * p.Colours[3 * tri[3 * t + 2] + c];
                break;
        }
    }
}
