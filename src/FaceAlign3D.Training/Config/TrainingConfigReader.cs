using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace FaceAlign3D.Training.Config;

/// <summary>
/// Reads a training config. Unknown keys, values of the wrong type and values out of range are one
/// <see cref="TrainingConfigException"/> naming the key and its line.
/// </summary>
public static class TrainingConfigReader
{
    static readonly string[] LossKinds = ["reprojection", "wpdc", "vdc", "fwpdc", "joint", "lrr", "awing", "gnll", "teacher_landmarks", "teacher_fwpdc", "teacher_vdc", "multiview", "multiview_landmarks"];
    static readonly string[] DataKinds = ["aflw2000", "ibug", "aflw21", "synth", "align", "video", "multiview"];

    public static TrainingConfig Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new TrainingConfigException($"{path}: {e.Message}"); }
        return Parse(text, path);
    }

    public static TrainingConfig Parse(string text, string name)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        TrainingConfig config;
        try
        {
            config = deserializer.Deserialize<TrainingConfig?>(text) ?? new TrainingConfig();
        }
        catch (YamlException e)
        {
            throw new TrainingConfigException($"{name}: line {e.Start.Line}: {Describe(e, text)}");
        }
        Validate(config, name);
        return config;
    }

    /// <summary>YamlDotNet names unknown keys itself; for a bad value it does not, so the key is read off the line.</summary>
    static string Describe(YamlException e, string text)
    {
        string message = (e.InnerException ?? e).Message;
        int paren = message.LastIndexOf("): ", StringComparison.Ordinal);
        if (paren >= 0 && message.StartsWith("(Line", StringComparison.Ordinal)) message = message[(paren + 3)..];
        if (message.Contains("not found on type", StringComparison.Ordinal))
            return "unknown key '" + KeyAt(text, e.Start.Line) + "'";
        return $"bad value for '{KeyAt(text, e.Start.Line)}': {message.Split('\n')[0]}";
    }

    static string KeyAt(string text, long line)
    {
        var lines = text.Split('\n');
        if (line < 1 || line > lines.Length) return "?";
        string content = lines[line - 1].Trim().TrimStart('-', ' ');
        int colon = content.IndexOf(':');
        return colon > 0 ? content[..colon].Trim() : content;
    }

    static bool IsNone(AugmentSection a) =>
        a.Jitter == 0 && a.ScaleMin == 1 && a.ScaleMax == 1 && a.Rotation == 0 && a.Flip == 0 && a.Color == 0 && a.Blur == 0 && a.Occlusion == 0;

    static void Validate(TrainingConfig c, string name)
    {
        void Require(bool ok, string key, string what)
        {
            if (!ok) throw new TrainingConfigException($"{name}: '{key}' {what}");
        }
        Require(c.Epochs >= 1, "epochs", "must be at least 1");
        Require(c.Threads >= 1, "threads", "must be at least 1");
        Require(c.Data.BatchSize >= 1, "batch_size", "must be at least 1");
        Require(c.Data.Workers >= 1, "workers", "must be at least 1");
        Require(c.Data.Sets.Count > 0, "sets", "must list at least one data set");
        Require(c.Data.GroupsPerBatch >= 1, "groups_per_batch", "must be at least 1");
        Require(c.Data.Sets.Any(s => s.Kind != "multiview"), "sets", "must list a data set besides the multiview ones (they add groups to its batches)");
        Require(!c.Losses.Any(t => t.Kind.StartsWith("multiview", StringComparison.Ordinal)) || c.Data.Sets.Any(s => s.Kind == "multiview"), "losses.kind",
            "multiview terms need a multiview data set");
        foreach (var set in c.Data.Sets)
        {
            Require(DataKinds.Contains(set.Kind), "kind", $"'{set.Kind}' is not one of {string.Join(", ", DataKinds)}");
            Require(set.Path.Length > 0, "path", "is required for every data set");
            Require(set.Images.Length == 0 || set.Kind == "align", "images", "is only read by align data sets");
            Require(set.Every >= 1, "every", "must be at least 1");
            Require(set.Every == 1 || set.Kind == "video", "every", "is only read by video data sets");
            Require(set.Weight >= 0, "weight", "must not be negative");
            Require(set.Folds >= 0 && set.Folds != 1, "folds", "must be 0 (no split) or at least 2");
            Require(set.Kind != "multiview" || (set.Folds == 0 && IsNone(set.Augment)), "kind", "multiview sets take no folds and no augmentation");
            Require(set.HoldoutFold >= 0 && (set.Folds == 0 ? set.HoldoutFold == 0 : set.HoldoutFold < set.Folds), "holdout_fold", "must be below folds");
        }
        Require(c.Model.Architecture == "mobilenet_v1", "architecture", $"'{c.Model.Architecture}' is not mobilenet_v1");
        Require(c.Model.Width is 0.5 or 1.0, "width", "must be 0.5 or 1.0");
        // Our ONNX files carry BatchNorm folded into the convolutions (identity BatchNorms once loaded): batch
        // statistics would renormalise every layer and change the network from its first step.
        bool onnxWeights = c.Model.Weights.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);
        Require(!onnxWeights || c.Model.FreezeBatchnorm, "freeze_batchnorm", "must be true when model.weights is an .onnx file (its BatchNorm is folded)");
        Require(c.Optimizer.Kind is "sgd" or "adamw", "optimizer.kind", $"'{c.Optimizer.Kind}' is not sgd or adamw");
        Require(c.Optimizer.LearningRate > 0, "learning_rate", "must be positive");
        Require(c.Schedule.Kind is "cosine" or "step" or "constant", "schedule.kind", $"'{c.Schedule.Kind}' is not cosine, step or constant");
        Require(c.Losses.Count > 0, "losses", "must list at least one term");
        foreach (var term in c.Losses)
        {
            Require(LossKinds.Contains(term.Kind), "losses.kind", $"'{term.Kind}' is not one of {string.Join(", ", LossKinds)}");
            Require(term.Distance is "squared" or "euclidean" or "awing", "losses.distance", $"'{term.Distance}' is not squared, euclidean or awing");
            Require(term.Distance == "squared" || term.Kind == "reprojection" || (term.Kind == "teacher_landmarks" && term.Distance == "euclidean"), "losses.distance",
                "applies only to the reprojection term (and euclidean to teacher_landmarks)");
        }
        bool needsLandmarkHead = c.Losses.Any(t => t.Kind is "lrr" or "awing");
        Require(!needsLandmarkHead || c.Model.LandmarkHead, "landmark_head", "must be true for the lrr and awing terms");
        Require(!c.Losses.Any(t => t.Kind == "gnll") || c.Model.UncertaintyHead, "uncertainty_head", "must be true for the gnll term");
        bool teacherTerm = c.Losses.Any(t => t.Kind.StartsWith("teacher_", StringComparison.Ordinal));
        Require(!teacherTerm || c.Teacher.Weights.Length > 0, "teacher.weights", "is required for the teacher terms");
        Require(teacherTerm || c.Data.Sets.All(s => s.Kind != "video"), "losses", "need a teacher term for video data sets (their frames are unlabelled)");
    }
}

/// <summary>A training config that cannot be used; the message is one line naming the key.</summary>
public sealed class TrainingConfigException(string message) : Exception(message);
