namespace FaceAlign3D.Training.Config;

/// <summary>
/// A training run as written in its YAML file (snake_case keys; docs/training.md has the schema).
/// Every section has defaults, so a config names only what it changes.
/// </summary>
public sealed class TrainingConfig
{
    /// <summary>Run folder: checkpoint, CSV log, curves, exported model. Relative to the config file.</summary>
    public string Output { get; set; } = "runs/train";
    public int Seed { get; set; } = 1;
    /// <summary>LibTorch intra-op threads.</summary>
    public int Threads { get; set; } = 2;
    public int Epochs { get; set; } = 10;
    /// <summary>A loss above this (or not finite) stops the run; the last good checkpoint stays.</summary>
    public double MaxLoss { get; set; } = 1e6;
    /// <summary>Also checkpoint every this many steps inside an epoch (0: only at epoch ends).</summary>
    public int CheckpointEverySteps { get; set; }
    public ModelSection Model { get; set; } = new();
    public DataSection Data { get; set; } = new();
    public OptimizerSection Optimizer { get; set; } = new();
    public ScheduleSection Schedule { get; set; } = new();
    public List<LossTerm> Losses { get; set; } = [new() { Kind = "reprojection" }];
    public TeacherSection Teacher { get; set; } = new();
    public ValidationSection Validation { get; set; } = new();
}

public sealed class ModelSection
{
    /// <summary>mobilenet_v1 (the only backbone so far).</summary>
    public string Architecture { get; set; } = "mobilenet_v1";
    public double Width { get; set; } = 0.5;
    /// <summary>Starting weights: a .safetensors or .onnx file, or empty for random initialisation.</summary>
    public string Weights { get; set; } = "";
    public bool LandmarkHead { get; set; }
    public bool UncertaintyHead { get; set; }
    /// <summary>Re-initialise the 62-parameter head after loading (train a new head on a pretrained backbone).</summary>
    public bool ResetHead { get; set; }
    /// <summary>Keep BatchNorm on its running statistics while training (fine-tuning with small batches).</summary>
    public bool FreezeBatchnorm { get; set; }
    /// <summary>State-dict prefixes whose parameters stay fixed (conv1, dw2_1, ..., fc).</summary>
    public List<string> Freeze { get; set; } = [];
}

public sealed class DataSection
{
    public int BatchSize { get; set; } = 32;
    /// <summary>Faces per epoch (0: the sum of the data sets' sizes).</summary>
    public int EpochSize { get; set; }
    /// <summary>Threads rendering crops while the network trains.</summary>
    public int Workers { get; set; } = 2;
    /// <summary>Whole groups of the multiview sets added to every batch (their views are extra rows).</summary>
    public int GroupsPerBatch { get; set; } = 4;
    public List<DataSetEntry> Sets { get; set; } = [];
}

public sealed class DataSetEntry
{
    /// <summary>aflw2000 (annotations.json + crops_120), ibug (folder of images + .pts), aflw21 (the 21-point crops), synth (a `facealign synth` output folder), align (a teacher's `facealign align` JSON: pseudo-labels), video (unlabeled frames for the teacher terms), multiview (groups of views with cameras, for the multi-view terms).</summary>
    public string Kind { get; set; } = "";
    public string Path { get; set; } = "";
    /// <summary>align: the folder of the images the JSON names ("": the JSON's folder).</summary>
    public string Images { get; set; } = "";
    /// <summary>video: keep every N-th frame.</summary>
    public int Every { get; set; } = 1;
    public double Weight { get; set; } = 1;
    /// <summary>Use only the first N faces (groups for multiview; 0: all), for small runs.</summary>
    public int Limit { get; set; }
    /// <summary>Split the set's faces (in path order) into this many folds by position, i % folds (0: no split).</summary>
    public int Folds { get; set; }
    /// <summary>With folds: the fold left out of training (held out for testing).</summary>
    public int HoldoutFold { get; set; }
    public AugmentSection Augment { get; set; } = new();
}

public sealed class AugmentSection
{
    public double Jitter { get; set; }
    public double ScaleMin { get; set; } = 1;
    public double ScaleMax { get; set; } = 1;
    public double Rotation { get; set; }
    public double Flip { get; set; }
    public double Color { get; set; }
    public double Blur { get; set; }
    public double Occlusion { get; set; }
}

public sealed class OptimizerSection
{
    /// <summary>sgd (with momentum) or adamw.</summary>
    public string Kind { get; set; } = "sgd";
    public double LearningRate { get; set; } = 0.01;
    public double Momentum { get; set; } = 0.9;
    public double WeightDecay { get; set; } = 5e-4;
}

public sealed class ScheduleSection
{
    /// <summary>cosine, step or constant, after a linear warm-up.</summary>
    public string Kind { get; set; } = "cosine";
    public double WarmupEpochs { get; set; }
    /// <summary>For step: epochs at which the rate is multiplied by gamma.</summary>
    public List<int> Milestones { get; set; } = [];
    public double Gamma { get; set; } = 0.1;
}

public sealed class LossTerm
{
    /// <summary>reprojection, wpdc, vdc, fwpdc, joint, lrr, awing, gnll, teacher_landmarks, teacher_fwpdc, teacher_vdc, multiview, multiview_landmarks.</summary>
    public string Kind { get; set; } = "";
    public double Weight { get; set; } = 1;
    /// <summary>joint: the fWPDC share beta.</summary>
    public double Beta { get; set; } = 0.5;
    /// <summary>reprojection: above this teacher yaw (degrees), the far half of a 68-point label's jaw contour is not used (0: always used).</summary>
    public double ContourYaw { get; set; }
    /// <summary>reprojection: a point's error as squared (L2 of crop pixels / 120), euclidean (its distance, crop pixels / 120) or awing (Adaptive Wing of x and y in crop pixels); teacher_landmarks: squared or euclidean (3D).</summary>
    public string Distance { get; set; } = "squared";
}

public sealed class TeacherSection
{
    /// <summary>A frozen network (.safetensors or .onnx) whose outputs on the same crops are the teacher terms' targets.</summary>
    public string Weights { get; set; } = "";
    /// <summary>teacher_landmarks targets: the mean of the teacher's landmarks on the crop and, mirrored back, on its mirror image.</summary>
    public bool FlipAverage { get; set; }
}

public sealed class ValidationSection
{
    /// <summary>An AFLW2000-3D folder scored each epoch with the 3DDFA protocol (empty: no validation).</summary>
    public string Aflw2000 { get; set; } = "";
    /// <summary>Score only the first N samples (0: all).</summary>
    public int Limit { get; set; }
}
