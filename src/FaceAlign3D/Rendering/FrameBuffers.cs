namespace FaceAlign3D.Rendering;

/// <summary>
/// The per-pixel output of a <see cref="Rasterizer"/>, row-major, reused from frame to frame. A pixel whose centre
/// a triangle covers holds that triangle's id, its depth and its perspective-correct barycentric weights. Pixels
/// just outside a silhouette edge keep id -1 and infinite depth but carry a partial <see cref="Coverage"/> of the
/// triangle in <see cref="FringeTriangleIds"/> (weights clamped onto it), which shading blends for anti-aliasing.
/// </summary>
internal sealed class FrameBuffers
{
    internal FrameBuffers(int width, int height)
    {
        Width = width;
        Height = height;
        int n = width * height;
        Depth = new float[n];
        TriangleIds = new int[n];
        FringeTriangleIds = new int[n];
        Barycentrics = new float[3 * n];
        Coverage = new float[n];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Depth of the nearest surface (camera-frame z); +infinity where nothing is drawn.</summary>
    public float[] Depth { get; }

    /// <summary>Id of the nearest triangle whose interior holds the pixel centre; -1 for background.</summary>
    public int[] TriangleIds { get; }

    /// <summary>Where <see cref="TriangleIds"/> is -1 but <see cref="Coverage"/> is positive: the triangle partly covering the pixel.</summary>
    public int[] FringeTriangleIds { get; }

    /// <summary>Weights of the triangle's three corners (in the mesh's corner order), 3 per pixel, summing to 1.</summary>
    public float[] Barycentrics { get; }

    /// <summary>Fraction of the pixel the mesh covers (box filter, estimated at silhouette edges), in [0, 1].</summary>
    public float[] Coverage { get; }

    /// <summary>The triangle shading should use at pixel i (covered or fringe), or -1.</summary>
    public int ShadedTriangle(int i) => TriangleIds[i] >= 0 ? TriangleIds[i] : Coverage[i] > 0 ? FringeTriangleIds[i] : -1;

    /// <summary>The vertex id buffer: the corner of the covering triangle with the largest weight, or -1.</summary>
    public int VertexIdAt(RenderMesh mesh, int x, int y)
    {
        int i = y * Width + x;
        int t = TriangleIds[i];
        if (t < 0)
            return -1;
        float b0 = Barycentrics[3 * i], b1 = Barycentrics[3 * i + 1], b2 = Barycentrics[3 * i + 2];
        int corner = b0 >= b1 && b0 >= b2 ? 0 : b1 >= b2 ? 1 : 2;
        return mesh.Triangles[3 * t + corner];
    }

    /// <summary>Interpolates a per-vertex attribute of <paramref name="components"/> values into 'output' at every drawn pixel (zeros elsewhere).</summary>
    public void InterpolateVertexAttribute(RenderMesh mesh, ReadOnlySpan<float> perVertex, int components, Span<float> output)
    {
        if (perVertex.Length != components * mesh.VertexCount)
            throw new ArgumentException($"expected {components} values for each of {mesh.VertexCount} vertices", nameof(perVertex));
        if (output.Length != components * Width * Height)
            throw new ArgumentException($"output must hold {components} values per pixel", nameof(output));
        var tri = mesh.Triangles;
        for (int i = 0; i < Width * Height; i++)
        {
            int t = ShadedTriangle(i);
            for (int c = 0; c < components; c++)
            {
                output[components * i + c] = t < 0 ? 0 :
                    Barycentrics[3 * i] * perVertex[components * tri[3 * t] + c]
                    + Barycentrics[3 * i + 1] * perVertex[components * tri[3 * t + 1] + c]
                    + Barycentrics[3 * i + 2] * perVertex[components * tri[3 * t + 2] + c];
            }
        }
    }

    /// <summary>
    /// Per-pixel unit normals (3 per pixel) from per-vertex normals: interpolated and renormalised; zeros where nothing is drawn.
    /// </summary>
    public void InterpolateNormals(RenderMesh mesh, ReadOnlySpan<float> vertexNormals, Span<float> output)
    {
        InterpolateVertexAttribute(mesh, vertexNormals, 3, output);
        for (int i = 0; i < output.Length; i += 3)
        {
            float x = output[i], y = output[i + 1], z = output[i + 2];
            float l = MathF.Sqrt(x * x + y * y + z * z);
            if (l <= 1e-12f)
                continue;
            output[i] = x / l;
            output[i + 1] = y / l;
            output[i + 2] = z / l;
        }
    }

    /// <summary>Per-pixel texture coordinates (u, v per pixel) from the mesh's corner UVs; zeros where nothing is drawn.</summary>
    /// <exception cref="InvalidOperationException">the mesh has no UVs.</exception>
    public void InterpolateUvs(RenderMesh mesh, Span<float> output)
    {
        var uv = mesh.CornerUvs ?? throw new InvalidOperationException("the mesh has no texture coordinates");
        if (output.Length != 2 * Width * Height)
            throw new ArgumentException("output must hold 2 values per pixel", nameof(output));
        for (int i = 0; i < Width * Height; i++)
        {
            int t = ShadedTriangle(i);
            for (int c = 0; c < 2; c++)
                output[2 * i + c] = t < 0 ? 0 :
                    Barycentrics[3 * i] * uv[6 * t + c] + Barycentrics[3 * i + 1] * uv[6 * t + 2 + c] + Barycentrics[3 * i + 2] * uv[6 * t + 4 + c];
        }
    }

    internal void Clear(int rowStart, int rowEnd)
    {
        int a = rowStart * Width, n = (rowEnd - rowStart) * Width;
        Depth.AsSpan(a, n).Fill(float.PositiveInfinity);
        TriangleIds.AsSpan(a, n).Fill(-1);
        FringeTriangleIds.AsSpan(a, n).Fill(-1);
        Coverage.AsSpan(a, n).Clear();
        Barycentrics.AsSpan(3 * a, 3 * n).Clear();
    }
}
