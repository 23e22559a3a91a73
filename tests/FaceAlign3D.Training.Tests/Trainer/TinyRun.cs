using FaceAlign3D.Tests;

namespace FaceAlign3D.Training.Tests.Trainer;

/// <summary>A throw-away run folder with a small config over 8 AFLW2000-3D dev crops (batch 4, no validation).</summary>
internal sealed class TinyRun : IDisposable
{
    public TinyRun(string extra = "", int epochs = 2)
    {
        Folder = Path.Combine(Path.GetTempPath(), $"facealign3d-train-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
        ConfigPath = Path.Combine(Folder, "config.yaml");
        File.WriteAllText(ConfigPath, $"""
            output: run
            seed: 7
            threads: 1
            epochs: {epochs}
            model:
              weights: {SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.safetensors")}
              landmark_head: true
            data:
              batch_size: 4
              workers: 2
              sets:
                - kind: aflw2000
                  path: {SharedData.PathOf("data", "aflw2000-3d")}
                  limit: 8
                  augment:
                    jitter: 0.05
                    rotation: 10
                    flip: 0.5
                    color: 0.1
            optimizer:
              kind: sgd
              learning_rate: 0.001
            losses:
              - kind: reprojection
              - kind: lrr
                weight: 0.5
            {extra}
            """);
    }

    public string Folder { get; }
    public string ConfigPath { get; }
    public string RunFolder => Path.Combine(Folder, "run");

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
