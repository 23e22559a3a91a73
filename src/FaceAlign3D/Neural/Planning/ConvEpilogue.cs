namespace FaceAlign3D.Neural.Planning;

/// <summary>The activation applied to a convolution's output after its bias.</summary>
internal enum ActivationKind
{
    None,
    Relu,
    Clip,
    PRelu,
    /// <summary>CReLU: the output has twice the channels, Relu(y) then Relu(-y) (Concat of y and Neg(y), then Relu).</summary>
    CRelu,
}

/// <summary>
/// What fusion merged into a convolution: a per-channel scale and shift folded from BatchNormalization and
/// bias adds (applied to the weights at pack time), then one activation, then possibly a MaxPool.
/// </summary>
internal sealed class ConvEpilogue
{
    public ConvEpilogue(int channels)
    {
        Scale = Enumerable.Repeat(1f, channels).ToArray();
        Shift = new float[channels];
    }

    public float[] Scale { get; }
    public float[] Shift { get; }
    public ActivationKind Activation { get; set; }
    public float ClipMin { get; set; } = float.NegativeInfinity;
    public float ClipMax { get; set; } = float.PositiveInfinity;
    /// <summary>PRelu slope per output channel.</summary>
    public float[]? Slopes { get; set; }
    /// <summary>A MaxPool that reads only this convolution's output, fused after the activation (the node then writes the pooled output).</summary>
    public PlanNode? MaxPool { get; set; }
    public List<string> FusedLabels { get; } = [];
}
