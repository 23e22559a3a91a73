using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Models;
using FaceAlign3D.Morphable;
using FaceAlign3D.Training.Config;
using FaceAlign3D.Training.Data;
using FaceAlign3D.Training.Export;
using FaceAlign3D.Training.Losses;
using FaceAlign3D.Training.Networks;
using FaceAlign3D.Training.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Trainer;

/// <summary>
/// Runs a training config end to end: data mix and parallel loader, network and optimizer, schedule,
/// loss terms, per-epoch validation, CSV log, curves, atomic checkpoints with resume, divergence stop,
/// and the export of the final network to model.onnx (our engine's contract).
/// </summary>
public sealed class TrainingRun
{
    const string ConfigCopy = "config.yaml";
    const string RunInfo = "run.json";

    readonly TrainingConfig _config;
    readonly string _baseFolder;
    readonly string _runFolder;
    readonly TextWriter _progress;

    TrainingRun(TrainingConfig config, string baseFolder, string runFolder, TextWriter progress)
    {
        _config = config;
        _baseFolder = baseFolder;
        _runFolder = runFolder;
        _progress = progress;
    }

    /// <summary>Starts a new run from a config file; its folder gets a copy of the config.</summary>
    public static TrainingSummary Start(string configPath, TextWriter progress, CancellationToken cancellation = default)
    {
        var config = TrainingConfigReader.Read(configPath);
        string baseFolder = Path.GetDirectoryName(Path.GetFullPath(configPath))!;
        string runFolder = Path.GetFullPath(config.Output, baseFolder);
        Directory.CreateDirectory(runFolder);
        if (Checkpoint.Exists(runFolder))
            throw new TrainingConfigException($"{runFolder} already holds a run; use --resume {runFolder} or another output");
        File.Copy(configPath, Path.Combine(runFolder, ConfigCopy), overwrite: true);
        File.WriteAllText(Path.Combine(runFolder, RunInfo), JsonSerializer.Serialize(new Dictionary<string, string> { ["config_folder"] = baseFolder }));
        new TrainingLog(runFolder).TruncateFrom(0);
        return new TrainingRun(config, baseFolder, runFolder, progress).Run(resume: false, cancellation);
    }

    /// <summary>Continues a run from its last checkpoint with the config it started with.</summary>
    public static TrainingSummary Resume(string runFolder, TextWriter progress, CancellationToken cancellation = default)
    {
        runFolder = Path.GetFullPath(runFolder);
        if (!Checkpoint.Exists(runFolder))
            throw new TrainingConfigException($"{runFolder}: no {Checkpoint.FileName} to resume from");
        var config = TrainingConfigReader.Read(Path.Combine(runFolder, ConfigCopy));
        var info = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(runFolder, RunInfo)));
        string baseFolder = info?.GetValueOrDefault("config_folder") ?? runFolder;
        return new TrainingRun(config, baseFolder, runFolder, progress).Run(resume: true, cancellation);
    }

    TrainingSummary Run(bool resume, CancellationToken cancellation)
    {
        TorchRuntime.EnsureLoaded(_config.Threads);
        manual_seed(_config.Seed);
        using var network = RegressorFactory.Create(_config.Model, _baseFolder);
        var optimizer = CreateOptimizer(network);
        var bfm = Bfm3ddfa.Load(ModelStore.CreateDefault().Resolve("bfm-3ddfa-v2").PathOf("tddfa_v2/bfm_3ddfa_v2.safetensors"));
        using var bases = new MorphableBases(bfm);
        var losses = new LossComposer(bases, _config.Losses);
        if (_config.Teacher.FlipAverage && _config.Losses.Any(t => t.Kind is "teacher_fwpdc" or "teacher_vdc"))
            throw new TrainingConfigException("teacher.flip_average averages landmarks: use it with teacher_landmarks, not teacher_fwpdc or teacher_vdc");
        using var teacher = _config.Teacher.Weights.Length == 0 ? null
            : new Teacher(_config.Teacher.Weights, _baseFolder, _config.Teacher.FlipAverage ? bases : null);
        if (teacher is null && _config.Losses.Any(t => t.ContourYaw > 0))
            throw new TrainingConfigException("reprojection's contour_yaw needs a teacher (teacher.weights)");
        var (mix, views, skippedAtScan) = LoadMix(cancellation);
        if (_config.Losses.FirstOrDefault(t => t.Kind is "wpdc" or "vdc" or "fwpdc" or "joint") is { } parameterTerm
            && !mix.Parts.Any(p => p.Dataset.Faces.Any(f => f.Params is not null) && !p.Augmentation.MovesGeometry))
            throw new TrainingConfigException($"loss '{parameterTerm.Kind}' needs 62-parameter labels without geometric augmentation; none of the data sets has them");
        var loader = new BatchLoader(mix, _config.Data.BatchSize, _config.Seed, _config.Data.Workers, views: views);
        if (loader.BatchesPerEpoch == 0)
            throw new TrainingConfigException($"batch_size {_config.Data.BatchSize} is larger than the {mix.EpochSize} faces of an epoch");
        if (teacher is not null)
        {
            var fixedInputs = loader.FixedInputs(_config.Epochs);
            var teacherClock = Stopwatch.StartNew();
            teacher.Precompute(fixedInputs, _config.Data.BatchSize, loader.Pixels);
            _progress.WriteLine($"teacher: {fixedInputs.Count} fixed crops in {teacherClock.Elapsed.TotalSeconds:F0} s");
        }
        var validation = _config.Validation.Aflw2000.Length == 0 ? null : new Aflw2000Validation(LoadValidation(), bfm);
        var log = new TrainingLog(_runFolder);

        var position = resume ? Checkpoint.Load(_runFolder, network, optimizer) : new TrainingPosition(0, 0, 0);
        log.TruncateFrom(position.Epoch + 1);   // rows are numbered by completed epochs; those up to position.Epoch stay
        if (!resume && validation is not null)
            log.Append(new EpochRecord(0, 0, 0, double.NaN, validation.Evaluate(network).NmeMeanOfBuckets * 100, 0, 0));
        long step = position.Step;
        double lastLoss = double.NaN;
        double? lastNme = null;
        var bar = new ProgressLine(_progress);
        for (int epoch = position.Epoch; epoch < _config.Epochs; epoch++)
        {
            if (_config.Model.FreezeBatchnorm) network.TrainWithFrozenBatchNorm();
            else network.train();
            bool continuing = epoch == position.Epoch && position.Batch > 0;
            int first = continuing ? position.Batch : 0;
            double lossSum = continuing ? position.EpochLossSum : 0;
            int lossCount = continuing ? position.EpochBatches : 0, images = 0, batchIndex = first;
            var clock = Stopwatch.StartNew();
            foreach (var batch in loader.Batches(epoch, first, cancellation).ToBlockingEnumerable(cancellation))
            {
                double rate = LearningRateSchedule.At(_config.Schedule, _config.Optimizer.LearningRate, epoch + batchIndex / (double)loader.BatchesPerEpoch, _config.Epochs);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
                double loss = Step(network, optimizer, losses, teacher, batch);
                if (!double.IsFinite(loss) || loss > _config.MaxLoss)
                {
                    _progress.WriteLine();
                    throw new TrainingDivergedException($"loss {loss} at epoch {epoch + 1}, step {step + 1} (max_loss {_config.MaxLoss}); the last good checkpoint is in {_runFolder}");
                }
                step++;
                lossSum += loss;
                lossCount++;
                images += batch.Examples.Count;
                batchIndex++;
                bar.Update(epoch, _config.Epochs, batchIndex, loader.BatchesPerEpoch, lossSum / lossCount, images / clock.Elapsed.TotalSeconds);
                if (_config.CheckpointEverySteps > 0 && step % _config.CheckpointEverySteps == 0)
                    Checkpoint.Save(_runFolder, network, optimizer, new TrainingPosition(epoch, batchIndex, step, lossSum, lossCount));
            }
            double seconds = clock.Elapsed.TotalSeconds;
            lastLoss = lossCount == 0 ? double.NaN : lossSum / lossCount;
            lastNme = validation is null ? null : validation.Evaluate(network).NmeMeanOfBuckets * 100;
            Checkpoint.Save(_runFolder, network, optimizer, new TrainingPosition(epoch + 1, 0, step));
            log.Append(new EpochRecord(epoch + 1, step, optimizer.ParamGroups.First().LearningRate, lastLoss, lastNme, images / seconds, seconds));
            log.DrawCurves();
            bar.Finish($"epoch {epoch + 1}/{_config.Epochs}: loss {lastLoss:G5}" + (lastNme is { } n ? $", dev NME {n:F3}%" : "") + $", {images / seconds:F1} img/s");
        }

        network.eval();
        string modelPath = Path.Combine(_runFolder, "model.onnx");
        RegressorOnnxWriter.Write(network.FoldedLayers(), modelPath);
        string sha = FileChecksum.Sha256(modelPath);
        int skipped = skippedAtScan.Count + loader.Skipped.Count;
        WriteSkipped(skippedAtScan.Concat(loader.Skipped));
        var summary = new TrainingSummary(_runFolder, modelPath, sha, step, lastLoss, lastNme, skipped);
        File.WriteAllText(Path.Combine(_runFolder, "summary.json"), JsonSerializer.Serialize(summary,
            new JsonSerializerOptions { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        return summary;
    }

    /// <summary>One update; a batch's groups go through the network in the same forward pass as its faces.</summary>
    static double Step(RegressorNetwork network, OptimizerHelper optimizer, LossComposer losses, Teacher? teacher, LoadedBatch loaded)
    {
        using var scope = NewDisposeScope();
        var examples = loaded.Examples;
        var batch = BatchTensors.From(examples);
        var (groupImages, groups) = GroupTensors.From(loaded.Groups, examples.Count);
        var output = network.call(groupImages is null ? batch.Images : cat([batch.Images, groupImages], 0));
        var loss = losses.Total(output, batch, teacher?.Targets(batch.Images, examples.Select(e => e.Key).ToArray()), groups);
        double value = loss.item<float>();
        if (!double.IsFinite(value)) return value;
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return value;
    }

    OptimizerHelper CreateOptimizer(RegressorNetwork network)
    {
        var trainable = network.parameters().Where(p => p.requires_grad).ToArray();
        var o = _config.Optimizer;
        return o.Kind == "adamw"
            ? optim.AdamW(trainable, o.LearningRate, weight_decay: o.WeightDecay)
            : optim.SGD(trainable, o.LearningRate, momentum: o.Momentum, weight_decay: o.WeightDecay);
    }

    (DatasetMix Mix, MultiViewStream? Views, IReadOnlyList<DatasetIssue> Skipped) LoadMix(CancellationToken cancellation)
    {
        var parts = new List<MixPart>();
        var groups = new List<(GroupScan, double)>();
        var skipped = new List<DatasetIssue>();
        foreach (var (set, index) in _config.Data.Sets.Select((set, index) => (set, index)))
        {
            string path = Path.GetFullPath(set.Path, _baseFolder);
            if (set.Kind == "multiview")
            {
                var multiView = MultiViewReader.Read(path);
                if (set.Limit > 0) multiView = multiView with { Groups = multiView.Groups.Take(set.Limit).ToArray() };
                skipped.AddRange(multiView.Skipped);
                _progress.WriteLine($"multiview {path}: {multiView.Groups.Count} groups ({multiView.Groups.Count(g => g.Calibrated)} with cameras), {multiView.Skipped.Count} skipped");
                groups.Add((multiView, set.Weight));
                continue;
            }
            var scan = set.Kind switch
            {
                "aflw2000" => Aflw2000Reader.Read(path),
                "ibug" => IbugFolderReader.Read(path),
                "synth" => SynthReader.Read(path),
                "align" => AlignJsonReader.Read(path, set.Images.Length > 0 ? Path.GetFullPath(set.Images, _baseFolder) : null),
                "video" => VideoFrameReader.Read(path, Path.Combine(_runFolder, "frames", $"set{index}"), set.Every, set.Limit, cancellation),
                _ => Aflw21Reader.Read(path),
            };
            if (set.Folds > 0) scan = scan.WithoutFold(set.Folds, set.HoldoutFold);
            if (set.Limit > 0) scan = scan with { Faces = scan.Faces.Take(set.Limit).ToArray() };
            skipped.AddRange(scan.Skipped);
            _progress.WriteLine($"{set.Kind} {path}: {scan.Faces.Count} faces, {scan.Skipped.Count} skipped");
            var a = set.Augment;
            parts.Add(new MixPart(scan, set.Weight, new Augmentation
            {
                Jitter = a.Jitter, ScaleMin = a.ScaleMin, ScaleMax = a.ScaleMax, RotationDegrees = a.Rotation,
                FlipProbability = a.Flip, ColorJitter = a.Color, BlurProbability = a.Blur, OcclusionProbability = a.Occlusion,
            }));
        }
        var views = groups.Count == 0 ? null : new MultiViewStream(groups, _config.Data.GroupsPerBatch);
        return (new DatasetMix(parts, _config.Data.EpochSize), views, skipped);
    }

    Aflw2000Dataset LoadValidation()
    {
        var dataset = Aflw2000Dataset.Load(Path.GetFullPath(_config.Validation.Aflw2000, _baseFolder));
        return _config.Validation.Limit > 0 ? dataset.Take(_config.Validation.Limit) : dataset;
    }

    void WriteSkipped(IEnumerable<DatasetIssue> issues) =>
        File.WriteAllLines(Path.Combine(_runFolder, "skipped.txt"), issues.Select(i => $"{i.Item}: {i.Reason}"));
}
