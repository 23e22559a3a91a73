namespace FaceAlign3D.Training.Networks;

/// <summary>Which optional heads a regressor carries beside its 62-parameter head.</summary>
public sealed record RegressorHeads(bool Landmarks = false, bool Uncertainty = false)
{
    public const int ParamCount = 62;
    public const int LandmarkCount = 68;
}
