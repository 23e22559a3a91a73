using System.Numerics;

namespace FaceAlign3D.Imaging;

/// <summary>Order of the three colour channels in a tensor.</summary>
internal enum ChannelOrder
{
    Rgb,
    /// <summary>Blue first, as OpenCV-trained models (3DDFA_V2, FaceBoxes) expect.</summary>
    Bgr,
}

/// <summary>Memory layout of an image tensor (batch of one).</summary>
internal enum TensorLayout
{
    /// <summary>Planar 3 x H x W (ONNX/PyTorch NCHW).</summary>
    Chw,
    /// <summary>Interleaved H x W x 3 (TFLite NHWC).</summary>
    Hwc,
}

/// <summary>
/// Per-channel normalisation <c>value = (x - Mean[c]) * Scale[c]</c> for pixel value x in 0..255, where c is the
/// tensor channel (after any RGB/BGR reordering): X for channel 0, Y for 1, Z for 2.
/// </summary>
internal readonly record struct TensorNormalization(Vector3 Mean, Vector3 Scale)
{
    /// <summary>Raw pixel values 0..255.</summary>
    public static TensorNormalization None => new(Vector3.Zero, Vector3.One);

    /// <summary>Pixel values mapped to [0, 1].</summary>
    public static TensorNormalization UnitRange => new(Vector3.Zero, new Vector3(1f / 255));

    /// <summary>The same mean and scale for every channel, e.g. 3DDFA_V2's (x - 127.5) / 128 is Uniform(127.5f, 1f / 128).</summary>
    public static TensorNormalization Uniform(float mean, float scale) => new(new Vector3(mean), new Vector3(scale));

    /// <summary>torchvision-style (x - mean) / std, stored as scale = 1 / std.</summary>
    public static TensorNormalization FromMeanStd(Vector3 mean, Vector3 std)
    {
        if (std.X == 0 || std.Y == 0 || std.Z == 0)
            throw new ArgumentException($"standard deviation {std} has a zero channel", nameof(std));
        return new(mean, Vector3.One / std);
    }
}

/// <summary>How <see cref="ImageTensor"/> lays out and normalises pixels. Gray images fill all three channels.</summary>
internal sealed record TensorOptions
{
    public ChannelOrder Order { get; init; } = ChannelOrder.Rgb;
    public TensorLayout Layout { get; init; } = TensorLayout.Chw;
    public TensorNormalization Normalization { get; init; } = TensorNormalization.None;

    /// <summary>3DDFA_V2's regressor input: BGR, planar, (x - 127.5) / 128.</summary>
    public static TensorOptions Tddfa { get; } = new()
    {
        Order = ChannelOrder.Bgr,
        Layout = TensorLayout.Chw,
        Normalization = TensorNormalization.Uniform(127.5f, 1f / 128),
    };
}
