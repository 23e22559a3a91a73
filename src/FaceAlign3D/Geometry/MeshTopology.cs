namespace FaceAlign3D.Geometry;

/// <summary>
/// Connectivity of a polygon mesh of triangles and quads: the faces as an (F, 4) index table where a -1 in
/// column 3 marks a triangle (the ICT-FaceKit layout), the unique undirected edges, and the edges at each vertex.
/// Immutable once built; positions are passed to the methods, so one topology serves every shape of a model.
/// </summary>
public sealed class MeshTopology
{
    private readonly int[] _faces;
    private readonly int[] _edges;          // 2 per edge, smaller index first
    private readonly int[] _vertexEdgeStart; // CSR offsets, VertexCount + 1
    private readonly int[] _vertexEdges;     // edge ids around each vertex

    private MeshTopology(int vertexCount, int[] faces, int[] edges, int[] start, int[] vertexEdges)
    {
        VertexCount = vertexCount;
        _faces = faces;
        _edges = edges;
        _vertexEdgeStart = start;
        _vertexEdges = vertexEdges;
    }

    public int VertexCount { get; }

    public int FaceCount => _faces.Length / 4;

    public int EdgeCount => _edges.Length / 2;

    /// <summary>The (F, 4) face table, row-major; column 3 is -1 for triangles.</summary>
    public ReadOnlySpan<int> Faces => _faces;

    public (int A, int B) Edge(int e) => (_edges[2 * e], _edges[2 * e + 1]);

    /// <summary>The ids of the edges that touch vertex v.</summary>
    public ReadOnlySpan<int> EdgesAt(int v) => _vertexEdges.AsSpan(_vertexEdgeStart[v], _vertexEdgeStart[v + 1] - _vertexEdgeStart[v]);

    /// <summary>Builds the topology; every index must lie in [0, vertexCount) (column 3 may be -1).</summary>
    public static MeshTopology FromFaces(ReadOnlySpan<int> faces4, int vertexCount)
    {
        if (vertexCount <= 0)
            throw new ArgumentException("a mesh needs at least one vertex", nameof(vertexCount));
        if (faces4.Length % 4 != 0)
            throw new ArgumentException($"the face table must be (F, 4); got {faces4.Length} values", nameof(faces4));
        var faces = faces4.ToArray();
        var seen = new HashSet<long>();
        var edges = new List<int>();
        for (int f = 0; f < faces.Length / 4; f++)
        {
            int corners = faces[4 * f + 3] < 0 ? 3 : 4;
            for (int c = 0; c < corners; c++)
            {
                int a = faces[4 * f + c];
                if ((uint)a >= (uint)vertexCount)
                    throw new ArgumentException($"face {f} refers to vertex {a}, outside [0, {vertexCount})", nameof(faces4));
                int b = faces[4 * f + (c + 1) % corners];
                if ((uint)b >= (uint)vertexCount)
                    throw new ArgumentException($"face {f} refers to vertex {b}, outside [0, {vertexCount})", nameof(faces4));
                if (a == b)
                    continue;
                int lo = Math.Min(a, b), hi = Math.Max(a, b);
                if (seen.Add(((long)lo << 32) | (uint)hi))
                {
                    edges.Add(lo);
                    edges.Add(hi);
                }
            }
        }
        var edgeArray = edges.ToArray();
        var start = new int[vertexCount + 1];
        foreach (int v in edgeArray)
            start[v + 1]++;
        for (int v = 0; v < vertexCount; v++)
            start[v + 1] += start[v];
        var fill = start[..vertexCount];
        var vertexEdges = new int[edgeArray.Length];
        for (int e = 0; e < edgeArray.Length / 2; e++)
        {
            vertexEdges[fill[edgeArray[2 * e]]++] = e;
            vertexEdges[fill[edgeArray[2 * e + 1]]++] = e;
        }
        return new MeshTopology(vertexCount, faces, edgeArray, start, vertexEdges);
    }

    /// <summary>
    /// Area-weighted vertex normals (quads are split into two triangles), unit length; isolated vertices get zero.
    /// </summary>
    public void VertexNormals(ReadOnlySpan<float> positions, Span<float> normals) => VertexNormals(positions, normals, new double[positions.Length]);

    /// <summary>As <see cref="VertexNormals(ReadOnlySpan{float}, Span{float})"/>, summing in a caller's buffer (as long as the positions), so repeated calls allocate nothing.</summary>
    public void VertexNormals(ReadOnlySpan<float> positions, Span<float> normals, Span<double> scratch)
    {
        CheckPositions(positions, nameof(positions));
        if (normals.Length != positions.Length)
            throw new ArgumentException("normals must have the same length as positions", nameof(normals));
        if (scratch.Length != positions.Length)
            throw new ArgumentException("the scratch buffer must have the same length as positions", nameof(scratch));
        var acc = scratch;
        acc.Clear();
        for (int f = 0; f < FaceCount; f++)
        {
            int a = _faces[4 * f], b = _faces[4 * f + 1], c = _faces[4 * f + 2], d = _faces[4 * f + 3];
            AddTriangle(acc, positions, a, b, c);
            if (d >= 0)
                AddTriangle(acc, positions, a, c, d);
        }
        for (int v = 0; v < VertexCount; v++)
        {
            var n = new Vec3(acc[3 * v], acc[3 * v + 1], acc[3 * v + 2]).Normalized();
            normals[3 * v] = (float)n.X;
            normals[3 * v + 1] = (float)n.Y;
            normals[3 * v + 2] = (float)n.Z;
        }
    }

    /// <summary>
    /// Silhouette edges (eq 1 of the person-specific paper): edges whose two end vertices have normals on
    /// opposite sides of the view, judged by the sign of (R n) . towardViewer. Only edges with both ends in
    /// <paramref name="candidates"/> count (e.g. the face without nose and ears). Returns the edge ids.
    /// </summary>
    public List<int> SilhouetteEdges(ReadOnlySpan<float> normals, Mat3 rotation, Vec3 towardViewer, ReadOnlySpan<bool> candidates)
    {
        CheckPositions(normals, nameof(normals));
        if (candidates.Length != VertexCount)
            throw new ArgumentException("the candidate mask needs one entry per vertex", nameof(candidates));
        // The facing sign of a vertex is n . (R^T towardViewer).
        var d = rotation.Transpose() * towardViewer;
        var result = new List<int>();
        for (int e = 0; e < EdgeCount; e++)
        {
            int a = _edges[2 * e], b = _edges[2 * e + 1];
            if (!candidates[a] || !candidates[b])
                continue;
            double fa = normals[3 * a] * d.X + normals[3 * a + 1] * d.Y + normals[3 * a + 2] * d.Z;
            double fb = normals[3 * b] * d.X + normals[3 * b + 1] * d.Y + normals[3 * b + 2] * d.Z;
            if (fa * fb < 0)
                result.Add(e);
        }
        return result;
    }

    /// <summary>
    /// Per-vertex facial tension (eq 3 of the person-specific paper) of <paramref name="current"/> against
    /// <paramref name="neutral"/>: the mean over the vertex's edges of (e^(k|e'|) - e^(k|e|)) / (e^(k|e'|) + e^(k|e|)),
    /// which equals tanh(k (|e'| - |e|) / 2), with e' the neutral edge. Positive where the surface is compressed,
    /// negative where it is stretched, inside (-1, 1), antisymmetric in its two shapes. Isolated vertices get 0.
    /// </summary>
    public void FacialTension(ReadOnlySpan<float> current, ReadOnlySpan<float> neutral, double k, Span<float> tension)
    {
        CheckPositions(current, nameof(current));
        CheckPositions(neutral, nameof(neutral));
        if (tension.Length != VertexCount)
            throw new ArgumentException("tension needs one entry per vertex", nameof(tension));
        if (!(k > 0) || !double.IsFinite(k))
            throw new ArgumentException("the tension scale k must be positive and finite", nameof(k));
        var perEdge = new double[EdgeCount];
        for (int e = 0; e < EdgeCount; e++)
        {
            int a = _edges[2 * e], b = _edges[2 * e + 1];
            perEdge[e] = Math.Tanh(0.5 * k * (Length(neutral, a, b) - Length(current, a, b)));
        }
        for (int v = 0; v < VertexCount; v++)
        {
            var around = EdgesAt(v);
            double sum = 0;
            foreach (int e in around)
                sum += perEdge[e];
            tension[v] = around.Length == 0 ? 0f : (float)(sum / around.Length);
        }
    }

    private static double Length(ReadOnlySpan<float> p, int a, int b)
    {
        double dx = p[3 * a] - p[3 * b], dy = p[3 * a + 1] - p[3 * b + 1], dz = p[3 * a + 2] - p[3 * b + 2];
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }

    private static void AddTriangle(Span<double> acc, ReadOnlySpan<float> p, int a, int b, int c)
    {
        var pa = new Vec3(p[3 * a], p[3 * a + 1], p[3 * a + 2]);
        var n = Vec3.Cross(new Vec3(p[3 * b], p[3 * b + 1], p[3 * b + 2]) - pa, new Vec3(p[3 * c], p[3 * c + 1], p[3 * c + 2]) - pa);
        foreach (int v in (ReadOnlySpan<int>)[a, b, c])
        {
            acc[3 * v] += n.X;
            acc[3 * v + 1] += n.Y;
            acc[3 * v + 2] += n.Z;
        }
    }

    private void CheckPositions(ReadOnlySpan<float> values, string name)
    {
        if (values.Length != 3 * VertexCount)
            throw new ArgumentException($"expected {3 * VertexCount} values (x, y, z per vertex), got {values.Length}", name);
    }
}
