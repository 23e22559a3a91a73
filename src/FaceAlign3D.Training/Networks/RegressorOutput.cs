using static TorchSharp.torch;

namespace FaceAlign3D.Training.Networks;

/// <summary>
/// What a landmark regressor returns for a batch: the 62 normalised 3DMM parameters, and when the
/// network has them, the 136-d auxiliary landmark head (68 x,y) and a log-sigma per landmark.
/// </summary>
public sealed record RegressorOutput(Tensor Params, Tensor? Landmarks, Tensor? LogSigma)
{
    /// <summary>The rows start to start + length of every output.</summary>
    public RegressorOutput Narrow(long start, long length) =>
        new(Params.narrow(0, start, length), Landmarks?.narrow(0, start, length), LogSigma?.narrow(0, start, length));
}
