using System.Numerics;
using FaceAlign3D.Detection;
using FaceAlign3D.Morphable;

namespace FaceAlign3D.Alignment;

/// <summary>
/// Turns 3DDFA_V2's 62 regressed parameters into geometry, as the original TDDFA.recon_vers,
/// similar_transform and calc_pose do: parameters 0-11 are a 3x4 matrix [sR | t] (row-major) acting on BFM
/// model points, 12-51 identity and 52-61 expression coefficients. The projected x,y are pixels of the
/// 120x120 crop with y up, mapped back to the image through the crop's region box.
/// </summary>
internal sealed class TddfaReconstruction(Bfm3ddfa model)
{
    /// <summary>Side of the square network input, in pixels.</summary>
    public const int InputSize = 120;

    /// <summary>How <see cref="Pose"/> derives its angles.</summary>
    public const string PoseFormula =
        "3DDFA_V2 calc_pose: rows 1-2 of the 3x3 part normalised, row 3 their cross product; yaw = asin(R20), pitch = atan2(R21, R22), roll = atan2(R10, R00) (gimbal cases as upstream)";

    public Bfm3ddfa Model { get; } = model;

    private readonly int[] _landmarks = [.. model.LandmarkModel.Landmarks68];

    /// <summary>De-normalises a network output: param x std + mean, in float as the original does.</summary>
    public float[] Denormalize(ReadOnlySpan<float> networkOutput)
    {
        if (networkOutput.Length != Bfm3ddfa.ParamCount)
            throw new ArgumentException($"3DDFA_V2 regresses {Bfm3ddfa.ParamCount} values, got {networkOutput.Length}", nameof(networkOutput));
        var mean = Model.ParamMean.Span;
        var std = Model.ParamStd.Span;
        var result = new float[Bfm3ddfa.ParamCount];
        for (int i = 0; i < result.Length; i++)
        {
            if (!float.IsFinite(networkOutput[i]))
                throw new ArgumentException($"network output {i} is not finite ({networkOutput[i]})", nameof(networkOutput));
            result[i] = networkOutput[i] * std[i] + mean[i];
        }
        return result;
    }

    /// <summary>The 68 landmarks in image pixels; z is scaled like x/y and shifted so its minimum is 0.</summary>
    public Vector3[] SparseLandmarks(ReadOnlySpan<float> parameters, BoundingBox roi)
    {
        RequireParameters(parameters);
        var sums = new double[3 * _landmarks.Length];
        Model.LandmarkModel.Evaluate(Coefficients(parameters, Bfm3ddfa.PoseParamCount, Bfm3ddfa.ShapeDim),
            Coefficients(parameters, Bfm3ddfa.PoseParamCount + Bfm3ddfa.ShapeDim, Bfm3ddfa.ExpressionDim), _landmarks, sums);
        var model = Array.ConvertAll(sums, v => (float)v);
        var points = new float[model.Length];
        ProjectToImage(model, parameters, roi, points);
        var result = new Vector3[Bfm3ddfa.LandmarkCount];
        for (int k = 0; k < result.Length; k++)
            result[k] = new Vector3(points[3 * k], points[3 * k + 1], points[3 * k + 2]);
        return result;
    }

    /// <summary>
    /// The dense mean shape (no identity/expression) under the regressed pose, in image pixels, as
    /// vertex count x 3 row-major floats: a face-shaped mesh for overlays, triangles in <see cref="Bfm3ddfa.Triangles"/>.
    /// </summary>
    public float[] DenseMeanMesh(ReadOnlySpan<float> parameters, BoundingBox roi)
    {
        var result = new float[Model.DenseMean.Length];
        DenseMeanMesh(parameters, roi, result);
        return result;
    }

    /// <summary>As <see cref="DenseMeanMesh(ReadOnlySpan{float}, BoundingBox)"/>, into a caller's buffer of vertex count x 3 floats (no allocation).</summary>
    public void DenseMeanMesh(ReadOnlySpan<float> parameters, BoundingBox roi, Span<float> destination)
    {
        RequireParameters(parameters);
        if (destination.Length != Model.DenseMean.Length)
            throw new ArgumentException($"the destination must hold {Model.DenseMean.Length} floats, it holds {destination.Length}", nameof(destination));
        ProjectToImage(Model.DenseMean.Span, parameters, roi, destination);
    }

    /// <summary>The full dense mesh (identity and expression applied) when the user supplied the dense BFM.</summary>
    public float[] DenseMesh(IMorphableModel dense, ReadOnlySpan<float> parameters, BoundingBox roi)
    {
        RequireParameters(parameters);
        var model = new float[3 * dense.VertexCount];
        dense.Evaluate(Coefficients(parameters, Bfm3ddfa.PoseParamCount, Bfm3ddfa.ShapeDim),
            Coefficients(parameters, Bfm3ddfa.PoseParamCount + Bfm3ddfa.ShapeDim, Bfm3ddfa.ExpressionDim), model);
        var result = new float[model.Length];
        ProjectToImage(model, parameters, roi, result);
        return result;
    }

    private static double[] Coefficients(ReadOnlySpan<float> parameters, int start, int count)
    {
        var result = new double[count];
        for (int i = 0; i < count; i++)
            result[i] = parameters[start + i];
        return result;
    }

    /// <summary>Rotation and yaw/pitch/roll as 3DDFA_V2's calc_pose (P2sRt + matrix2angle).</summary>
    public static HeadPose Pose(ReadOnlySpan<float> parameters)
    {
        RequireParameters(parameters);
        Span<double> r1 = [parameters[0], parameters[1], parameters[2]];
        Span<double> r2 = [parameters[4], parameters[5], parameters[6]];
        double n1 = Math.Sqrt(r1[0] * r1[0] + r1[1] * r1[1] + r1[2] * r1[2]);
        double n2 = Math.Sqrt(r2[0] * r2[0] + r2[1] * r2[1] + r2[2] * r2[2]);
        if (!(n1 > 0) || !(n2 > 0))
            throw new ArgumentException("the pose matrix has a zero row", nameof(parameters));
        for (int i = 0; i < 3; i++) { r1[i] /= n1; r2[i] /= n2; }
        double[] r =
        [
            r1[0], r1[1], r1[2],
            r2[0], r2[1], r2[2],
            r1[1] * r2[2] - r1[2] * r2[1], r1[2] * r2[0] - r1[0] * r2[2], r1[0] * r2[1] - r1[1] * r2[0],
        ];

        double yaw, pitch, roll;
        if (r[6] > 0.998)
        {
            roll = 0;
            yaw = Math.PI / 2;
            pitch = roll + Math.Atan2(-r[1], -r[2]);
        }
        else if (r[6] < -0.998)
        {
            roll = 0;
            yaw = -Math.PI / 2;
            pitch = -roll + Math.Atan2(r[1], r[2]);
        }
        else
        {
            yaw = Math.Asin(r[6]);
            double c = Math.Cos(yaw);
            pitch = Math.Atan2(r[7] / c, r[8] / c);
            roll = Math.Atan2(r[3] / c, r[0] / c);
        }
        const double toDegrees = 180 / Math.PI;
        return new HeadPose(r, yaw * toDegrees, pitch * toDegrees, roll * toDegrees, PoseFormula);
    }

    /// <summary>
    /// [sR | t] applied to interleaved model points, then similar_transform: x-1, y flipped (120 - y), z-1,
    /// scaled by the region box side / 120 and offset to its corner; z scaled by the mean of both scales
    /// and shifted so its minimum is 0.
    /// </summary>
    private static void ProjectToImage(ReadOnlySpan<float> model, ReadOnlySpan<float> p, BoundingBox roi, Span<float> output)
    {
        double scaleX = (roi.X2 - roi.X1) / InputSize, scaleY = (roi.Y2 - roi.Y1) / InputSize;
        double scaleZ = (scaleX + scaleY) / 2;
        double p0 = p[0], p1 = p[1], p2 = p[2], p3 = p[3], p4 = p[4], p5 = p[5];
        double p6 = p[6], p7 = p[7], p8 = p[8], p9 = p[9], p10 = p[10], p11 = p[11];
        int n = model.Length / 3;
        double minZ = double.PositiveInfinity;
        for (int k = 0; k < n; k++)
        {
            double x = model[3 * k], y = model[3 * k + 1], w = model[3 * k + 2];
            double px = p0 * x + p1 * y + p2 * w + p3;
            double py = p4 * x + p5 * y + p6 * w + p7;
            double pz = p8 * x + p9 * y + p10 * w + p11;
            output[3 * k] = (float)((px - 1) * scaleX + roi.X1);
            output[3 * k + 1] = (float)((InputSize - py) * scaleY + roi.Y1);
            output[3 * k + 2] = (float)((pz - 1) * scaleZ);
            minZ = Math.Min(minZ, output[3 * k + 2]);
        }
        for (int k = 0; k < n; k++)
            output[3 * k + 2] -= (float)minZ;
    }

    private static void RequireParameters(ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != Bfm3ddfa.ParamCount)
            throw new ArgumentException($"expected {Bfm3ddfa.ParamCount} parameters, got {parameters.Length}", nameof(parameters));
        foreach (var v in parameters)
            if (!float.IsFinite(v))
                throw new ArgumentException("parameters must be finite", nameof(parameters));
    }
}
