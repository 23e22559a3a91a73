using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Networks;

/// <summary>3x3 depthwise convolution + BN + ReLU, then 1x1 pointwise + BN + ReLU (3DDFA_V2's DepthWiseBlock).</summary>
/// <remarks>Fields carry the upstream state-dict names because TorchSharp registers submodules by field name.</remarks>
internal sealed class DepthwiseSeparableBlock : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv_dw;
    readonly BatchNorm2d bn_dw;
    readonly Conv2d conv_sep;
    readonly BatchNorm2d bn_sep;
    readonly int _stride;
    readonly int _channels;

    public DepthwiseSeparableBlock(int input, int output, int stride) : base("DepthwiseSeparableBlock")
    {
        _stride = stride;
        _channels = input;
        conv_dw = nn.Conv2d(input, input, 3, stride: stride, padding: 1, groups: input, bias: false);
        bn_dw = nn.BatchNorm2d(input, eps: ConvBn.BatchNormEps);
        conv_sep = nn.Conv2d(input, output, 1, bias: false);
        bn_sep = nn.BatchNorm2d(output, eps: ConvBn.BatchNormEps);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => ConvBn.Forward(conv_sep, bn_sep, ConvBn.Forward(conv_dw, bn_dw, x));

    public FoldedLayer[] Fold() =>
    [
        ConvBn.Fold(conv_dw, bn_dw, _stride, padding: 1, groups: _channels),
        ConvBn.Fold(conv_sep, bn_sep, stride: 1, padding: 0, groups: 1),
    ];

    public void Unfold(FoldedLayer depthwise, FoldedLayer pointwise)
    {
        ConvBn.Unfold(conv_dw, bn_dw, depthwise);
        ConvBn.Unfold(conv_sep, bn_sep, pointwise);
    }
}
