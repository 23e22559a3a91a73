using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Morphable.IctFaceKit;
using FaceAlign3D.Rendering;
using FaceAlign3D.Synthesis;

namespace FaceAlign3D.Benchmarks.Rendering;

/// <summary>
/// One-thread renders of the ICT head (26719 vertices, 52k triangles) at a slight yaw, orthographic: the id /
/// depth / weight buffers alone and shaded with SH lighting, at 120x120 (the aligner's input size) and 512x512.
/// The baseline evaluates the model's shape at 30 identity and 2 expression weights, the step that comes before
/// every render of a new face, so the ratios say what rendering adds to it. Profile512 turns a 512x512 photo
/// (AFLW2000-3D image00014, resized) by 40 degrees of yaw with <see cref="FaceProfiler"/>, its fit made beforehand,
/// into the same target image each time.
/// </summary>
[MemoryDiagnoser]
public class RenderingBenchmarks
{
    private IctFaceModel _model = null!;
    private RenderMesh _mesh = null!;
    private float[] _vertices = null!;
    private float[] _normals = null!;
    private double[] _identity = null!;
    private double[] _expression = null!;
    private (Rasterizer Raster, RenderCamera Camera, Image Target)[] _sizes = null!;
    private readonly Lighting _light = SphericalHarmonicsLighting.FromAmbientAndDirectional(0.4f, 0.6f, (0.3, -0.4, -1));
    private readonly Albedo _skin = new Albedo.Constant(0.8f, 0.6f, 0.5f);
    private FaceProfiler _profiler = null!;
    private Image _photo = null!;
    private Image _profiled = null!;
    private FitResult _fit = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = IctFaceModelReader.Load(Path.Combine(SharedData.Root(), "models", "ict_facekit", "ict_face_model.safetensors"));
        _mesh = RenderMesh.FromQuadsAndTriangles(_model.Topology.Faces, _model.VertexCount);
        _vertices = new float[3 * _model.VertexCount];
        _normals = new float[3 * _model.VertexCount];
        _identity = [.. Enumerable.Range(0, 30).Select(i => Math.Sin(i))];
        _expression = new double[_model.ExpressionCount];
        _expression[_model.ExpressionIndex("jawOpen")] = 0.3;
        _expression[_model.ExpressionIndex("mouthSmile_L")] = 0.5;
        _model.Evaluate(_identity, _expression, _vertices);
        _model.Topology.VertexNormals(_vertices, _normals);
        _sizes = [.. new[] { 120, 512 }.Select(side =>
        {
            var r = PinholeCamera.ModelToCameraAxes * Rotation.FromYawPitchRoll(0.3, 0.1, 0);
            var camera = RenderCamera.Orthographic(new ScaledOrthographicCamera(side / 32.0, side / 2.0, side * 0.6, r));
            return (new Rasterizer(side, side), camera, new Image(side, side, PixelFormat.Rgb8));
        })];
        SetupProfile();
    }

    private void SetupProfile()
    {
        string data = Path.Combine(SharedData.Root(), "data", "aflw2000-3d");
        var photo = PixelConversion.ToRgb8(ImageDecoder.Load(Path.Combine(data, "images", "image00014.jpg")));
        double scale = 512.0 / photo.Width;
        _photo = ImageResize.Resize(photo, 512, 512);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "annotations.json")));
        var sample = doc.RootElement.GetProperty("samples").EnumerateArray().First(s => s.GetProperty("image").GetString() == "image00014.jpg");
        var points = sample.GetProperty("landmarks68_2d_reannotated").EnumerateArray()
            .Select(p => new Point2(scale * p[0].GetDouble(), scale * p[1].GetDouble())).ToArray();
        _fit = new FaceModelFitter(_model).FitImage(LandmarkObservation.WithUniformSigma(points), ViewCamera.Orthographic());
        _profiler = new FaceProfiler(_model);
        _profiled = new Image(512, 512, PixelFormat.Rgb8);
    }

    [Benchmark(Baseline = true)]
    public void EvaluateShape() => _model.Evaluate(_identity, _expression, _vertices);

    [Benchmark]
    public void Rasterize120() => Rasterize(0);

    [Benchmark]
    public void Shaded120() => Shaded(0);

    [Benchmark]
    public void Shaded512() => Shaded(1);

    [Benchmark]
    public Image Profile512() => _profiler.Profile(_photo, _fit, 40, 0, into: _profiled).Image;

    private void Rasterize(int size) => _sizes[size].Raster.Render(_mesh, _vertices, _sizes[size].Camera);

    private void Shaded(int size)
    {
        var (raster, camera, target) = _sizes[size];
        raster.Render(_mesh, _vertices, camera);
        Shader.Shade(raster, _mesh, _normals, camera, _skin, _light, target);
    }
}
