using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Morphable.IctFaceKit;

namespace FaceAlign3D.Tests.Fitting;

/// <summary>A ground-truth face made from the model itself: weights, pose and the 2D landmarks it projects to.</summary>
public sealed record SyntheticFace(double[] Identity, double[] Expression, Mat3 Rotation, Vec3 Translation, double Scale, Point2 Offset)
{
    public float[] ModelVertices(IctFaceModel model)
    {
        var v = new float[3 * model.VertexCount];
        model.Evaluate(Identity, Expression, v);
        return v;
    }
}

/// <summary>Seeded generators of synthetic faces and their observations.</summary>
public sealed class SyntheticFaces(int seed)
{
    private readonly Random _random = new(seed);

    public IctFaceModel Model => IctTestModel.Value;

    public double Gaussian()
    {
        double u1 = 1.0 - _random.NextDouble(), u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public double Uniform(double a, double b) => a + (b - a) * _random.NextDouble();

    /// <summary>Identity ~ N(0,1) on the first <paramref name="modes"/> modes.</summary>
    public double[] Identity(int modes)
    {
        var id = new double[modes];
        for (int i = 0; i < modes; i++)
            id[i] = Gaussian();
        return id;
    }

    /// <summary>A sparse random expression: each blendshape active with probability 0.15, weight U(0, 0.7).</summary>
    public double[] Expression()
    {
        var e = new double[Model.ExpressionCount];
        for (int j = 0; j < e.Length; j++)
            if (_random.NextDouble() < 0.15)
                e[j] = Uniform(0, 0.7);
        return e;
    }

    public static double Radians(double degrees) => degrees * Math.PI / 180;

    /// <summary>Pose with the given yaw range (degrees), pitch and roll within +-10 degrees; a 200 px face about (250, 250).</summary>
    public SyntheticFace Face(int identityModes, double minYaw, double maxYaw)
    {
        double yaw = Uniform(minYaw, maxYaw) * (_random.NextDouble() < 0.5 ? -1 : 1);
        var r = Rotation.FromYawPitchRoll(Radians(yaw), Radians(Uniform(-10, 10)), Radians(Uniform(-10, 10)));
        return new SyntheticFace(Identity(identityModes), Expression(), r, Vec3.Zero, 200.0 / 15.0, new Point2(250 + Uniform(-20, 20), 250 + Uniform(-20, 20)));
    }

    /// <summary>Orthographic projection of the given model vertices of a face.</summary>
    public static Point2[] ProjectOrthographic(SyntheticFace face, float[] vertices, IReadOnlyList<int> indices)
    {
        var camera = PinholeCamera.ModelToCameraAxes;
        var points = new Point2[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            int v = indices[k];
            var c = camera * (face.Rotation * new Vec3(vertices[3 * v], vertices[3 * v + 1], vertices[3 * v + 2]));
            points[k] = new Point2(face.Scale * c.X + face.Offset.X, face.Scale * c.Y + face.Offset.Y);
        }
        return points;
    }

    public Point2[] AddNoise(Point2[] points, double sigma) =>
        points.Select(p => new Point2(p.X + sigma * Gaussian(), p.Y + sigma * Gaussian())).ToArray();
}
