namespace FaceAlign3D.Training.Trainer;

/// <summary>What a finished run produced: its folder, the exported model and its sha256, the last epoch's figures and the skipped inputs.</summary>
public sealed record TrainingSummary(string RunFolder, string ModelPath, string ModelSha256, long Steps, double LastTrainLoss, double? LastValidationNme, int SkippedInputs);
