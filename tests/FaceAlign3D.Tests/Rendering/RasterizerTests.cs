using FaceAlign3D.Geometry;
using FaceAlign3D.Rendering;
using FaceAlign3D.Tests.Fitting;

namespace FaceAlign3D.Tests.Rendering;

public sealed class RasterizerTests
{
    /// <summary>Nearest hit of the ray o + s d (s > 0) with the cube [-1, 1]^3 (slab method), or infinity.</summary>
    private static double CubeHit(Vec3 o, Vec3 d)
    {
        double near = double.NegativeInfinity, far = double.PositiveInfinity;
        for (int a = 0; a < 3; a++)
        {
            double t1 = (-1 - o[a]) / d[a], t2 = (1 - o[a]) / d[a];
            near = Math.Max(near, Math.Min(t1, t2));
            far = Math.Min(far, Math.Max(t1, t2));
        }
        return near <= far && near > 0 ? near : double.PositiveInfinity;
    }

    /// <summary>
    /// Every pixel of a cube render against a ray cast through the pixel centre: covered exactly where the ray hits
    /// (pixels within a hair of a silhouette edge are not judged) and at the ray's depth.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CubeMatchesRayCasting(bool perspective)
    {
        var (mesh, positions) = RenderScenes.Cube();
        var r = PinholeCamera.ModelToCameraAxes * Rotation.FromYawPitchRoll(0.5, 0.3, 0.2);
        const int side = 97;
        var pinhole = new PinholeCamera(120, 110, 48.3, 47.6, r, new Vec3(0.1, -0.2, 6));
        var ortho = new ScaledOrthographicCamera(25, 48.3, 47.6, r);
        var camera = perspective ? RenderCamera.Pinhole(pinhole) : RenderCamera.Orthographic(ortho);
        var raster = new Rasterizer(side, side);
        raster.Render(mesh, positions, camera);
        var rt = r.Transpose();
        int covered = 0;
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                Vec3 origin, dir;
                if (perspective)
                {
                    origin = pinhole.Centre;
                    dir = rt * new Vec3((x - pinhole.Cx) / pinhole.Fx, (y - pinhole.Cy) / pinhole.Fy, 1);
                }
                else
                {
                    origin = rt * new Vec3((x - ortho.Tx) / ortho.Scale, (y - ortho.Ty) / ortho.Scale, -100);
                    dir = rt * new Vec3(0, 0, 1);
                }
                double s = CubeHit(origin, dir);
                int i = y * side + x;
                bool nearEdge = NearSilhouette(origin, dir);
                if (double.IsPositiveInfinity(s))
                {
                    if (!nearEdge)
                        Assert.Equal(-1, raster.Buffers.TriangleIds[i]);
                    continue;
                }
                if (nearEdge)
                    continue;
                Assert.True(raster.Buffers.TriangleIds[i] >= 0, $"pixel ({x}, {y}) should show the cube");
                double depth = perspective ? pinhole.ToCamera(origin + s * dir).Z : (r * (origin + s * dir)).Z;
                Assert.Equal(depth, raster.Buffers.Depth[i], 1e-3);
                covered++;
            }
        }
        Assert.True(covered > 1000, $"only {covered} pixels judged");
    }

    private static bool NearSilhouette(Vec3 origin, Vec3 dir)
    {
        // The ray grazes an edge if a slightly shifted ray disagrees about hitting.
        bool hit = !double.IsPositiveInfinity(CubeHit(origin, dir));
        foreach (var e in new[] { new Vec3(1e-3, 0, 0), new Vec3(0, 1e-3, 0), new Vec3(0, 0, 1e-3), new Vec3(-1e-3, 0, 0), new Vec3(0, -1e-3, 0), new Vec3(0, 0, -1e-3) })
            if (!double.IsPositiveInfinity(CubeHit(origin + 5 * e, dir)) != hit)
                return true;
        return false;
    }

    /// <summary>
    /// The ICT head: at every drawn pixel, the surface point the buffers name (triangle + weights) projects back onto
    /// the pixel centre through Geometry's own camera, at the buffered depth (so the weights are perspective-correct).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void IctSurfacePointsReprojectOntoTheirPixels(bool perspective)
    {
        var model = IctTestModel.Value;
        var mesh = RenderScenes.Ict;
        const int side = 160;
        var pinhole = RenderScenes.IctPinhole(side, 0.4, -0.1);
        var ortho = RenderScenes.IctOrthographic(side, 0.4, -0.1);
        var raster = new Rasterizer(side, side);
        raster.Render(mesh, model.Neutral, perspective ? RenderCamera.Pinhole(pinhole) : RenderCamera.Orthographic(ortho));
        var buf = raster.Buffers;
        var n = model.Neutral.ToArray();
        Vec3 V(int v) => new(n[3 * v], n[3 * v + 1], n[3 * v + 2]);
        double worst = 0, worstDepth = 0;
        int drawn = 0;
        for (int i = 0; i < side * side; i++)
        {
            int t = buf.TriangleIds[i];
            if (t < 0)
                continue;
            drawn++;
            var p = buf.Barycentrics[3 * i] * V(mesh.Triangles[3 * t]) + buf.Barycentrics[3 * i + 1] * V(mesh.Triangles[3 * t + 1])
                + buf.Barycentrics[3 * i + 2] * V(mesh.Triangles[3 * t + 2]);
            var px = perspective ? pinhole.Project(p) : ortho.Project(p);
            double depth = perspective ? pinhole.ToCamera(p).Z : (ortho.R * p).Z;
            worst = Math.Max(worst, Point2.Distance(px, new Point2(i % side, i / side)));
            worstDepth = Math.Max(worstDepth, Math.Abs(depth - buf.Depth[i]));
        }
        Assert.True(drawn > side * side / 5, $"only {drawn} pixels drawn");
        Assert.True(worst < 2e-3, $"a surface point lands {worst} px from its pixel");
        Assert.True(worstDepth < 1e-3, $"depth off by {worstDepth}");
    }

    /// <summary>
    /// The landmark check: visible ICT landmark vertices appear in the vertex-id buffer, and their positions
    /// recovered from the buffers alone (the affine map from pixels to the weights of each triangle around it,
    /// solved for the corner) lie on their camera projections, mean error at most 0.1 px.
    /// </summary>
    [Fact]
    public void LandmarkVerticesFallOnTheirIdBufferPixels()
    {
        var model = IctTestModel.Value;
        var mesh = RenderScenes.Ict;
        const int side = 640;
        var camera = RenderScenes.IctOrthographic(side, 0.35, 0.1);
        var raster = new Rasterizer(side, side, threads: 2);
        raster.Render(mesh, model.Neutral, RenderCamera.Orthographic(camera));
        var buf = raster.Buffers;
        var n = model.Neutral;
        var idPixels = new HashSet<int>();
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++)
                idPixels.Add(buf.VertexIdAt(mesh, x, y));
        var errors = new List<double>();
        int inIdBuffer = 0;
        foreach (int v in model.Landmarks68.Distinct())
        {
            var world = new Vec3(n[3 * v], n[3 * v + 1], n[3 * v + 2]);
            var projected = camera.Project(world);
            int px = (int)Math.Round(projected.X), py = (int)Math.Round(projected.Y);
            if (Math.Abs(buf.Depth[py * side + px] - (camera.R * world).Z) > 0.3)
                continue; // hidden behind another part of the head
            if (idPixels.Contains(v))
                inIdBuffer++;
            var estimates = new List<Point2>();
            foreach (var group in PixelsOfTrianglesAround(mesh, buf, v, px, py))
                if (SolveCorner(group.Pixels, group.Corner, buf) is { } p)
                    estimates.Add(p);
            if (estimates.Count == 0)
                continue; // every triangle around it covers fewer than three pixel centres
            var mean = new Point2(estimates.Average(e => e.X), estimates.Average(e => e.Y));
            errors.Add(Point2.Distance(mean, projected));
        }
        // At 640 px some triangles around a landmark are smaller than a pixel, so a few never win a pixel.
        Assert.True(inIdBuffer >= 40, $"only {inIdBuffer} visible landmarks appear in the vertex-id buffer");
        Assert.True(errors.Count >= 40, $"only {errors.Count} landmarks visible and measurable");
        Assert.True(errors.Average() <= 0.1, $"mean landmark error {errors.Average():F4} px");
    }

    private static IEnumerable<(List<int> Pixels, int Corner)> PixelsOfTrianglesAround(RenderMesh mesh, FrameBuffers buf, int v, int px, int py)
    {
        var groups = new Dictionary<int, List<int>>();
        for (int y = Math.Max(0, py - 8); y < Math.Min(buf.Height, py + 9); y++)
            for (int x = Math.Max(0, px - 8); x < Math.Min(buf.Width, px + 9); x++)
            {
                int i = y * buf.Width + x, t = buf.TriangleIds[i];
                if (t >= 0 && (mesh.Triangles[3 * t] == v || mesh.Triangles[3 * t + 1] == v || mesh.Triangles[3 * t + 2] == v))
                    (groups.TryGetValue(t, out var list) ? list : groups[t] = []).Add(i);
            }
        foreach (var (t, pixels) in groups)
            yield return (pixels, mesh.Triangles[3 * t] == v ? 0 : mesh.Triangles[3 * t + 1] == v ? 1 : 2);
    }

    /// <summary>Least-squares affine fit of two corner weights over the pixels, solved for where the other two vanish.</summary>
    private static Point2? SolveCorner(List<int> pixels, int corner, FrameBuffers buf)
    {
        if (pixels.Count < 3)
            return null;
        int o1 = (corner + 1) % 3, o2 = (corner + 2) % 3;
        var ata = new double[3, 3];
        var atb1 = new double[3];
        var atb2 = new double[3];
        foreach (int i in pixels)
        {
            double[] row = [i % buf.Width, i / buf.Width, 1];
            for (int a = 0; a < 3; a++)
            {
                for (int b = 0; b < 3; b++)
                    ata[a, b] += row[a] * row[b];
                atb1[a] += row[a] * buf.Barycentrics[3 * i + o1];
                atb2[a] += row[a] * buf.Barycentrics[3 * i + o2];
            }
        }
        var m = new Mat3(ata[0, 0], ata[0, 1], ata[0, 2], ata[1, 0], ata[1, 1], ata[1, 2], ata[2, 0], ata[2, 1], ata[2, 2]);
        if (Math.Abs(m.Determinant) < 1e-6)
            return null;
        var c1 = Solve(m, new Vec3(atb1[0], atb1[1], atb1[2]));
        var c2 = Solve(m, new Vec3(atb2[0], atb2[1], atb2[2]));
        // c1.X x + c1.Y y + c1.Z = 0 and the same for c2.
        double det = c1.X * c2.Y - c1.Y * c2.X;
        if (Math.Abs(det) < 1e-12)
            return null;
        return new Point2((-c1.Z * c2.Y + c2.Z * c1.Y) / det, (-c1.X * c2.Z + c2.X * c1.Z) / det);
    }

    private static Vec3 Solve(Mat3 m, Vec3 b)
    {
        double d = m.Determinant;
        Vec3 Col(int c) => m.Column(c);
        return new Vec3(
            Vec3.Dot(b, Vec3.Cross(Col(1), Col(2))) / d,
            Vec3.Dot(Col(0), Vec3.Cross(b, Col(2))) / d,
            Vec3.Dot(Col(0), Vec3.Cross(Col(1), b)) / d);
    }

    [Fact]
    public void ThreadCountDoesNotChangeTheResult()
    {
        var model = IctTestModel.Value;
        var camera = RenderCamera.Pinhole(RenderScenes.IctPinhole(150, -0.6, 0.2));
        var one = new Rasterizer(150, 150, threads: 1);
        var two = new Rasterizer(150, 150, threads: 2);
        one.Render(RenderScenes.Ict, model.Neutral, camera);
        two.Render(RenderScenes.Ict, model.Neutral, camera);
        Assert.Equal(one.Buffers.TriangleIds, two.Buffers.TriangleIds);
        Assert.Equal(one.Buffers.Barycentrics, two.Buffers.Barycentrics);
        Assert.Equal(one.Buffers.Coverage, two.Buffers.Coverage);
    }

    /// <summary>A straight vertical silhouette edge at x = 10.3: the pixel it cuts is 80% covered, the rest 100% or 0%.</summary>
    [Fact]
    public void SilhouetteCoverageFollowsTheEdge()
    {
        var mesh = new RenderMesh([0, 1, 2], 3);
        float[] p = [-50, -50, 0, 10.3f, -50, 0, 10.3f, 100, 0];
        var raster = new Rasterizer(20, 20);
        raster.Render(mesh, p, RenderCamera.Orthographic(new ScaledOrthographicCamera(1, 0, 0, Mat3.Identity)));
        // Row 15 is covered from the image's left border (the hypotenuse passes left of it) to x = 10.3.
        int y = 15;
        var cov = raster.Buffers.Coverage;
        Assert.Equal(0.8f, cov[y * 20 + 10], 3);
        Assert.Equal(0f, cov[y * 20 + 11]);
        Assert.Equal(1f, cov[y * 20 + 9]);
        double rowArea = Enumerable.Range(0, 20).Sum(x => cov[y * 20 + x]);
        Assert.Equal(10.8, rowArea, 3);
    }

    [Fact]
    public void AttributeBuffersInterpolateNormalsAndUvs()
    {
        var mesh = new RenderMesh([0, 1, 2, 0, 2, 3], 4, [0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1]);
        float[] p = [0, 0, 0, 10, 0, 0, 10, 10, 0, 0, 10, 0];
        var raster = new Rasterizer(12, 12);
        raster.Render(mesh, p, RenderCamera.Orthographic(new ScaledOrthographicCamera(1, 0.5, 0.5, Mat3.Identity)));
        var uv = new float[2 * 144];
        raster.Buffers.InterpolateUvs(mesh, uv);
        // Pixel (x, y) sees the surface point (x - 0.5, y - 0.5), whose UV is a tenth of it.
        int i = 4 * 12 + 7;
        Assert.Equal(0.65f, uv[2 * i], 4);
        Assert.Equal(0.35f, uv[2 * i + 1], 4);
        float[] normals = [0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0];
        var n = new float[3 * 144];
        raster.Buffers.InterpolateNormals(mesh, normals, n);
        double len = Math.Sqrt(n[3 * i] * n[3 * i] + n[3 * i + 1] * n[3 * i + 1] + n[3 * i + 2] * n[3 * i + 2]);
        Assert.Equal(1, len, 5);
        Assert.True(n[3 * i] > 0 && n[3 * i + 2] > 0);
        Assert.Equal(-1, raster.Buffers.TriangleIds[11 * 12 + 11]);
    }
}
