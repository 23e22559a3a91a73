using FaceAlign3D.Geometry;
using FaceAlign3D.Morphable;

namespace FaceAlign3D.Fitting;

/// <summary>How a BFM-68 placement went on one ICT face (cm).</summary>
/// <param name="Vertices">The ICT vertex of each BFM landmark, iBUG order.</param>
/// <param name="InnerRmsCm">RMS distance of the fitted BFM's 51 inner landmarks (17-67) to the ICT landmark vertices.</param>
/// <param name="SurfaceDistanceCm">Distance of each fitted BFM landmark to its ICT vertex.</param>
internal sealed record IctBfm68Placement(int[] Vertices, double InnerRmsCm, double[] SurfaceDistanceCm);

/// <summary>
/// Places the 68 landmarks as 3DDFA_V2's BFM places them (the layout the tddfa aligner predicts and AFLW2000-3D
/// annotates) on one fitted ICT face (docs/synthesis.md). The layouts share the Multi-PIE semantics but not the
/// jaw: BFM's fixed jaw vertices run lower and further out than ICT's. The BFM sparse model (40 identity and 10
/// expression modes, their spread from the aligner's parameter statistics as the prior) is fitted to the face's 51
/// inner ICT landmark vertices in 3D and to its 17 jaw landmark vertices across the line of sight of the photo the face
/// was fitted to (where the ICT jaw follows the photo's outline, as the BFM jaw of AFLW2000-3D's fits does), alternating
/// a similarity (Umeyama, inner points) with a regularised linear solve. Each of its 68 points then goes to the nearest
/// vertex of the ICT face region, so the landmarks are fixed surface points of this face that turn with it.
/// </summary>
internal static class IctBfm68
{
    private const int InnerFirst = 17;
    private const int Rounds = 8;
    private const double NoiseCm = 0.15; // how far the ICT inner points may sit from a BFM face, against the prior

    /// <param name="ict">the ICT model (its 68-landmark table and "face" region).</param>
    /// <param name="vertices">the fitted ICT face, vertex count x 3 (cm).</param>
    /// <param name="bfm">3DDFA_V2's BFM: its sparse landmark model and parameter spread.</param>
    /// <param name="lineOfSight">the photo's viewing direction in the model frame (unit).</param>
    /// <exception cref="ArgumentException">wrong vertex count, or a model without a face region.</exception>
    public static IctBfm68Placement Place(IMorphableModel ict, ReadOnlySpan<float> vertices, Bfm3ddfa bfm, Vec3 lineOfSight)
    {
        if (vertices.Length != 3 * ict.VertexCount)
            throw new ArgumentException($"expected {3 * ict.VertexCount} vertex coordinates, got {vertices.Length}", nameof(vertices));
        if (!ict.Regions.TryGetValue("face", out var face))
            throw new ArgumentException("the model has no face region", nameof(ict));
        const int inner = 68 - InnerFirst;
        var all = new double[3 * 68];
        for (int i = 0; i < 68; i++)
            for (int k = 0; k < 3; k++)
                all[3 * i + k] = vertices[3 * ict.Landmarks68[i] + k];
        var target = all[(3 * InnerFirst)..];

        var (mean, basis, spread) = LinearModel(bfm);
        int modes = spread.Length;
        var coefficients = new double[modes];
        var shape = new double[3 * 68];
        SimilarityTransform toIct = SimilarityTransform.Identity;
        for (int round = 0; round < Rounds; round++)
        {
            Shape(mean, basis, coefficients, shape);
            toIct = Umeyama.Estimate(shape.AsSpan(3 * InnerFirst), target, estimateScale: true);
            coefficients = SolveCoefficients(mean, basis, spread, Inverse(toIct, all), Unrotate(toIct, lineOfSight), NoiseCm / toIct.Scale);
        }
        Shape(mean, basis, coefficients, shape);
        var placed = toIct.Apply(shape);
        double sum = 0;
        for (int i = 0; i < 3 * inner; i++)
            sum += (placed[3 * InnerFirst + i] - target[i]) * (placed[3 * InnerFirst + i] - target[i]);

        var chosen = new int[68];
        var distances = new double[68];
        for (int l = 0; l < 68; l++)
        {
            var p = new Vec3(placed[3 * l], placed[3 * l + 1], placed[3 * l + 2]);
            double best = double.MaxValue;
            for (int v = face.First; v <= face.Last; v++)
            {
                double d = (new Vec3(vertices[3 * v], vertices[3 * v + 1], vertices[3 * v + 2]) - p).LengthSquared;
                if (d < best)
                    (best, chosen[l]) = (d, v);
            }
            distances[l] = Math.Sqrt(best);
        }
        return new IctBfm68Placement(chosen, Math.Sqrt(sum / inner), distances);
    }

    /// <summary>The sparse model as mean + basis x coefficients, the basis column-major (one 204-vector per mode), and each mode's spread.</summary>
    private static (double[] Mean, double[] Basis, double[] Spread) LinearModel(Bfm3ddfa bfm)
    {
        var model = bfm.LandmarkModel;
        int identity = model.IdentityCount, expression = model.ExpressionCount, modes = identity + expression;
        var mean = Evaluate(model, new double[identity], new double[expression]);
        var basis = new double[modes * 3 * 68];
        var spread = new double[modes];
        var std = bfm.ParamStd.Span;
        for (int j = 0; j < modes; j++)
        {
            var a = new double[identity];
            var b = new double[expression];
            if (j < identity) a[j] = 1; else b[j - identity] = 1;
            var column = Evaluate(model, a, b);
            for (int i = 0; i < column.Length; i++)
                basis[j * column.Length + i] = column[i] - mean[i];
            spread[j] = std[Bfm3ddfa.PoseParamCount + j];
        }
        return (mean, basis, spread);
    }

    private static double[] Evaluate(IMorphableModel model, double[] identity, double[] expression)
    {
        var points = new float[3 * model.VertexCount];
        model.Evaluate(identity, expression, points);
        return [.. points.Select(v => (double)v)];
    }

    private static void Shape(double[] mean, double[] basis, double[] coefficients, double[] shape)
    {
        mean.CopyTo(shape, 0);
        for (int j = 0; j < coefficients.Length; j++)
            for (int i = 0; i < shape.Length; i++)
                shape[i] += coefficients[j] * basis[j * shape.Length + i];
    }

    /// <summary>Points mapped back through the inverse of a similarity.</summary>
    private static double[] Inverse(SimilarityTransform s, double[] points)
    {
        var r = s.Rotation;
        var result = new double[points.Length];
        for (int p = 0; p < points.Length / 3; p++)
        {
            double x = points[3 * p] - s.Translation[0], y = points[3 * p + 1] - s.Translation[1], z = points[3 * p + 2] - s.Translation[2];
            for (int k = 0; k < 3; k++)
                result[3 * p + k] = (r[k] * x + r[3 + k] * y + r[6 + k] * z) / s.Scale;
        }
        return result;
    }

    private static Vec3 Unrotate(SimilarityTransform s, Vec3 v)
    {
        var r = s.Rotation;
        return new Vec3(r[0] * v.X + r[3] * v.Y + r[6] * v.Z, r[1] * v.X + r[4] * v.Y + r[7] * v.Z, r[2] * v.X + r[5] * v.Y + r[8] * v.Z);
    }

    /// <summary>
    /// Least squares with a Gaussian prior: min sum_p |W_p (mean + B c - y)_p|^2 + noise^2 sum (c_j / spread_j)^2, where
    /// W_p is the identity for inner points and drops the component along the line of sight for jaw points.
    /// </summary>
    private static double[] SolveCoefficients(double[] mean, double[] basis, double[] spread, double[] target, Vec3 sight, double noise)
    {
        int modes = spread.Length, rows = 3 * 68;
        // Jaw residuals keep only their part across the line of sight: project basis columns and residuals with I - s s^T.
        var projected = (double[])basis.Clone();
        var residual = new double[rows];
        for (int i = 0; i < rows; i++)
            residual[i] = target[i] - mean[i];
        void Across(double[] v, int offset)
        {
            for (int p = 0; p < InnerFirst; p++)
            {
                int o = offset + 3 * p;
                double along = v[o] * sight.X + v[o + 1] * sight.Y + v[o + 2] * sight.Z;
                v[o] -= along * sight.X;
                v[o + 1] -= along * sight.Y;
                v[o + 2] -= along * sight.Z;
            }
        }
        for (int a = 0; a < modes; a++)
            Across(projected, a * rows);
        Across(residual, 0);
        var normal = new double[modes * modes];
        var rhs = new double[modes];
        for (int a = 0; a < modes; a++)
        {
            for (int i = 0; i < rows; i++)
                rhs[a] += projected[a * rows + i] * residual[i];
            for (int b = 0; b <= a; b++)
            {
                double s = 0;
                for (int i = 0; i < rows; i++)
                    s += projected[a * rows + i] * projected[b * rows + i];
                normal[a * modes + b] = normal[b * modes + a] = s;
            }
            normal[a * modes + a] += noise * noise / (spread[a] * spread[a]);
        }
        if (!DenseCholesky.Factor(normal, modes))
            return new double[modes];
        DenseCholesky.Solve(normal, modes, rhs);
        return rhs;
    }
}
