using FaceAlign3D.Geometry;

namespace FaceAlign3D.Tests.Geometry;

public sealed class MeshTopologyTests
{
    // A unit cube as six outward-facing quads.
    private static readonly float[] CubePositions =
    [
        0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0,
        0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1,
    ];

    private static readonly int[] CubeFaces =
    [
        0, 3, 2, 1, // z = 0, normal -z
        4, 5, 6, 7, // z = 1, normal +z
        0, 1, 5, 4, // y = 0
        2, 3, 7, 6, // y = 1
        1, 2, 6, 5, // x = 1
        0, 4, 7, 3, // x = 0
    ];

    [Fact]
    public void CubeHasTwelveEdgesAndThreePerVertex()
    {
        var mesh = MeshTopology.FromFaces(CubeFaces, 8);
        Assert.Equal(12, mesh.EdgeCount);
        for (int v = 0; v < 8; v++)
            Assert.Equal(3, mesh.EdgesAt(v).Length);
    }

    [Fact]
    public void CubeNormalsPointOutwards()
    {
        var mesh = MeshTopology.FromFaces(CubeFaces, 8);
        var normals = new float[24];
        mesh.VertexNormals(CubePositions, normals);
        for (int v = 0; v < 8; v++)
        {
            var outward = new Vec3(CubePositions[3 * v] - 0.5, CubePositions[3 * v + 1] - 0.5, CubePositions[3 * v + 2] - 0.5).Normalized();
            var n = new Vec3(normals[3 * v], normals[3 * v + 1], normals[3 * v + 2]);
            // Quads split into triangles weight the three faces unevenly, so the normal is near, not on, the diagonal.
            Assert.Equal(1.0, n.Length, 5);
            Assert.True(Vec3.Dot(outward, n) > 0.9, $"vertex {v}: {n}");
        }
    }

    [Fact]
    public void SilhouetteSeparatesFrontAndBack()
    {
        var mesh = MeshTopology.FromFaces(CubeFaces, 8);
        var normals = new float[24];
        mesh.VertexNormals(CubePositions, normals);
        var all = Enumerable.Repeat(true, 8).ToArray();
        // Seen along z, the 4 edges parallel to z join a front (+z) and a back (-z) corner.
        var edges = mesh.SilhouetteEdges(normals, Mat3.Identity, new Vec3(0, 0, 1), all);
        Assert.Equal(4, edges.Count);
        foreach (int e in edges)
        {
            var (a, b) = mesh.Edge(e);
            Assert.NotEqual(CubePositions[3 * a + 2], CubePositions[3 * b + 2]);
        }
        // Masking out vertex 0 removes its silhouette edge.
        var mask = (bool[])all.Clone();
        mask[0] = false;
        Assert.Equal(3, mesh.SilhouetteEdges(normals, Mat3.Identity, new Vec3(0, 0, 1), mask).Count);
        // Turning the cube by 90 degrees about y makes the x-parallel edges the silhouette instead.
        var turned = mesh.SilhouetteEdges(normals, Rotation.FromYawPitchRoll(Math.PI / 2, 0, 0), new Vec3(0, 0, 1), all);
        foreach (int e in turned)
        {
            var (a, b) = mesh.Edge(e);
            Assert.NotEqual(CubePositions[3 * a], CubePositions[3 * b]);
        }
    }

    [Fact]
    public void TensionIsSignedBoundedAndAntisymmetric()
    {
        var mesh = MeshTopology.FromFaces(CubeFaces, 8);
        var squashed = (float[])CubePositions.Clone();
        for (int v = 0; v < 8; v++)
            squashed[3 * v + 2] *= 0.5f; // compress along z
        var t = new float[8];
        mesh.FacialTension(squashed, CubePositions, 5, t);
        var back = new float[8];
        mesh.FacialTension(CubePositions, squashed, 5, back);
        // Each vertex has one z edge of 3: tension = tanh(5 * 0.5 / 2) / 3 > 0 for compression.
        for (int v = 0; v < 8; v++)
        {
            Assert.Equal(Math.Tanh(1.25) / 3, t[v], 5);
            Assert.Equal(-t[v], back[v], 6);
            Assert.InRange(t[v], -1f, 1f);
        }
        var same = new float[8];
        mesh.FacialTension(CubePositions, CubePositions, 5, same);
        Assert.All(same, x => Assert.Equal(0f, x));
    }

    [Fact]
    public void BadTopologyIsRejected()
    {
        Assert.Throws<ArgumentException>(() => MeshTopology.FromFaces([0, 1, 9, -1], 3));
        Assert.Throws<ArgumentException>(() => MeshTopology.FromFaces([0, 1, 2], 3));
        var mesh = MeshTopology.FromFaces([0, 1, 2, -1], 3);
        Assert.Throws<ArgumentException>(() => mesh.VertexNormals(new float[6], new float[6]));
        Assert.Throws<ArgumentException>(() => mesh.FacialTension(new float[9], new float[9], double.NaN, new float[3]));
    }
}
