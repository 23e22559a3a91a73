using System.Text.Json;
using FaceAlign3D.Geometry;
using FaceAlign3D.Models;
using FaceAlign3D.Morphable;
using FaceAlign3D.Training.Config;
using FaceAlign3D.Training.Export;
using FaceAlign3D.Training.Losses;
using FaceAlign3D.Training.Runtime;
using FaceAlign3D.Training.Trainer;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Adaptation;

/// <summary>Settings of <see cref="PersonAdaptation"/>.</summary>
public sealed record AdaptationSettings
{
    /// <summary>Adam steps, each on one window of consecutive frames.</summary>
    public int Steps { get; init; } = 150;

    /// <summary>Consecutive frames per step.</summary>
    public int Window { get; init; } = 16;

    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Weight of the temporal term (consecutive frames after the tracker's motion).</summary>
    public double TemporalWeight { get; init; } = 20;

    /// <summary>Weight of the consistency term (the unadapted regressor's 3D landmarks on the same crops).</summary>
    public double TeacherWeight { get; init; } = 1;

    public int Seed { get; init; } = 1;
    public int Threads { get; init; } = 1;

    /// <summary>Blocks that stay fixed: everything before the last depthwise block, so only dw6 and the head adapt.</summary>
    public static readonly string[] FrozenBlocks =
        ["conv1", "bn1", "dw2_1", "dw2_2", "dw3_1", "dw3_2", "dw4_1", "dw4_2", "dw5_1", "dw5_2", "dw5_3", "dw5_4", "dw5_5", "dw5_6"];

    internal void Validate()
    {
        if (Steps < 1 || Window < 2 || !(LearningRate > 0) || !(TemporalWeight >= 0) || !(TeacherWeight >= 0) || Threads < 1)
            throw new ArgumentException("adaptation settings: steps >= 1, window >= 2, a positive learning rate, non-negative weights, threads >= 1");
    }
}

/// <summary>What an adaptation run did; the loss terms are means over the first and the last 25 steps.</summary>
public sealed record AdaptationSummary(string ModelPath, string ModelSha256, int FramesRead, int TrackFrames, int Steps,
    double FirstTemporal, double LastTemporal, double FirstTeacher, double LastTeacher);

/// <summary>
/// Person-specific adaptation of the 62-parameter regressor on one person's unlabeled video (after the
/// person-specific paper): the last depthwise block and the head are fine-tuned, BatchNorm on its running statistics,
/// on windows of consecutive frames of the person's longest track with (1) a temporal term: each frame's 68 landmarks
/// against the previous frame's carried by the tracker's motion between them (a 2D similarity fitted to the tracked
/// landmarks, mapped into crop coordinates), which leaves the head's motion free and penalises the jitter around it;
/// (2) a consistency term: the unadapted regressor's posed 3D landmarks on the same crops, which keeps the adapted
/// one from drifting or collapsing to a still face. The result is exported to model.onnx with mb05's contract.
/// </summary>
public static class PersonAdaptation
{
    public static AdaptationSummary Run(PersonClip clip, string baseRegressor, string outputFolder, AdaptationSettings settings, TextWriter progress,
        CancellationToken cancellation = default)
    {
        settings.Validate();
        var runs = ConsecutiveRuns(clip.Frames);
        TorchRuntime.EnsureLoaded(settings.Threads);
        manual_seed(settings.Seed);
        var random = new Random(settings.Seed);
        string weights = Path.GetFullPath(baseRegressor), folder = Path.GetDirectoryName(weights)!;
        using var network = RegressorFactory.Create(new ModelSection { Weights = weights, Freeze = [.. AdaptationSettings.FrozenBlocks] }, folder);
        using var teacher = new Teacher(weights, folder);
        var bfm = Bfm3ddfa.Load(ModelStore.CreateDefault().PathOf(ModelFiles.Bfm3ddfa));
        using var bases = new MorphableBases(bfm);
        var teacherLoss = new TeacherLandmarkLoss(bases);
        var optimizer = optim.Adam(network.parameters().Where(p => p.requires_grad), settings.LearningRate);
        network.TrainWithFrozenBatchNorm();

        double firstTemporal = double.NaN, firstTeacher = double.NaN, temporalSum = 0, teacherSum = 0, lastTemporal = 0, lastTeacher = 0;
        for (int step = 0; step < settings.Steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            var window = SampleWindow(runs, settings.Window, random);
            using var scope = NewDisposeScope();
            var images = cat(window.Select(f => tensor(f.Crop).view(1, 3, TddfaInput, TddfaInput)).ToArray());
            var parameters = network.call(images).Params;
            var landmarks = CropGeometry.ToCropPixels(bases.Vertices(bases.Denormalize(parameters)));
            var motions = tensor(window.Zip(window.Skip(1), CropMotion).SelectMany(m => m).ToArray()).view(window.Count - 1, 2, 3);
            var temporal = TemporalLoss.Forward(landmarks, motions);
            var consistency = teacherLoss.Forward(parameters, teacher.Params(images));
            var loss = settings.TemporalWeight * temporal + settings.TeacherWeight * consistency;
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            double t = temporal.item<float>(), c = consistency.item<float>();
            if (!double.IsFinite(t) || !double.IsFinite(c))
                throw new TrainingDivergedException($"adaptation diverged at step {step + 1} (temporal {t}, consistency {c})");
            temporalSum += t;
            teacherSum += c;
            if ((step + 1) % 25 == 0 || step + 1 == settings.Steps)
            {
                int n = (step % 25) + 1;
                (lastTemporal, lastTeacher) = (temporalSum / n, teacherSum / n);
                if (double.IsNaN(firstTemporal)) (firstTemporal, firstTeacher) = (lastTemporal, lastTeacher);
                progress.WriteLine($"step {step + 1}/{settings.Steps}: temporal {lastTemporal:E3}, consistency {lastTeacher:E3}");
                temporalSum = teacherSum = 0;
            }
        }

        network.eval();
        Directory.CreateDirectory(outputFolder);
        string modelPath = Path.Combine(outputFolder, "model.onnx");
        RegressorOnnxWriter.Write(network.FoldedLayers(), modelPath);
        var summary = new AdaptationSummary(modelPath, FileChecksum.Sha256(modelPath), clip.FramesRead, clip.Frames.Count, settings.Steps,
            firstTemporal, lastTemporal, firstTeacher, lastTeacher);
        File.WriteAllText(Path.Combine(outputFolder, "summary.json"), JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
        return summary;
    }

    const int TddfaInput = CropGeometry.InputSize;

    /// <summary>Runs of frames with consecutive indices, at least two long.</summary>
    static List<PersonFrame[]> ConsecutiveRuns(IReadOnlyList<PersonFrame> frames)
    {
        var runs = new List<PersonFrame[]>();
        var current = new List<PersonFrame>();
        foreach (var frame in frames)
        {
            if (current.Count > 0 && frame.Index != current[^1].Index + 1)
            {
                if (current.Count >= 2) runs.Add([.. current]);
                current.Clear();
            }
            current.Add(frame);
        }
        if (current.Count >= 2) runs.Add([.. current]);
        if (runs.Count == 0) throw new ArgumentException("the track has no two consecutive frames");
        return runs;
    }

    /// <summary>A window of up to <paramref name="length"/> consecutive frames, runs drawn in proportion to their length.</summary>
    static IReadOnlyList<PersonFrame> SampleWindow(List<PersonFrame[]> runs, int length, Random random)
    {
        int pick = random.Next(runs.Sum(r => r.Length));
        var run = runs.First(r => (pick -= r.Length) < 0);
        int size = Math.Min(length, run.Length);
        int start = random.Next(run.Length - size + 1);
        return run.AsSpan(start, size).ToArray();
    }

    /// <summary>
    /// The 2x3 map (row-major) from crop pixels of <paramref name="a"/> to crop pixels of <paramref name="b"/> that the
    /// tracker saw: a least-squares 2D similarity between the two frames' landmarks, between the crops' image maps.
    /// </summary>
    internal static float[] CropMotion(PersonFrame a, PersonFrame b)
    {
        var (scale, rotation, shift) = Similarity(a.Landmarks, b.Landmarks);
        double ka = a.Roi.Width / TddfaInput, kb = b.Roi.Width / TddfaInput;
        double c = scale * Math.Cos(rotation), s = scale * Math.Sin(rotation);
        // image = roi origin + k x crop; crop_b = (S(image_a) - origin_b) / k_b.
        double tx = (c * a.Roi.X1 - s * a.Roi.Y1 + shift.X - b.Roi.X1) / kb;
        double ty = (s * a.Roi.X1 + c * a.Roi.Y1 + shift.Y - b.Roi.Y1) / kb;
        double f = ka / kb;
        return [(float)(f * c), (float)(-f * s), (float)tx, (float)(f * s), (float)(f * c), (float)ty];
    }

    /// <summary>Least-squares q = scale R(rotation) p + shift over corresponding points.</summary>
    internal static (double Scale, double Rotation, Point2 Shift) Similarity(Point2[] p, Point2[] q)
    {
        double px = p.Average(v => v.X), py = p.Average(v => v.Y), qx = q.Average(v => v.X), qy = q.Average(v => v.Y);
        double dot = 0, cross = 0, norm = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double ax = p[i].X - px, ay = p[i].Y - py, bx = q[i].X - qx, by = q[i].Y - qy;
            dot += ax * bx + ay * by;
            cross += ax * by - ay * bx;
            norm += ax * ax + ay * ay;
        }
        double a = dot / norm, b = cross / norm;
        double scale = Math.Sqrt(a * a + b * b), rotation = Math.Atan2(b, a);
        return (scale, rotation, new Point2(qx - (a * px - b * py), qy - (b * px + a * py)));
    }
}
