using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Networks;

/// <summary>
/// 3DDFA_V2's MobileNetV1 (models/mobilenet_v1.py): a 3x3/2 stem, 13 depthwise-separable blocks,
/// global average pooling and a 62-parameter head; optionally the 136-d auxiliary landmark head
/// (<c>fc_lm</c>) and a 68-d log-sigma head (<c>fc_sigma</c>). Module names match the upstream state
/// dict, so its weights load by name.
/// </summary>
public sealed class MobileNetV1 : RegressorNetwork
{
    // (name, input channels, output channels, stride) at width 1.0.
    static readonly (string Name, int In, int Out, int Stride)[] Blocks =
    [
        ("dw2_1", 32, 64, 1), ("dw2_2", 64, 128, 2), ("dw3_1", 128, 128, 1), ("dw3_2", 128, 256, 2),
        ("dw4_1", 256, 256, 1), ("dw4_2", 256, 512, 2), ("dw5_1", 512, 512, 1), ("dw5_2", 512, 512, 1),
        ("dw5_3", 512, 512, 1), ("dw5_4", 512, 512, 1), ("dw5_5", 512, 512, 1), ("dw5_6", 512, 1024, 2),
        ("dw6", 1024, 1024, 1),
    ];

    readonly Conv2d _conv1;
    readonly BatchNorm2d _bn1;
    readonly DepthwiseSeparableBlock[] _blocks;
    readonly Linear _fc;
    readonly Linear? _fcLandmarks;
    readonly Linear? _fcSigma;

    public MobileNetV1(double width, RegressorHeads heads) : base("MobileNetV1")
    {
        if (width is not (0.5 or 1.0))
            throw new ArgumentOutOfRangeException(nameof(width), width, "MobileNetV1 width must be 0.5 or 1.0");
        Width = width;
        Heads = heads;
        int Scaled(int channels) => (int)(channels * width);
        _conv1 = nn.Conv2d(3, Scaled(32), 3, stride: 2, padding: 1, bias: false);
        _bn1 = nn.BatchNorm2d(Scaled(32), eps: ConvBn.BatchNormEps);
        _blocks = Blocks.Select(b => new DepthwiseSeparableBlock(Scaled(b.In), Scaled(b.Out), b.Stride)).ToArray();
        int features = Scaled(1024);
        _fc = nn.Linear(features, RegressorHeads.ParamCount);
        register_module("conv1", _conv1);
        register_module("bn1", _bn1);
        for (int i = 0; i < Blocks.Length; i++) register_module(Blocks[i].Name, _blocks[i]);
        register_module("fc", _fc);
        if (heads.Landmarks)
        {
            _fcLandmarks = nn.Linear(features, 2 * RegressorHeads.LandmarkCount);
            register_module("fc_lm", _fcLandmarks);
        }
        if (heads.Uncertainty)
        {
            _fcSigma = nn.Linear(features, RegressorHeads.LandmarkCount);
            register_module("fc_sigma", _fcSigma);
        }
    }

    public double Width { get; }
    public RegressorHeads Heads { get; }

    public override RegressorOutput forward(Tensor input)
    {
        var x = ConvBn.Forward(_conv1, _bn1, input);
        foreach (var block in _blocks) x = block.call(x);
        var features = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
        return new RegressorOutput(_fc.call(features), _fcLandmarks?.call(features), _fcSigma?.call(features));
    }

    public override IReadOnlyList<FoldedLayer> FoldedLayers()
    {
        var layers = new List<FoldedLayer> { ConvBn.Fold(_conv1, _bn1, stride: 2, padding: 1, groups: 1) };
        foreach (var block in _blocks) layers.AddRange(block.Fold());
        using var _ = no_grad();
        layers.Add(Linear(FoldedLayerKind.FullyConnected, _fc));
        if (_fcSigma is not null) layers.Add(Linear(FoldedLayerKind.SigmaHead, _fcSigma));
        return layers;
    }

    static FoldedLayer Linear(FoldedLayerKind kind, Linear layer) =>
        new(kind, layer.weight!.shape.Select(d => (int)d).ToArray(), layer.weight.data<float>().ToArray(), layer.bias!.data<float>().ToArray());

    /// <summary>Re-initialises the 62-parameter head as PyTorch's Linear does (uniform in +-1/sqrt(fan in)).</summary>
    public void ResetParamHead()
    {
        using var _ = no_grad();
        double bound = 1 / Math.Sqrt(_fc.weight!.shape[1]);
        nn.init.uniform_(_fc.weight, -bound, bound);
        nn.init.uniform_(_fc.bias!, -bound, bound);
    }

    /// <summary>
    /// Sets every convolution and the 62-parameter head from folded layers (an ONNX export of this network), and
    /// the log-sigma head when both the layers and this network have one.
    /// </summary>
    public void LoadFolded(IReadOnlyList<FoldedLayer> layers)
    {
        var sigma = layers.Count > 0 && layers[^1].Kind == FoldedLayerKind.SigmaHead ? layers[^1] : null;
        int count = layers.Count - (sigma is null ? 0 : 1);
        int expected = 2 + 2 * _blocks.Length;
        if (count != expected)
            throw new ArgumentException($"MobileNetV1 has {expected} layers, the folded model has {count}");
        ConvBn.Unfold(_conv1, _bn1, layers[0]);
        for (int i = 0; i < _blocks.Length; i++) _blocks[i].Unfold(layers[1 + 2 * i], layers[2 + 2 * i]);
        using var _ = no_grad();
        Copy(_fc, layers[count - 1]);
        if (sigma is not null && _fcSigma is not null) Copy(_fcSigma, sigma);
    }

    static void Copy(Linear layer, FoldedLayer folded)
    {
        layer.weight!.copy_(tensor(folded.Weight).view(layer.weight.shape));
        layer.bias!.copy_(tensor(folded.Bias));
    }

    /// <summary>The width whose stem has <paramref name="stemChannels"/> output channels.</summary>
    public static double WidthForStem(int stemChannels) => stemChannels switch
    {
        16 => 0.5,
        32 => 1.0,
        _ => throw new ArgumentException($"no MobileNetV1 width has a {stemChannels}-channel stem"),
    };
}
