using FaceAlign3D.Geometry;
using FaceAlign3D.Morphable.IctFaceKit;
using FaceAlign3D.Rendering;

namespace FaceAlign3D.Synthesis;

/// <summary>A face drawn from the ICT model: its weights and its head rotation (model frame, x right, y up, z toward the viewer).</summary>
internal sealed record SampledFace(double[] Identity, double[] Expression, Mat3 Rotation)
{
    /// <summary>The model's vertices at these weights, before the rotation (cm).</summary>
    public float[] ModelVertices(IctFaceModel model)
    {
        var v = new float[3 * model.VertexCount];
        model.Evaluate(Identity, Expression, v);
        return v;
    }
}

/// <summary>How faces and lights are drawn.</summary>
internal sealed record FaceSampling
{
    /// <summary>Identity modes drawn from N(0, 1) (the ICT model has 100); the rest stay 0.</summary>
    public int IdentityModes { get; init; } = 100;

    /// <summary>Chance that a blendshape is active; active weights are uniform in [0, <see cref="MaxExpressionWeight"/>].</summary>
    public double ExpressionProbability { get; init; } = 0.15;

    public double MaxExpressionWeight { get; init; } = 0.7;

    /// <summary>Head rotation bounds in degrees; each angle is uniform in [-max, max].</summary>
    public double MaxYaw { get; init; } = 20;

    public double MaxPitch { get; init; } = 10;

    public double MaxRoll { get; init; } = 10;
}

/// <summary>
/// Seeded draws of ICT faces (identity, sparse expression, head rotation), skin tones and lights: the same seed gives
/// the same sequence.
/// </summary>
internal sealed class IctFaceSampler(IctFaceModel model, int seed)
{
    private readonly Random _random = new(seed);

    public double Uniform(double a, double b) => a + (b - a) * _random.NextDouble();

    public double Gaussian()
    {
        double u1 = 1.0 - _random.NextDouble(), u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>
    /// Places a sampled head so that the centroid of its <paramref name="landmarks"/> sits within a centimetre of the
    /// world origin, where the cameras look: the head's translation and those landmarks in the world (cm).
    /// </summary>
    public (Vec3 Translation, Vec3[] World) PlaceNearOrigin(SampledFace face, float[] vertices, IReadOnlyList<int> landmarks)
    {
        Vec3 Rotated(int v) => face.Rotation * new Vec3(vertices[3 * v], vertices[3 * v + 1], vertices[3 * v + 2]);
        var centroid = Vec3.Zero;
        foreach (int v in landmarks)
            centroid += (1.0 / landmarks.Count) * Rotated(v);
        var translation = new Vec3(Uniform(-1, 1), Uniform(-1, 1), Uniform(-1, 1)) - centroid;
        return (translation, landmarks.Select(v => Rotated(v) + translation).ToArray());
    }

    /// <exception cref="ArgumentException">more identity modes than the model has, or a negative bound.</exception>
    public SampledFace Face(FaceSampling sampling)
    {
        if (sampling.IdentityModes < 0 || sampling.IdentityModes > model.IdentityCount)
            throw new ArgumentException($"identity modes must lie within 0-{model.IdentityCount}, got {sampling.IdentityModes}");
        if (!(sampling.MaxYaw >= 0 && sampling.MaxPitch >= 0 && sampling.MaxRoll >= 0))
            throw new ArgumentException("rotation bounds must be non-negative");
        var identity = new double[sampling.IdentityModes];
        for (int i = 0; i < identity.Length; i++)
            identity[i] = Gaussian();
        var expression = Expression(sampling);
        var rotation = Rotation.FromYawPitchRoll(Radians(Uniform(-sampling.MaxYaw, sampling.MaxYaw)),
            Radians(Uniform(-sampling.MaxPitch, sampling.MaxPitch)), Radians(Uniform(-sampling.MaxRoll, sampling.MaxRoll)));
        return new SampledFace(identity, expression, rotation);
    }

    /// <summary>A sparse expression: each blendshape active with the sampling's probability, at a uniform weight.</summary>
    public double[] Expression(FaceSampling sampling)
    {
        var expression = new double[model.ExpressionCount];
        for (int j = 0; j < expression.Length; j++)
            if (_random.NextDouble() < sampling.ExpressionProbability)
                expression[j] = Uniform(0, sampling.MaxExpressionWeight);
        return expression;
    }

    /// <summary>A skin albedo (linear RGB in [0, 1]) between light and dark tones.</summary>
    public (float R, float G, float B) SkinTone()
    {
        double t = _random.NextDouble();
        return ((float)(0.88 - 0.5 * t), (float)(0.70 - 0.45 * t), (float)(0.58 - 0.40 * t));
    }

    /// <summary>Ambient light plus one distant light from the viewer's side (camera axes: y down, z forward).</summary>
    public SphericalHarmonicsLighting Light() =>
        SphericalHarmonicsLighting.FromAmbientAndDirectional((float)Uniform(0.25, 0.5), (float)Uniform(0.5, 0.8),
            (Uniform(-1, 1), Uniform(-1, 0.3), -1));

    public static double Radians(double degrees) => degrees * Math.PI / 180;
}
