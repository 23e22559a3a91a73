using FaceAlign3D.Geometry;
using FaceAlign3D.Rendering;

namespace FaceAlign3D.Tests.Rendering;

public sealed class RenderingBadInputTests
{
    private static readonly RenderCamera Ortho = RenderCamera.Orthographic(new ScaledOrthographicCamera(10, 16, 16, PinholeCamera.ModelToCameraAxes));

    private static int Drawn(Rasterizer r) => r.Buffers.TriangleIds.Count(t => t >= 0);

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, -1)]
    [InlineData(100000, 10)]
    [InlineData(8000, 8000)]
    public void RefusesImpossibleOrHugeSizes(int width, int height) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Rasterizer(width, height));

    [Fact]
    public void EmptyMeshGivesAnEmptyImage()
    {
        var r = new Rasterizer(32, 32);
        r.Render(new RenderMesh([], 0), [], Ortho);
        Assert.Equal(0, Drawn(r));
        Assert.All(r.Buffers.Coverage, c => Assert.Equal(0f, c));
    }

    [Fact]
    public void DegenerateAndNonFiniteTrianglesAreSkipped()
    {
        var (cube, positions) = RenderScenes.Cube();
        var r = new Rasterizer(32, 32);
        r.Render(cube, positions, Ortho);
        int full = Drawn(r);
        Assert.True(full > 100);
        // Flatten the cube onto a line: every triangle degenerates.
        var line = positions.Select((v, i) => i % 3 == 0 ? v : 0f).ToArray();
        r.Render(cube, line, Ortho);
        Assert.Equal(0, Drawn(r));
        // One NaN corner removes only the triangles that use it.
        var nan = (float[])positions.Clone();
        nan[0] = float.NaN;
        r.Render(cube, nan, Ortho);
        Assert.InRange(Drawn(r), 1, full);
        Assert.False(r.IsVertexInFront(0));
        // Infinite and enormous coordinates neither crash nor hang.
        var huge = (float[])positions.Clone();
        huge[3] = float.PositiveInfinity;
        huge[6] = 1e30f;
        huge[7] = -1e30f;
        r.Render(cube, huge, Ortho);
    }

    [Fact]
    public void CameraBehindTheFaceDrawsNothing()
    {
        var (cube, positions) = RenderScenes.Cube();
        var r = new Rasterizer(32, 32);
        var behind = new PinholeCamera(30, 30, 16, 16, PinholeCamera.ModelToCameraAxes, new Vec3(0, 0, -10));
        r.Render(cube, positions, RenderCamera.Pinhole(behind));
        Assert.Equal(0, Drawn(r));
        // Straddling the camera plane: triangles with a corner behind it are dropped, no wrap-around smears.
        var straddle = new PinholeCamera(30, 30, 16, 16, PinholeCamera.ModelToCameraAxes, new Vec3(0, 0, 0.5));
        r.Render(cube, positions, RenderCamera.Pinhole(straddle));
        Assert.All(r.Buffers.Depth.Where(float.IsFinite), d => Assert.True(d > 0));
    }

    [Fact]
    public void MismatchedInputGivesTypedErrors()
    {
        Assert.Throws<ArgumentException>(() => new RenderMesh([0, 1, 5], 3));
        Assert.Throws<ArgumentException>(() => new RenderMesh([0, 1], 3));
        Assert.Throws<ArgumentException>(() => new RenderMesh([0, 1, 2], 3, [0, 0]));
        Assert.Throws<ArgumentException>(() => RenderMesh.FromQuadsAndTriangles([0, 1, 2, -1], 3, [0, 0, 7, -1], [0, 0, 1, 1]));
        var r = new Rasterizer(8, 8);
        Assert.Throws<ArgumentException>(() => r.Render(new RenderMesh([0, 1, 2], 3), new float[6], Ortho));
        Assert.Throws<ArgumentException>(() => new SphericalHarmonicsLighting(new float[9]));
        Assert.Throws<ArgumentException>(() => new LambertLighting([1, 1, 1], [1, 1, 1], (0, 0, 0)));
    }
}
