namespace FaceAlign3D.Training.Trainer;

/// <summary>The loss became non-finite or exceeded max_loss; the run stopped and its last good checkpoint is kept.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
