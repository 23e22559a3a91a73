namespace FaceAlign3D.Training.Runtime;

/// <summary>The native training runtime (LibTorch) is missing or cannot be loaded.</summary>
public sealed class TrainingRuntimeException(string message, Exception? inner = null) : Exception(message, inner);
