namespace FaceAlign3D.Rendering;

/// <summary>
/// What a render draws: triangles over a vertex array, and optionally a UV per triangle corner (texture layouts
/// have seams, so UVs belong to corners rather than vertices; u right, v up, in [0, 1]).
/// Positions are passed per render, so one mesh serves every shape of a model.
/// </summary>
internal sealed class RenderMesh
{
    /// <param name="triangles">three vertex indices per triangle, each in [0, vertexCount).</param>
    /// <param name="vertexCount">the number of vertices the positions of each render will hold.</param>
    /// <param name="cornerUvs">null, or u, v for each of the three corners of each triangle (6 values per triangle).</param>
    /// <exception cref="ArgumentException">an index lies outside the vertices, or the UV table does not match.</exception>
    public RenderMesh(int[] triangles, int vertexCount, float[]? cornerUvs = null)
    {
        if (vertexCount < 0)
            throw new ArgumentOutOfRangeException(nameof(vertexCount), "the vertex count cannot be negative");
        if (triangles.Length % 3 != 0)
            throw new ArgumentException($"the triangle table must hold 3 indices per triangle; got {triangles.Length} values", nameof(triangles));
        for (int i = 0; i < triangles.Length; i++)
            if ((uint)triangles[i] >= (uint)vertexCount)
                throw new ArgumentException($"triangle {i / 3} refers to vertex {triangles[i]}, outside [0, {vertexCount})", nameof(triangles));
        if (cornerUvs is not null && cornerUvs.Length != 2 * triangles.Length)
            throw new ArgumentException($"{triangles.Length / 3} triangles need {2 * triangles.Length} corner UV values, got {cornerUvs.Length}", nameof(cornerUvs));
        Triangles = triangles;
        VertexCount = vertexCount;
        CornerUvs = cornerUvs;
    }

    public int[] Triangles { get; }

    public int VertexCount { get; }

    public int TriangleCount => Triangles.Length / 3;

    public float[]? CornerUvs { get; }

    /// <summary>
    /// Splits an (F, 4) face table (column 3 = -1 for triangles; quads a b c d become a b c and a c d) and,
    /// when given, its per-corner UV index table over <paramref name="uvs"/> (u, v per entry).
    /// </summary>
    public static RenderMesh FromQuadsAndTriangles(ReadOnlySpan<int> faces4, int vertexCount, ReadOnlySpan<int> faceUvs = default, ReadOnlySpan<float> uvs = default)
    {
        if (faces4.Length % 4 != 0)
            throw new ArgumentException($"the face table must be (F, 4); got {faces4.Length} values", nameof(faces4));
        bool withUv = !faceUvs.IsEmpty;
        if (withUv && faceUvs.Length != faces4.Length)
            throw new ArgumentException("the face UV table must match the face table", nameof(faceUvs));
        var triangles = new List<int>(faces4.Length * 3 / 2);
        var corners = withUv ? new List<float>(faces4.Length * 3) : null;
        int uvCount = uvs.Length / 2;
        void Add(int f, int c, ReadOnlySpan<int> faces, ReadOnlySpan<int> fuv, ReadOnlySpan<float> uvTable)
        {
            triangles.Add(faces[4 * f + c]);
            if (corners is null)
                return;
            int k = fuv[4 * f + c];
            if ((uint)k >= (uint)uvCount)
                throw new ArgumentException($"face {f} refers to UV {k}, outside [0, {uvCount})", nameof(faceUvs));
            corners.Add(uvTable[2 * k]);
            corners.Add(uvTable[2 * k + 1]);
        }
        for (int f = 0; f < faces4.Length / 4; f++)
        {
            Add(f, 0, faces4, faceUvs, uvs);
            Add(f, 1, faces4, faceUvs, uvs);
            Add(f, 2, faces4, faceUvs, uvs);
            if (faces4[4 * f + 3] < 0)
                continue;
            Add(f, 0, faces4, faceUvs, uvs);
            Add(f, 2, faces4, faceUvs, uvs);
            Add(f, 3, faces4, faceUvs, uvs);
        }
        return new RenderMesh([.. triangles], vertexCount, corners is null ? null : [.. corners]);
    }
}
