namespace FaceAlign3D.Export;

/// <summary>
/// A polygon mesh to write: positions as x,y,z triples, polygons as vertex-index lists (triangles or
/// quads), and optional per-vertex UVs (u,v pairs) and RGB colours (r,g,b triples, 0-255).
/// </summary>
public sealed record MeshExport(float[] Positions, IReadOnlyList<int[]> Polygons, float[]? Uvs = null, byte[]? Colors = null)
{
    public int VertexCount => Positions.Length / 3;

    /// <summary>Throws when the arrays disagree or an index is out of range.</summary>
    public void Validate()
    {
        if (Positions.Length % 3 != 0)
            throw new ArgumentException($"positions hold {Positions.Length} floats, not a multiple of 3");
        if (Uvs is not null && Uvs.Length != 2 * VertexCount)
            throw new ArgumentException($"{Uvs.Length / 2} UVs for {VertexCount} vertices");
        if (Colors is not null && Colors.Length != 3 * VertexCount)
            throw new ArgumentException($"{Colors.Length / 3} colours for {VertexCount} vertices");
        for (int p = 0; p < Polygons.Count; p++)
        {
            var polygon = Polygons[p];
            if (polygon.Length < 3)
                throw new ArgumentException($"polygon {p} has {polygon.Length} vertices");
            foreach (int i in polygon)
                if ((uint)i >= (uint)VertexCount)
                    throw new ArgumentException($"polygon {p} refers to vertex {i} of {VertexCount}");
        }
    }

    /// <summary>Triangles as consecutive index triples (n x 3), e.g. a 3DMM topology.</summary>
    public static IReadOnlyList<int[]> FromTriangles(ReadOnlySpan<int> triangles)
    {
        if (triangles.Length % 3 != 0)
            throw new ArgumentException($"{triangles.Length} indices are not whole triangles");
        var list = new int[triangles.Length / 3][];
        for (int t = 0; t < list.Length; t++)
            list[t] = [triangles[3 * t], triangles[3 * t + 1], triangles[3 * t + 2]];
        return list;
    }
}
