using FaceAlign3D.Tests;
using FaceAlign3D.Training.Config;
using FaceAlign3D.Training.Trainer;

namespace FaceAlign3D.Training.Tests.Trainer;

public class TrainingRunTests
{
    [Fact]
    public void A_run_writes_log_curves_checkpoint_and_an_onnx_model_with_its_sha256()
    {
        using var run = new TinyRun(epochs: 1);
        var summary = TrainingRun.Start(run.ConfigPath, TextWriter.Null);
        Assert.Equal(2, summary.Steps);
        Assert.True(double.IsFinite(summary.LastTrainLoss));
        foreach (var file in new[] { "train_log.csv", "loss.png", "checkpoint.bin", "model.onnx", "summary.json", "config.yaml" })
            Assert.True(File.Exists(Path.Combine(run.RunFolder, file)), file);
        Assert.Equal(FaceAlign3D.Models.FileChecksum.Sha256(summary.ModelPath), summary.ModelSha256);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(run.RunFolder, "train_log.csv")).Length);
    }

    [Theory]
    [InlineData(3)]   // inside the second epoch
    [InlineData(2)]   // at the end of the first
    public void A_killed_run_resumes_to_the_same_model_as_an_uninterrupted_one(int updatesBeforeKill)
    {
        using var whole = new TinyRun("checkpoint_every_steps: 1");
        var uninterrupted = TrainingRun.Start(whole.ConfigPath, TextWriter.Null);

        using var killed = new TinyRun("checkpoint_every_steps: 1");
        using var stop = new CancellationTokenSource();
        var writer = new CancelAfterUpdates(stop, updates: updatesBeforeKill);
        Assert.ThrowsAny<OperationCanceledException>(() => TrainingRun.Start(killed.ConfigPath, writer, stop.Token));
        var resumed = TrainingRun.Resume(killed.RunFolder, TextWriter.Null);

        Assert.Equal(uninterrupted.Steps, resumed.Steps);
        Assert.Equal(uninterrupted.ModelSha256, resumed.ModelSha256);
        Assert.Equal(File.ReadAllLines(Path.Combine(whole.RunFolder, "train_log.csv")).Select(Loss),
            File.ReadAllLines(Path.Combine(killed.RunFolder, "train_log.csv")).Select(Loss));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void A_killed_run_with_precomputed_teacher_targets_resumes_to_the_same_model(int updatesBeforeKill)
    {
        string extra = "checkpoint_every_steps: 1\n" + TeacherSection;
        using var whole = new TinyRun(extra);
        File.WriteAllText(whole.ConfigPath, FlipOnly(WithTeacherTerm(File.ReadAllText(whole.ConfigPath))));
        var uninterrupted = TrainingRun.Start(whole.ConfigPath, TextWriter.Null);

        using var killed = new TinyRun(extra);
        File.WriteAllText(killed.ConfigPath, FlipOnly(WithTeacherTerm(File.ReadAllText(killed.ConfigPath))));
        using var stop = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => TrainingRun.Start(killed.ConfigPath, new CancelAfterUpdates(stop, updatesBeforeKill), stop.Token));
        var resumed = TrainingRun.Resume(killed.RunFolder, TextWriter.Null);

        Assert.Equal(uninterrupted.ModelSha256, resumed.ModelSha256);
        Assert.Equal(File.ReadAllLines(Path.Combine(whole.RunFolder, "train_log.csv")).Select(Loss),
            File.ReadAllLines(Path.Combine(killed.RunFolder, "train_log.csv")).Select(Loss));
    }

    [Fact]
    public void An_exploding_loss_stops_the_run_and_keeps_the_last_good_checkpoint()
    {
        using var run = new TinyRun("checkpoint_every_steps: 1\nmax_loss: 1e4");
        File.WriteAllText(run.ConfigPath, File.ReadAllText(run.ConfigPath).Replace("learning_rate: 0.001", "learning_rate: 1e9"));
        var e = Assert.Throws<TrainingDivergedException>(() => TrainingRun.Start(run.ConfigPath, TextWriter.Null));
        Assert.Contains("last good checkpoint", e.Message);
        Assert.True(File.Exists(Path.Combine(run.RunFolder, Checkpoint.FileName)));
        Assert.False(File.Exists(Path.Combine(run.RunFolder, Checkpoint.FileName + ".tmp")));
    }

    [Theory]
    [InlineData(false)]   // augmented crops: the teacher runs on each training batch
    [InlineData(true)]    // flip only: the teacher's targets are computed before training and looked up
    public void A_network_taught_by_its_own_frozen_copy_has_no_teacher_loss(bool flipOnly)
    {
        using var run = new TinyRun(TeacherSection, epochs: 1);
        string config = File.ReadAllText(run.ConfigPath)
            .Replace("  landmark_head: true", "  landmark_head: true\n  freeze_batchnorm: true")
            .Replace("  - kind: reprojection\n  - kind: lrr\n    weight: 0.5", "  - kind: teacher_landmarks");
        File.WriteAllText(run.ConfigPath, flipOnly ? FlipOnly(config) : config);
        var summary = TrainingRun.Start(run.ConfigPath, TextWriter.Null);
        Assert.Equal(2, summary.Steps);
        Assert.InRange(summary.LastTrainLoss, 0, 1e-10);
    }

    [Fact]
    public void Starting_over_an_existing_run_is_refused()
    {
        using var run = new TinyRun(epochs: 1);
        TrainingRun.Start(run.ConfigPath, TextWriter.Null);
        var e = Assert.Throws<TrainingConfigException>(() => TrainingRun.Start(run.ConfigPath, TextWriter.Null));
        Assert.Contains("--resume", e.Message);
    }

    static string TeacherSection => $"teacher:\n  weights: {SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.safetensors")}";

    /// <summary>Flip as the only augmentation: every input is a fixed crop whose teacher targets are precomputed.</summary>
    static string FlipOnly(string config) =>
        Changed(config, config.Replace("        jitter: 0.05\n        rotation: 10\n        flip: 0.5\n        color: 0.1", "        flip: 0.5"));

    static string WithTeacherTerm(string config) =>
        Changed(config, config.Replace("  - kind: lrr\n    weight: 0.5", "  - kind: teacher_landmarks\n    weight: 0.5"));

    static string Changed(string before, string after)
    {
        Assert.NotEqual(before, after);
        return after;
    }

    /// <summary>Column 4 (train loss) of a log line: the rows must agree, the timing columns need not.</summary>
    static string Loss(string line) => line.Split(',')[3];

    /// <summary>Cancels the run after a number of progress-bar updates, as a kill after that many steps would.</summary>
    sealed class CancelAfterUpdates(CancellationTokenSource source, int updates) : StringWriter
    {
        int _seen;

        public override void Write(string? value)
        {
            if (value is not null && value.StartsWith("\repoch", StringComparison.Ordinal) && value.Contains('[') && ++_seen == updates)
                source.Cancel();
        }
    }
}
