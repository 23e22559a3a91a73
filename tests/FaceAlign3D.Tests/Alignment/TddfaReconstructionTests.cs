using System.Numerics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Formats;
using FaceAlign3D.Morphable;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Alignment;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class TddfaReconstructionTests(ITestOutputHelper output)
{
    private static readonly Lazy<TddfaReconstruction> Recon = new(() =>
        new TddfaReconstruction(Bfm3ddfa.Load(SharedData.PathOf("models", "tddfa_v2", "bfm_3ddfa_v2.safetensors"))));

    [Fact]
    public void Sparse_landmarks_match_the_original_for_every_sample_face()
    {
        Assert.True(TddfaReference.Samples.Count >= 17);
        double worst = 0;
        foreach (var face in TddfaReference.Samples)
        {
            var landmarks = Recon.Value.SparseLandmarks(face.Params62, face.Roi);
            double side = face.Roi.Width;
            double meanError = landmarks.Select((p, k) =>
                Vector3.Distance(p, new Vector3(face.Landmarks3D[k][0], face.Landmarks3D[k][1], face.Landmarks3D[k][2]))).Average();
            Assert.True(meanError <= 0.0005 * side, $"{face.Image} face {face.FaceIndex}: mean 3D error {meanError:g4} px for a {side:0} px region");
            Assert.Equal(0f, landmarks.Min(p => p.Z));
            worst = Math.Max(worst, meanError / side);
        }
        output.WriteLine($"worst mean 3D landmark error: {worst:P5} of the region side");
    }

    [Fact]
    public void Pose_angles_match_the_original_calc_pose()
    {
        double worst = 0;
        foreach (var face in TddfaReference.Samples)
        {
            var pose = TddfaReconstruction.Pose(face.Params62);
            worst = Math.Max(worst, new[] { pose.YawDegrees - face.Yaw, pose.PitchDegrees - face.Pitch, pose.RollDegrees - face.Roll }.Max(Math.Abs));
            Assert.True(Math.Abs(pose.YawDegrees - face.Yaw) < 1e-3, $"{face.Image}: yaw {pose.YawDegrees} vs {face.Yaw}");
            Assert.True(Math.Abs(pose.PitchDegrees - face.Pitch) < 1e-3, $"{face.Image}: pitch {pose.PitchDegrees} vs {face.Pitch}");
            Assert.True(Math.Abs(pose.RollDegrees - face.Roll) < 1e-3, $"{face.Image}: roll {pose.RollDegrees} vs {face.Roll}");
        }
        output.WriteLine($"worst angle difference: {worst:g3} degrees");
    }

    [Fact]
    public void Pose_rotation_has_unit_rows_and_a_perpendicular_third_row()
    {
        foreach (var face in TddfaReference.Samples)
        {
            var r = TddfaReconstruction.Pose(face.Params62);
            double Dot(int i, int j) => r[i, 0] * r[j, 0] + r[i, 1] * r[j, 1] + r[i, 2] * r[j, 2];
            Assert.Equal(1.0, Dot(0, 0), 1e-12);
            Assert.Equal(1.0, Dot(1, 1), 1e-12);
            Assert.Equal(0.0, Dot(0, 2), 1e-12);
            Assert.Equal(0.0, Dot(1, 2), 1e-12);
        }
    }

    [Fact]
    public void Landmarks_match_the_original_on_the_aflw_dev_split()
    {
        Assert.Equal(1000, TddfaReference.Aflw.Count);
        double worst = 0;
        foreach (var image in TddfaReference.Aflw)
        {
            var landmarks = Recon.Value.SparseLandmarks(image.Params62, image.Roi);
            double mean = landmarks.Select((p, k) => Vector2.Distance(new Vector2(p.X, p.Y), new Vector2(image.Landmarks2D[k][0], image.Landmarks2D[k][1]))).Average();
            worst = Math.Max(worst, mean);
            Assert.True(mean <= 0.1, $"{image.Image}: mean error {mean:g4} px");
        }
        output.WriteLine($"worst per-image mean 2D error: {worst:g3} px");
    }

    [Fact]
    public void Denormalised_network_outputs_give_the_original_parameters()
    {
        string[] cases = ["32bit", "JianzhuGuo", "couple", "emma", "img11_reflection", "obama_partial_face"];
        foreach (string name in cases)
        {
            var output = NpyReader.ReadFloat(SharedData.PathOf("reference", "onnx", "mb05_120x120", name + "_face0.output0.npy"));
            var face = TddfaReference.Samples.First(f => Path.GetFileNameWithoutExtension(f.Image) == name && f.FaceIndex == 0);
            var parameters = Recon.Value.Denormalize(output.Data);
            for (int i = 0; i < parameters.Length; i++)
            {
                double tolerance = 1e-3 * Math.Abs(face.Params62[i]) + 1e-3 * Recon.Value.Model.ParamStd.Span[i];
                Assert.True(Math.Abs(parameters[i] - face.Params62[i]) <= tolerance, $"{name} param {i}: {parameters[i]} vs {face.Params62[i]}");
            }
        }
    }

    [Fact]
    public void Dense_mean_mesh_lies_over_the_sparse_landmarks()
    {
        var face = TddfaReference.Samples[0];
        var dense = Recon.Value.DenseMeanMesh(face.Params62, face.Roi);
        Assert.Equal(Recon.Value.Model.DenseVertexCount * 3, dense.Length);
        var buffer = new float[dense.Length];
        Recon.Value.DenseMeanMesh(face.Params62, face.Roi, buffer);
        Assert.Equal(dense, buffer);
        Assert.Throws<ArgumentException>(() => Recon.Value.DenseMeanMesh(face.Params62, face.Roi, new float[10]));
        Assert.Equal(0f, Enumerable.Range(0, dense.Length / 3).Min(v => dense[3 * v + 2]));
        // The mean shape differs from the fitted one only by identity/expression: landmark vertices stay close.
        var keypoints = Recon.Value.Model.Keypoints.Span;
        var sparse = Recon.Value.SparseLandmarks(face.Params62, face.Roi);
        double mean = 0;
        for (int k = 0; k < 68; k++)
            mean += Vector2.Distance(new Vector2(dense[3 * keypoints[k]], dense[3 * keypoints[k] + 1]), new Vector2(sparse[k].X, sparse[k].Y));
        mean /= 68;
        Assert.InRange(mean, 0, 0.06 * face.Roi.Width);
    }

    [Fact]
    public void Mean_parameters_reconstruct_the_mean_shape_without_pose_scale_surprises()
    {
        // Network output all zeros de-normalises to the mean parameters.
        var p = Recon.Value.Denormalize(new float[62]);
        Assert.Equal(Recon.Value.Model.ParamMean.ToArray(), p);
    }

    [Fact]
    public void Bad_parameters_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Recon.Value.Denormalize(new float[61]));
        var nan = new float[62];
        nan[5] = float.NaN;
        Assert.Throws<ArgumentException>(() => Recon.Value.Denormalize(nan));
        Assert.Throws<ArgumentException>(() => TddfaReconstruction.Pose(new float[62]));
    }
}
