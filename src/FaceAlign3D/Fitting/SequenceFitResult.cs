namespace FaceAlign3D.Fitting;

/// <summary>A sequence fit: one identity (and camera) for the clip, expression and pose per frame.</summary>
public sealed record SequenceFitResult(double[] Identity, FitResult[] Frames);
