using System.Globalization;
using FaceAlign3D.Tests;
using FaceAlign3D.Training.Tests.Data;
using FaceAlign3D.Training.Trainer;

namespace FaceAlign3D.Training.Tests.Trainer;

/// <summary>The multiview data set kind and loss terms through the trainer, on 4 AFLW2000-3D dev crops and a generated multi-view set.</summary>
public sealed class MultiViewTrainingTests : IDisposable
{
    readonly MultiViewSet _views = new(groups: 2);
    readonly string _folder = Path.Combine(Path.GetTempPath(), $"facealign3d-mvtrain-{Guid.NewGuid():N}");

    public MultiViewTrainingTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        _views.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    string Config(string name, string losses, bool withViews, int epochs = 1, string model = "") => Write(name, $"""
        output: {name}
        seed: 3
        threads: 1
        epochs: {epochs}
        model:
          weights: {SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.safetensors")}
        {model}
        data:
          batch_size: 4
          epoch_size: 4
          groups_per_batch: 2
          sets:
            - kind: aflw2000
              path: {SharedData.PathOf("data", "aflw2000-3d")}
              limit: 4
        {(withViews ? $"    - kind: multiview\n      path: {_views.Folder}" : "")}
        optimizer:
          kind: sgd
          learning_rate: 1.0e-3
        schedule:
          kind: constant
        losses:
        {losses}
        """);

    string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name + ".yaml");
        File.WriteAllText(path, text);
        return path;
    }

    double[] Losses(string name) => File.ReadAllLines(Path.Combine(_folder, name, "train_log.csv")).Skip(1)
        .Select(l => double.Parse(l.Split(',')[3], CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void The_multiview_term_alone_makes_the_views_of_each_group_more_consistent()
    {
        // Every step sees the same two groups (groups_per_batch 2), so the logged loss is their consistency error.
        TrainingRun.Start(Config("consistency", "  - kind: multiview", withViews: true, epochs: 4), TextWriter.Null);
        var losses = Losses("consistency");
        Assert.Equal(4, losses.Length);
        Assert.True(losses[0] > 0 && double.IsFinite(losses[0]), $"first loss {losses[0]}");
        Assert.True(losses[3] < 0.9 * losses[0], $"losses {string.Join(", ", losses)}");
    }

    [Fact]
    public void Groups_leave_the_other_terms_alone_and_the_multiview_term_adds_to_them()
    {
        // BatchNorm frozen, so the faces' outputs do not depend on the views stacked after them in the batch.
        const string frozen = "  freeze_batchnorm: true";
        TrainingRun.Start(Config("plain", "  - kind: reprojection", withViews: false, model: frozen), TextWriter.Null);
        TrainingRun.Start(Config("views", "  - kind: reprojection", withViews: true, model: frozen), TextWriter.Null);
        TrainingRun.Start(Config("term", "  - kind: reprojection\n  - kind: multiview\n    weight: 0.1", withViews: true, model: frozen), TextWriter.Null);
        TrainingRun.Start(Config("labels", "  - kind: reprojection\n  - kind: multiview_landmarks\n    weight: 0.1", withViews: true, model: frozen), TextWriter.Null);
        double plain = Losses("plain")[0];
        Assert.Equal(plain, Losses("views")[0], 6);
        Assert.True(Losses("term")[0] > plain, $"{Losses("term")[0]} vs {plain}");
        Assert.True(Losses("labels")[0] > plain, $"{Losses("labels")[0]} vs {plain}");
    }

    [Fact]
    public void A_multiview_term_without_a_multiview_set_is_refused()
    {
        var e = Assert.Throws<FaceAlign3D.Training.Config.TrainingConfigException>(() =>
            TrainingRun.Start(Config("refused", "  - kind: multiview", withViews: false), TextWriter.Null));
        Assert.Contains("multiview data set", e.Message);
    }
}
