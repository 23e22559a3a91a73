using FaceAlign3D.Training.Config;

namespace FaceAlign3D.Training.Tests.Config;

public class TrainingConfigReaderTests
{
    const string Minimal = "data:\n  sets:\n    - kind: ibug\n      path: faces\n";

    [Fact]
    public void Snake_case_keys_fill_the_sections()
    {
        var config = TrainingConfigReader.Parse(Minimal + "epochs: 3\noptimizer:\n  kind: adamw\n  learning_rate: 0.002\nlosses:\n  - kind: vdc\n    weight: 2\n", "t.yaml");
        Assert.Equal(3, config.Epochs);
        Assert.Equal("adamw", config.Optimizer.Kind);
        Assert.Equal(0.002, config.Optimizer.LearningRate);
        Assert.Equal("vdc", config.Losses.Single().Kind);
        Assert.Equal(2, config.Losses.Single().Weight);
        Assert.Equal("ibug", config.Data.Sets.Single().Kind);
    }

    [Fact]
    public void An_unknown_key_is_one_line_naming_it()
    {
        var e = Assert.Throws<TrainingConfigException>(() => TrainingConfigReader.Parse(Minimal + "optimizer:\n  learning_rat: 0.1\n", "t.yaml"));
        Assert.Equal("t.yaml: line 6: unknown key 'learning_rat'", e.Message);
    }

    [Fact]
    public void A_wrong_type_is_one_line_naming_the_key()
    {
        var e = Assert.Throws<TrainingConfigException>(() => TrainingConfigReader.Parse(Minimal + "epochs: ten\n", "t.yaml"));
        Assert.StartsWith("t.yaml: line 5: bad value for 'epochs'", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Every_reader_has_a_data_set_kind_and_others_are_refused()
    {
        foreach (string kind in new[] { "aflw2000", "ibug", "aflw21", "synth", "align" })
            Assert.Equal(kind, TrainingConfigReader.Parse(Minimal.Replace("ibug", kind), "t.yaml").Data.Sets.Single().Kind);
        var e = Assert.Throws<TrainingConfigException>(() => TrainingConfigReader.Parse(Minimal.Replace("ibug", "pts"), "t.yaml"));
        Assert.Contains("'pts' is not one of", e.Message);
    }

    const string WithViews = Minimal + "    - kind: multiview\n      path: rigs\n";

    [Fact]
    public void Multiview_sets_add_groups_to_another_set_and_feed_the_multiview_terms()
    {
        var config = TrainingConfigReader.Parse(WithViews + "losses:\n  - kind: multiview\n    weight: 0.1\n  - kind: multiview_landmarks\n", "t.yaml");
        Assert.Equal(["ibug", "multiview"], config.Data.Sets.Select(s => s.Kind));
        Assert.Equal(["multiview", "multiview_landmarks"], config.Losses.Select(t => t.Kind));
        Assert.Equal(4, config.Data.GroupsPerBatch);
    }

    [Theory]
    [InlineData("data:\n  sets:\n    - kind: multiview\n      path: rigs\n", "must list a data set besides the multiview ones")]
    [InlineData(Minimal + "losses:\n  - kind: multiview\n", "multiview terms need a multiview data set")]
    [InlineData(WithViews + "      augment:\n        flip: 0.5\n", "multiview sets take no folds and no augmentation")]
    [InlineData(WithViews + "      folds: 5\n", "multiview sets take no folds and no augmentation")]
    public void Multiview_sets_and_terms_are_checked(string yaml, string message)
    {
        var e = Assert.Throws<TrainingConfigException>(() => TrainingConfigReader.Parse(yaml, "t.yaml"));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("epochs: 0\n", "'epochs' must be at least 1")]
    [InlineData("losses:\n  - kind: l2\n", "'losses.kind' 'l2' is not one of")]
    [InlineData("losses:\n  - kind: lrr\n", "'landmark_head' must be true")]
    [InlineData("losses:\n  - kind: reprojection\n    distance: l1\n", "'losses.distance' 'l1' is not squared, euclidean or awing")]
    [InlineData("teacher:\n  weights: t.safetensors\nlosses:\n  - kind: teacher_landmarks\n    distance: awing\n", "'losses.distance' applies only to the reprojection term")]
    [InlineData("teacher:\n  weights: t.safetensors\nlosses:\n  - kind: teacher_fwpdc\n    distance: euclidean\n", "'losses.distance' applies only to the reprojection term")]
    [InlineData("model:\n  width: 0.75\n", "'width' must be 0.5 or 1.0")]
    [InlineData("losses:\n  - kind: teacher_landmarks\n", "'teacher.weights' is required")]
    [InlineData("      folds: 5\n      holdout_fold: 5\n", "'holdout_fold' must be below folds")]
    [InlineData("      folds: 1\n", "'folds' must be 0 (no split) or at least 2")]
    [InlineData("      images: photos\n", "'images' is only read by align data sets")]
    [InlineData("      every: 2\n", "'every' is only read by video data sets")]
    [InlineData("model:\n  weights: ft.onnx\n", "'freeze_batchnorm' must be true when model.weights is an .onnx file")]
    public void Values_out_of_range_name_their_key(string yaml, string expected)
    {
        var e = Assert.Throws<TrainingConfigException>(() => TrainingConfigReader.Parse(Minimal + yaml, "t.yaml"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_video_set_needs_a_teacher_term()
    {
        string video = Minimal.Replace("ibug", "video");
        var e = Assert.Throws<TrainingConfigException>(() => TrainingConfigReader.Parse(video, "t.yaml"));
        Assert.Equal("t.yaml: 'losses' need a teacher term for video data sets (their frames are unlabelled)", e.Message);
        var config = TrainingConfigReader.Parse(video + "      every: 5\nteacher:\n  weights: mb05.onnx\nlosses:\n  - kind: teacher_landmarks\n", "t.yaml");
        Assert.Equal(5, config.Data.Sets.Single().Every);
    }

    [Fact]
    public void A_config_without_data_sets_is_refused()
    {
        var e = Assert.Throws<TrainingConfigException>(() => TrainingConfigReader.Parse("epochs: 2\n", "t.yaml"));
        Assert.Equal("t.yaml: 'sets' must list at least one data set", e.Message);
    }
}
