using FaceAlign3D.Alignment;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Losses;

/// <summary>
/// From posed 3DMM points to 120x120 crop pixels as 3DDFA_V2's similar_transform does with the crop as
/// region box: x - 1 and 120 - y (the 3DMM frame has y up).
/// </summary>
public static class CropGeometry
{
    public const int InputSize = TddfaReconstruction.InputSize;

    /// <summary>Posed points N x 3 x K to crop pixels N x K x 2.</summary>
    public static Tensor ToCropPixels(Tensor posed)
    {
        var x = posed[.., 0] - 1;
        var y = InputSize - posed[.., 1];
        return stack([x, y], 2);
    }
}
