using BenchmarkDotNet.Attributes;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Morphable.IctFaceKit;

namespace FaceAlign3D.Benchmarks.Fitting;

/// <summary>
/// Landmark fitting of the ICT model: one image (68 landmarks, or MediaPipe's 468 surface points; 30 identity +
/// 53 expression parameters, scaled orthographic) and a 300-frame clip, on seeded synthetic landmarks with 1 px noise. The model is read from
/// FACEALIGN3D_SHARED or a ../shared folder above the working directory.
/// </summary>
[MemoryDiagnoser]
public class FittingBenchmarks
{
    private FaceModelFitter _fitter = null!;
    private FaceModelFitter _temporalFitter = null!;
    private FaceModelFitter _denseFitter = null!;
    private LandmarkObservation _image = null!;
    private LandmarkObservation _image468 = null!;
    private LandmarkObservation[] _image468Sigmas = null!;
    private int _call;
    private Func<BasisMoments?, FaceEnergy> _energy468 = null!;
    private BasisMoments _moments468 = null!;
    private LandmarkObservation[] _clip = null!;

    [GlobalSetup]
    public void Setup()
    {
        var model = IctFaceModelReader.Load(Path.Combine(SharedData.Root(), "models", "ict_facekit", "ict_face_model.safetensors"));
        _fitter = new FaceModelFitter(model);
        _temporalFitter = new FaceModelFitter(model, new FitOptions { Weights = new EnergyWeights { Temporal = 1.0 } });
        var dense = LandmarkLayout.MediaPipe468(IctMediaPipeCorrespondence.LoadBuiltIn(model.VertexCount));
        _denseFitter = new FaceModelFitter(model, layout: dense);
        var rng = new Random(1);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var identity = Enumerable.Range(0, 30).Select(_ => Gaussian()).ToArray();
        var vertices = new float[3 * model.VertexCount];
        LandmarkObservation Frame(double t, IReadOnlyList<SurfacePoint>? layout = null)
        {
            var expression = new double[model.ExpressionCount];
            expression[model.ExpressionIndex("jawOpen")] = 0.3 * (1 + Math.Sin(t));
            expression[model.ExpressionIndex("mouthSmile_L")] = 0.2 * (1 + Math.Cos(t));
            model.Evaluate(identity, expression, vertices);
            var r = PinholeCamera.ModelToCameraAxes * Rotation.FromYawPitchRoll(0.3 * Math.Sin(t), 0.1 * Math.Cos(t), 0.05);
            Vec3 Vertex(int v) => new(vertices[3 * v], vertices[3 * v + 1], vertices[3 * v + 2]);
            var surface = layout ?? model.Landmarks68.Select(v => new SurfacePoint(v, v, v, 1, 0, 0, 0)).ToList();
            var points = surface.Select(p =>
            {
                var c = r * (p.Wa * Vertex(p.A) + p.Wb * Vertex(p.B) + p.Wc * Vertex(p.C));
                return new Point2(13.3 * c.X + 250 + Gaussian(), 13.3 * c.Y + 250 + Gaussian());
            }).ToArray();
            return new LandmarkObservation(points, [.. Enumerable.Repeat(1.0, points.Length)]);
        }
        _image = Frame(0.7);
        _image468 = Frame(0.7, dense.Points);
        var basis = ShapeBasis.FromSurfacePoints(model, [.. dense.Points], 30);
        var weights = Enumerable.Repeat(1.0, dense.Count).ToArray();
        _moments468 = BasisMoments.Build(basis, weights);
        var start = PoseInitializer.Orthographic(basis.Mean, _image468.Points, ViewCamera.Orthographic());
        _energy468 = moments => new FaceEnergy(
            [new EnergyFrame([new EnergyView(ViewCamera.Orthographic(), basis, _image468.Points, weights)], (double[])start.Clone(), new double[model.ExpressionCount])],
            30, model.ExpressionCount, new double[30], 0, fitIdentity: true, fitFocal: false, fitFrames: true, new EnergyWeights()) { Moments = moments };
        _image468Sigmas = [_image468, new LandmarkObservation(_image468.Points, [.. Enumerable.Repeat(1.5, dense.Count)])];
        _clip = Enumerable.Range(0, 300).Select(i => Frame(2 * Math.PI * i / 100)).ToArray();
    }

    [Benchmark]
    public FitResult Image() => _fitter.FitImage(_image, ViewCamera.Orthographic());

    [Benchmark]
    public FitResult Image468() => _denseFitter.FitImage(_image468, ViewCamera.Orthographic());

    /// <summary>Alternates two landmark sigmas, so no fit reuses the basis moments of the previous one.</summary>
    [Benchmark]
    public FitResult Image468NewWeights() => _denseFitter.FitImage(_image468Sigmas[_call++ & 1], ViewCamera.Orthographic());

    /// <summary>The solver alone on the 468-point energy, with the dense Jacobian (the peer of the next one).</summary>
    [Benchmark]
    public double Solver468Dense() => Solve468(null);

    /// <summary>The same solve with the normal equations from cached basis moments.</summary>
    [Benchmark]
    public double Solver468Moments() => Solve468(_moments468);

    private double Solve468(BasisMoments? moments)
    {
        var energy = _energy468(moments);
        return LevenbergMarquardt.Solve(energy, energy.Pack()).FinalCost;
    }

    [Benchmark]
    public SequenceFitResult Sequence300() => _fitter.FitSequence(_clip, ViewCamera.Orthographic());

    [Benchmark]
    public SequenceFitResult Sequence300Temporal() => _temporalFitter.FitSequence(_clip, ViewCamera.Orthographic());
}
