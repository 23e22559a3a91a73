namespace FaceAlign3D.Training.Data;

/// <summary>
/// One network input (3 x 120 x 120 BGR, (x - 127.5) / 128) with its labels in crop pixels: landmarks
/// (P x 2, in the record's layout), visibility (P, 0 or 1) and the 62 parameters when still valid.
/// <see cref="Key"/> names the input when its pixels depend only on the face and the flip (a teacher's output
/// on it can be reused); null when augmentation made it unique.
/// </summary>
public sealed record TrainingExample(float[] Image, float[] Landmarks, float[] Visibility, LandmarkLayout Layout, float[]? Params, CropKey? Key = null);
