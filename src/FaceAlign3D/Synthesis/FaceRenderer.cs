using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Morphable;
using FaceAlign3D.Morphable.IctFaceKit;
using FaceAlign3D.Rendering;

namespace FaceAlign3D.Synthesis;

/// <summary>
/// Renders posed ICT heads over a background: the whole mesh, with a skin albedo per face (ICT has no texture; eyeballs
/// are drawn white and the mouth socket dark) or a texture in the ICT UV layout (<see cref="PhotoTexture"/>),
/// spherical-harmonics lighting and anti-aliased silhouettes.
/// Not thread-safe (reuses its buffers); use one per thread.
/// </summary>
internal sealed class FaceRenderer
{
    private readonly IMorphableModel _model;
    private readonly RenderMesh _mesh;
    private readonly RenderMesh? _texturedMesh;
    private readonly float[] _albedo;
    private readonly float[] _normals;
    private readonly float[] _world;
    private Rasterizer? _rasterizer;

    /// <param name="model">the ICT model.</param>
    /// <param name="uvs">its texture layout, for <see cref="RenderTextured"/>.</param>
    public FaceRenderer(IctFaceModel model, IctUvLayout? uvs = null)
    {
        _model = model;
        _mesh = RenderMesh.FromQuadsAndTriangles(model.Topology.Faces, model.VertexCount);
        if (uvs is not null)
            _texturedMesh = RenderMesh.FromQuadsAndTriangles(model.Topology.Faces, model.VertexCount, uvs.FaceUvs, uvs.Uvs);
        _albedo = new float[3 * model.VertexCount];
        _normals = new float[3 * model.VertexCount];
        _world = new float[3 * model.VertexCount];
    }

    /// <summary>The head's vertices placed in the world: rotation then translation (cm).</summary>
    public static float[] Place(ReadOnlySpan<float> modelVertices, Mat3 rotation, Vec3 translation)
    {
        var world = new float[modelVertices.Length];
        Place(modelVertices, rotation, translation, world);
        return world;
    }

    private static void Place(ReadOnlySpan<float> modelVertices, Mat3 rotation, Vec3 translation, Span<float> world)
    {
        for (int i = 0; i < modelVertices.Length; i += 3)
        {
            var p = rotation * new Vec3(modelVertices[i], modelVertices[i + 1], modelVertices[i + 2]) + translation;
            world[i] = (float)p.X;
            world[i + 1] = (float)p.Y;
            world[i + 2] = (float)p.Z;
        }
    }

    /// <summary>Draws the head (model vertices turned by <paramref name="rotation"/> and moved by <paramref name="translation"/>) over <paramref name="background"/>.</summary>
    /// <returns>A new RGB8 image the size of the background.</returns>
    /// <exception cref="ArgumentException">the background is not RGB8 or is larger than the rasteriser allows, or the vertex count is wrong.</exception>
    public Image Render(ReadOnlySpan<float> modelVertices, Mat3 rotation, Vec3 translation, RenderCamera camera, (float R, float G, float B) skin,
        Lighting lighting, Image background)
    {
        Paint(skin);
        return Draw(_mesh, new Albedo.PerVertex(_albedo), modelVertices, rotation, translation, camera, lighting, background);
    }

    /// <summary>Draws the head wearing an RGB8 texture in the ICT UV layout.</summary>
    /// <exception cref="InvalidOperationException">the renderer was made without the UV layout.</exception>
    /// <exception cref="ArgumentException">as <see cref="Render"/>, or the texture is not RGB8.</exception>
    public Image RenderTextured(ReadOnlySpan<float> modelVertices, Mat3 rotation, Vec3 translation, RenderCamera camera, Image texture,
        Lighting lighting, Image background)
    {
        if (_texturedMesh is null)
            throw new InvalidOperationException("this renderer was made without the UV layout");
        if (texture.Format != PixelFormat.Rgb8)
            throw new ArgumentException($"the texture must be RGB8, got {texture.Format}", nameof(texture));
        return Draw(_texturedMesh, new Albedo.Texture(texture), modelVertices, rotation, translation, camera, lighting, background);
    }

    private Image Draw(RenderMesh mesh, Albedo albedo, ReadOnlySpan<float> modelVertices, Mat3 rotation, Vec3 translation, RenderCamera camera,
        Lighting lighting, Image background)
    {
        if (background.Format != PixelFormat.Rgb8)
            throw new ArgumentException($"the background must be RGB8, got {background.Format}", nameof(background));
        if (modelVertices.Length != _world.Length)
            throw new ArgumentException($"expected {_world.Length} vertex coordinates, got {modelVertices.Length}", nameof(modelVertices));
        if (_rasterizer is null || _rasterizer.Width != background.Width || _rasterizer.Height != background.Height)
            _rasterizer = new Rasterizer(background.Width, background.Height);
        Place(modelVertices, rotation, translation, _world);
        _model.Topology.VertexNormals(_world, _normals);
        _rasterizer.Render(mesh, _world, camera);
        var target = background.Clone();
        Shader.Shade(_rasterizer, mesh, _normals, camera, albedo, lighting, target);
        return target;
    }

    private void Paint((float R, float G, float B) skin)
    {
        for (int v = 0; v < _model.VertexCount; v++)
        {
            var (r, g, b) = _model.InRegion("eyeball_left", v) || _model.InRegion("eyeball_right", v) ? (0.85f, 0.85f, 0.82f)
                : _model.InRegion("mouth_socket", v) ? (0.35f, 0.12f, 0.12f)
                : skin;
            _albedo[3 * v] = r;
            _albedo[3 * v + 1] = g;
            _albedo[3 * v + 2] = b;
        }
    }
}
