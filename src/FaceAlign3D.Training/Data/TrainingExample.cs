namespace FaceAlign3D.Training.Data;

/// <summary>
/// One network input (3 x 120 x 120 BGR, (x - 127.5) / 128) with its labels in crop pixels: landmarks
/// (P x 2, in the record's layout), visibility (P, 0 or 1) and the 62 parameters when still valid.
/// </summary>
public sealed record TrainingExample(float[] Image, float[] Landmarks, float[] Visibility, LandmarkLayout Layout, float[]? Params);
