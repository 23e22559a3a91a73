using FaceAlign3D.Imaging;
using FaceAlign3D.Morphable;
using FaceAlign3D.Rendering;
using FaceAlign3D.Synthesis;
using FaceAlign3D.Tests.Fitting;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Synthesis;

public sealed class PhotoTextureTests(ITestOutputHelper output)
{
    [Fact]
    public void The_texture_worn_in_the_photos_view_gives_the_photo_back()
    {
        var model = IctTestModel.Value;
        var uvs = ProfileDatasetTests.Fitting().Uvs;
        var (photo, fit) = AflwPhotos.Fitted("image00014.jpg");
        var texture = PhotoTexture.Unwrap(model, uvs, photo, fit, 1024);

        var vertices = fit.ModelVertices(model);
        var normals = new float[vertices.Length];
        model.Topology.VertexNormals(vertices, normals);
        var mesh = RenderMesh.FromQuadsAndTriangles(model.Topology.Faces, model.VertexCount, uvs.FaceUvs, uvs.Uvs);
        var camera = RenderCamera.Orthographic(PhotoView.CameraOf(fit));
        var rasterizer = new Rasterizer(photo.Width, photo.Height);
        rasterizer.Render(mesh, vertices, camera);
        var rendered = photo.Clone();
        Shader.Shade(rasterizer, mesh, normals, camera, new Albedo.Texture(texture), LambertLighting.Flat, rendered);

        // On the face's interior pixels the render takes the colour back from where the texture took it.
        var buf = rasterizer.Buffers;
        double sum = 0;
        int pixels = 0;
        for (int i = 0; i < buf.Width * buf.Height; i++)
        {
            int t = buf.TriangleIds[i];
            if (t < 0 || buf.Coverage[i] < 1 || !model.InRegion("face", mesh.Triangles[3 * t]))
                continue;
            for (int c = 0; c < 3; c++)
                sum += Math.Abs(rendered.Data[3 * i + c] - photo.Data[3 * i + c]);
            pixels++;
        }
        double mean = sum / (3 * pixels);
        output.WriteLine($"{pixels} face pixels, mean difference {mean:F2} grey levels");
        Assert.True(pixels > 10_000);
        Assert.InRange(mean, 0, 6);
    }

    [Fact]
    public void Refuses_bad_input()
    {
        var model = IctTestModel.Value;
        var uvs = ProfileDatasetTests.Fitting().Uvs;
        var (photo, fit) = AflwPhotos.Fitted("image00014.jpg");
        Assert.Throws<ArgumentException>(() => PhotoTexture.Unwrap(model, uvs, new Image(8, 8, PixelFormat.Gray8), fit, 64));
        Assert.Throws<ArgumentException>(() => PhotoTexture.Unwrap(model, uvs, photo, fit, 1));
        Assert.Throws<ArgumentException>(() => PhotoTexture.Unwrap(model, uvs, photo, fit, PhotoTexture.MaxSize + 1));
    }
}
