using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Rendering;

namespace FaceAlign3D.Tests.Rendering;

public sealed class ShaderTests
{
    /// <summary>A 10x10 square facing the camera, drawn over pixels (1..10, 1..10) of a 12x12 image, UVs spanning [0, 1].</summary>
    private static (Rasterizer, RenderMesh, float[] Normals, RenderCamera) Square()
    {
        var mesh = new RenderMesh([0, 1, 2, 0, 2, 3], 4, [0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0]);
        float[] p = [0, 0, 0, 9, 0, 0, 9, 9, 0, 0, 9, 0];
        float[] normals = [0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, -1];
        var camera = RenderCamera.Orthographic(new ScaledOrthographicCamera(1, 1, 1, Mat3.Identity));
        var raster = new Rasterizer(12, 12);
        raster.Render(mesh, p, camera);
        return (raster, mesh, normals, camera);
    }

    [Fact]
    public void TextureIsSampledBilinearlyAndBackgroundKept()
    {
        var (raster, mesh, normals, camera) = Square();
        // A 10x10 texture whose red channel is 20 * column and green 20 * row: pixel (x, y) of the render maps to
        // texel (x - 1, y - 1), the v axis running up the texture and down the square.
        var tex = new Image(10, 10, PixelFormat.Rgb8);
        for (int y = 0; y < 10; y++)
            for (int x = 0; x < 10; x++)
            {
                tex.Row(y)[3 * x] = (byte)(20 * x);
                tex.Row(y)[3 * x + 1] = (byte)(20 * y);
            }
        var target = new Image(12, 12, PixelFormat.Rgb8);
        target.Data.AsSpan().Fill(77);
        Shader.Shade(raster, mesh, normals, camera, new Albedo.Texture(tex), LambertLighting.Flat, target);
        Assert.Equal(20 * 3, target.Row(5)[3 * 4]);
        Assert.Equal(20 * 4, target.Row(5)[3 * 4 + 1]);
        Assert.Equal(77, target.Row(0)[3 * 11]);
    }

    [Fact]
    public void LambertAndShadingFollowTheLightDirection()
    {
        var (raster, mesh, normals, camera) = Square();
        var target = new Image(12, 12, PixelFormat.Rgb8);
        var grey = new Albedo.Constant(0.5f, 0.5f, 0.5f);
        // Light at 60 degrees from the normal: 0.2 ambient + cos 60 = 0.7 times the albedo.
        var lambert = new LambertLighting([0.2f, 0.2f, 0.2f], [1, 1, 1], (Math.Sqrt(3), 0, -1));
        Shader.Shade(raster, mesh, normals, camera, grey, lambert, target);
        Assert.Equal((byte)Math.Round(0.35 * 255), target.Row(5)[15]);
        // The SH approximation of a head-on light gives 1.0625 times its irradiance.
        var sh = SphericalHarmonicsLighting.FromAmbientAndDirectional(0, 0.8f, (0, 0, -1));
        Span<float> e = stackalloc float[3];
        sh.Irradiance(0, 0, -1, e);
        Assert.Equal(0.85f, e[0], 4);
        // ... and a smooth stand-in for the clamped cosine away from the light (within 0.1 over the sphere).
        var rng = new Random(3);
        for (int k = 0; k < 200; k++)
        {
            var n = new Vec3(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5).Normalized();
            sh.Irradiance((float)n.X, (float)n.Y, (float)n.Z, e);
            Assert.InRange(e[0] - 0.8 * Math.Max(0, -n.Z), -0.1, 0.1);
        }
    }
}
