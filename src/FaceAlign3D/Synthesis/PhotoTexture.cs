using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Morphable;
using FaceAlign3D.Morphable.IctFaceKit;
using FaceAlign3D.Rendering;

namespace FaceAlign3D.Synthesis;

/// <summary>
/// Transfers a photo onto the ICT texture layout through the photo's fit, so sampled ICT faces can wear real skin:
/// each texel names a surface point of the fitted head (the UV layout rasterised as a mesh); it takes the photo's
/// colour where the photo saw that point or its mirror image (<see cref="PhotoView"/>), and push-pull inpainting fills
/// the rest (the back of the head, the inside of the mouth). The photo's own shading stays in the texture.
/// </summary>
internal static class PhotoTexture
{
    /// <summary>Largest texture side accepted.</summary>
    public const int MaxSize = 4096;

    /// <param name="model">the ICT model the fit used.</param>
    /// <param name="uvs">its texture layout.</param>
    /// <param name="photo">the RGB8 photo.</param>
    /// <param name="fit">a scaled orthographic single-image fit of the photo.</param>
    /// <param name="size">side of the square texture.</param>
    /// <returns>An RGB8 texture, <paramref name="size"/> square, v up as <see cref="TextureSampler"/> reads it.</returns>
    /// <exception cref="ArgumentException">the photo is not RGB8, the fit is not a scaled orthographic fit of one image, or the size is out of range.</exception>
    public static Image Unwrap(IMorphableModel model, IctUvLayout uvs, Image photo, FitResult fit, int size)
    {
        if (photo.Format != PixelFormat.Rgb8)
            throw new ArgumentException($"the photo must be RGB8, got {photo.Format}", nameof(photo));
        if (fit.Projection != ProjectionKind.ScaledOrthographic || fit.Views.Length != 1)
            throw new ArgumentException("the texture needs a scaled orthographic fit of one image", nameof(fit));
        if (size is < 2 or > MaxSize)
            throw new ArgumentException($"the texture side must lie within 2-{MaxSize}, got {size}", nameof(size));
        var vertices = fit.ModelVertices(model);
        var normals = new float[vertices.Length];
        model.Topology.VertexNormals(vertices, normals);
        var head = RenderMesh.FromQuadsAndTriangles(model.Topology.Faces, model.VertexCount);
        var camera = PhotoView.CameraOf(fit);
        var inPhoto = new Rasterizer(photo.Width, photo.Height);
        inPhoto.Render(head, vertices, RenderCamera.Orthographic(camera));
        var seen = new PhotoView(camera, inPhoto.Buffers.Depth, photo.Width, photo.Height);

        // The layout as a flat mesh: the same faces over the UV table, so triangle t is triangle t of the head.
        var layout = RenderMesh.FromQuadsAndTriangles(uvs.FaceUvs, uvs.UvCount);
        var flat = new float[3 * uvs.UvCount];
        for (int k = 0; k < uvs.UvCount; k++)
        {
            flat[3 * k] = uvs.Uvs[2 * k] * (size - 1);
            flat[3 * k + 1] = (1 - uvs.Uvs[2 * k + 1]) * (size - 1);
        }
        var inLayout = new Rasterizer(size, size);
        inLayout.Render(layout, flat, RenderCamera.Orthographic(new ScaledOrthographicCamera(1, 0, 0, Mat3.Identity)));

        var buf = inLayout.Buffers;
        var colour = new float[3 * size * size];
        var known = new float[size * size];
        Span<float> rgb = stackalloc float[3];
        var tri = head.Triangles;
        for (int i = 0; i < known.Length; i++)
        {
            int t = buf.ShadedTriangle(i);
            if (t < 0)
                continue;
            Vec3 At(float[] perVertex) => buf.Barycentrics[3 * i] * Vertex(perVertex, tri[3 * t]) + buf.Barycentrics[3 * i + 1] * Vertex(perVertex, tri[3 * t + 1])
                + buf.Barycentrics[3 * i + 2] * Vertex(perVertex, tri[3 * t + 2]);
            if (!seen.ColourAt(At(vertices), At(normals), out var q))
                continue;
            TextureSampler.AtPixel(photo, (float)q.X, (float)q.Y, rgb);
            rgb.CopyTo(colour.AsSpan(3 * i, 3));
            known[i] = 1;
        }
        new PushPullInpainting().Fill(colour, known, size, size);
        var texture = new Image(size, size, PixelFormat.Rgb8);
        for (int y = 0; y < size; y++)
        {
            var row = texture.Row(y);
            for (int c = 0; c < row.Length; c++)
                row[c] = (byte)MathF.Round(Math.Clamp(colour[3 * size * y + c], 0, 1) * 255);
        }
        return texture;
    }

    private static Vec3 Vertex(float[] v, int i) => new(v[3 * i], v[3 * i + 1], v[3 * i + 2]);
}
