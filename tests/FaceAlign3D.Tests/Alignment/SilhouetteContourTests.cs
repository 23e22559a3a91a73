using System.Numerics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Morphable;

namespace FaceAlign3D.Tests.Alignment;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class SilhouetteContourTests
{
    private static readonly Lazy<TddfaReconstruction> Recon = new(() =>
        new TddfaReconstruction(Bfm3ddfa.Load(SharedData.PathOf("models", "tddfa_v2", "bfm_3ddfa_v2.safetensors"))));

    private static readonly Lazy<SilhouetteContour> Contour = new(() => new SilhouetteContour(Recon.Value.Model));

    // The whole 120x120 crop is the image: crop pixels are image pixels (y flipped).
    private static readonly BoundingBox Roi = new(0, 0, 120, 120);

    // About 90 px across the face (the mean mesh is 155k BFM units wide), vertices about 0.6 px apart.
    private const double Scale = 0.0006;

    /// <summary>A synthetic face of the mean shape: [sR | t] with R = Ry(yaw), centred in the crop, no identity or expression.</summary>
    private static float[] Parameters(double yawDegrees)
    {
        double a = yawDegrees * Math.PI / 180, c = Math.Cos(a), s = Math.Sin(a);
        var p = new float[Bfm3ddfa.ParamCount];
        float[] pose = [(float)(Scale * c), 0, (float)(Scale * s), 60, 0, (float)Scale, 0, 60, (float)(-Scale * s), 0, (float)(Scale * c), 0];
        pose.CopyTo(p, 0);
        return p;
    }

    private static (Vector3[] Fixed, Vector3[] Marched) Both(float[] parameters)
    {
        var landmarks = Recon.Value.SparseLandmarks(parameters, Roi);
        return (landmarks, Contour.Value.March(parameters, Roi, landmarks));
    }

    [Fact]
    public void Every_jaw_landmark_but_the_chin_centre_has_a_line()
    {
        for (int k = 0; k < SilhouetteContour.JawLandmarkCount; k++)
            if (k == 8)
                Assert.Equal(0, Contour.Value.LineLength(k));
            else
                Assert.InRange(Contour.Value.LineLength(k), 10, 2000);
    }

    [Fact]
    public void On_a_turned_face_the_far_side_jaw_moves_onto_the_projected_outline()
    {
        // yaw -40 deg turns the face's +x side (landmarks 9-16) toward the camera, so 0-7 are on the far side.
        var parameters = Parameters(-40);
        var (fixedPoints, marched) = Both(parameters);
        var mesh = Recon.Value.DenseMeanMesh(parameters, Roi);
        var mean = Recon.Value.Model.DenseMean.Span;
        var keypoints = Recon.Value.Model.Keypoints.Span;
        for (int k = 0; k <= 3; k++)
        {
            // The fixed point lies inside the face's image (on the hidden jaw line); the marched one further left.
            Assert.True(marched[k].X < fixedPoints[k].X - 3, $"landmark {k}: marched x {marched[k].X}, fixed x {fixedPoints[k].X}");
            // No cheek vertex of the far side on the same image row projects further out than the marched point.
            double reach = Math.Abs(mean[3 * keypoints[k]]);
            float outermost = float.MaxValue;
            for (int v = 0; v < Recon.Value.Model.DenseVertexCount; v++)
                if (-mean[3 * v] >= SilhouetteContour.InnerFraction * reach && Math.Abs(mesh[3 * v + 1] - marched[k].Y) < 0.75)
                    outermost = Math.Min(outermost, mesh[3 * v]);
            Assert.InRange(marched[k].X - outermost, 0, 1.5);
        }
        // The near side keeps its fixed vertices, as do the inner points.
        for (int k = 8; k < Bfm3ddfa.LandmarkCount; k++)
            Assert.Equal(fixedPoints[k], marched[k]);
    }

    [Fact]
    public void A_frontal_face_keeps_its_points_and_a_nearly_frontal_one_barely_moves()
    {
        var (fixedPoints, marched) = Both(Parameters(0));
        Assert.Equal(fixedPoints, marched);
        var (fixedNear, marchedNear) = Both(Parameters(-3));
        // In the image plane; the depth of a marched point is its candidate's, nearer the camera.
        for (int k = 0; k < Bfm3ddfa.LandmarkCount; k++)
            Assert.InRange(Vector2.Distance(new(fixedNear[k].X, fixedNear[k].Y), new(marchedNear[k].X, marchedNear[k].Y)), 0, 1.5);
    }

    [Fact]
    public void Identity_and_expression_offsets_carry_over_to_the_marched_points()
    {
        var plain = Parameters(-40);
        var shaped = (float[])plain.Clone();
        shaped[Bfm3ddfa.PoseParamCount] = 2e6f; // the first identity mode reshapes the whole face
        var (fixedPlain, marchedPlain) = Both(plain);
        var (fixedShaped, marchedShaped) = Both(shaped);
        Assert.True(Vector3.Distance(fixedPlain[2], fixedShaped[2]) > 1, "the identity mode should move landmark 2");
        // Each line carries its landmark's offset, so a marched point moves with its fixed point.
        for (int k = 0; k <= 7; k++)
            Assert.InRange(Vector3.Distance(marchedShaped[k] - fixedShaped[k], marchedPlain[k] - fixedPlain[k]), 0, 1e-3);
    }

    [Fact]
    public void Bad_input_is_refused_with_an_argument_error()
    {
        var parameters = Parameters(-30);
        var landmarks = Recon.Value.SparseLandmarks(parameters, Roi);
        Assert.Throws<ArgumentException>(() => Contour.Value.March(parameters.AsSpan(0, 61), Roi, landmarks));
        Assert.Throws<ArgumentException>(() => Contour.Value.March(parameters, Roi, landmarks[..67]));
        Assert.Throws<ArgumentException>(() => Contour.Value.March(parameters, new BoundingBox(10, 10, 10, 50), landmarks));
        var nan = (float[])parameters.Clone();
        nan[8] = float.NaN;
        Assert.Throws<ArgumentException>(() => Contour.Value.March(nan, Roi, landmarks));
        Assert.Throws<ArgumentNullException>(() => Contour.Value.March(parameters, Roi, null!));
    }

    [Fact]
    public void The_aligner_marks_and_marches_only_when_asked()
    {
        // A network output of zeros is the mean parameters: a near-frontal face; shift yaw through parameter 8.
        var output = new float[Bfm3ddfa.ParamCount];
        output[8] = 3;
        var roi = new BoundingBox(10, 20, 210, 220);
        var plain = new TddfaAligner((_, _) => [output], Recon.Value).FromNetworkOutput(output, roi);
        var marched = new TddfaAligner((_, _) => [output], Recon.Value, silhouette: Contour.Value).FromNetworkOutput(output, roi);
        Assert.Equal(ContourConvention.Fixed, plain.Contour);
        Assert.Equal(ContourConvention.Silhouette, marched.Contour);
        Assert.Equal(plain.Landmarks3D.Skip(17), marched.Landmarks3D.Skip(17));
        Assert.NotEqual(plain.Landmarks3D.Take(17), marched.Landmarks3D.Take(17));
        Assert.Equal(plain.Pose.Rotation, marched.Pose.Rotation);
    }

    [Theory]
    [InlineData("fixed", ContourConvention.Fixed)]
    [InlineData("Silhouette", ContourConvention.Silhouette)]
    public void Contour_names_parse_both_ways(string name, ContourConvention expected)
    {
        Assert.Equal(expected, ContourConventions.Parse(name));
        Assert.Equal(name.ToLowerInvariant(), ContourConventions.Name(expected));
    }

    [Fact]
    public void An_unknown_contour_name_is_an_argument_error() =>
        Assert.Contains("silhouette", Assert.Throws<ArgumentException>(() => ContourConventions.Parse("outline")).Message);
}
