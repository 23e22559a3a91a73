using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign3D.Imaging.Codecs.Jpeg;

/// <summary>
/// Brings one component to full image resolution a row at a time, the way libjpeg-turbo's jdsample.c does with
/// fancy upsampling on: triangular filters for 2:1 horizontal (h2v1), 2:1 vertical (h1v2) and both (h2v2), with
/// libjpeg's alternating rounding biases, plain replication for other integral ratios. Rows above the top and
/// below the last real row repeat the edge row; columns use the component's real width.
/// </summary>
internal sealed class JpegUpsampler
{
    private enum Kind { Direct, H2V1, H1V2, H2V2, Replicate }

    private readonly JpegComponent _c;
    private readonly Kind _kind;
    private readonly int _hRatio, _vRatio;
    private readonly byte[] _row = [];
    private readonly short[] _columnSums = [];
    private int _cachedRow = -1;

    public JpegUpsampler(JpegComponent component, int maxH, int maxV)
    {
        _c = component;
        _hRatio = maxH / component.H;
        _vRatio = maxV / component.V;
        bool wide = component.Width > 2;
        _kind = (_hRatio, _vRatio) switch
        {
            (1, 1) => Kind.Direct,
            (2, 1) when wide => Kind.H2V1,
            (1, 2) => Kind.H1V2,
            (2, 2) when wide => Kind.H2V2,
            _ => Kind.Replicate,
        };
        if (_kind != Kind.Direct)
            _row = new byte[component.Width * _hRatio];
        if (_kind == Kind.H2V2)
            _columnSums = new short[component.Width + 8];
    }

    /// <summary>Full-resolution samples of image row <paramref name="y"/> (at least the image width).</summary>
    public ReadOnlySpan<byte> Row(int y)
    {
        switch (_kind)
        {
            case Kind.Direct:
                return PlaneRow(y);
            case Kind.H2V1:
                H2V1(PlaneRow(y), _row);
                return _row;
            case Kind.H1V2:
                H1V2(y);
                return _row;
            case Kind.H2V2:
                H2V2(y);
                return _row;
            default:
                Replicate(y / _vRatio);
                return _row;
        }
    }

    private ReadOnlySpan<byte> PlaneRow(int componentRow) =>
        _c.Plane.AsSpan(componentRow * _c.PlaneStride, _c.Width);

    /// <summary>The component row nearest-but-one to output row y: above for even y, below for odd, clamped.</summary>
    private ReadOnlySpan<byte> NeighbourRow(int y)
    {
        int near = y >> 1;
        int far = (y & 1) == 0 ? near - 1 : near + 1;
        return PlaneRow(Math.Clamp(far, 0, _c.Height - 1));
    }

    private static void H2V1(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int w = input.Length;
        output = output[..(2 * w)];
        int v = input[0];
        output[0] = (byte)v;
        output[1] = (byte)((v * 3 + input[1] + 2) >> 2);
        for (int i = 1; i < w - 1; i++)
        {
            int v3 = input[i] * 3;
            output[2 * i] = (byte)((v3 + input[i - 1] + 1) >> 2);
            output[2 * i + 1] = (byte)((v3 + input[i + 1] + 2) >> 2);
        }
        v = input[w - 1];
        output[2 * w - 2] = (byte)((v * 3 + input[w - 2] + 1) >> 2);
        output[2 * w - 1] = (byte)v;
    }

    private void H1V2(int y)
    {
        var near = PlaneRow(y >> 1);
        var far = NeighbourRow(y);
        int bias = (y & 1) == 0 ? 1 : 2;
        var output = _row.AsSpan(0, near.Length);
        for (int i = 0; i < output.Length; i++)
            output[i] = (byte)((near[i] * 3 + far[i] + bias) >> 2);
    }

    private unsafe void H2V2(int y)
    {
        var near = PlaneRow(y >> 1);
        var far = NeighbourRow(y);
        int w = near.Length;
        var sums = _columnSums.AsSpan(0, w);
        int i = 0;
        if (Sse41.IsSupported)
        {
            fixed (byte* pn = near, pf = far)
            fixed (short* ps = sums)
            {
                for (; i + 8 <= w; i += 8)
                {
                    var n = Sse41.ConvertToVector128Int16(pn + i);
                    var f = Sse41.ConvertToVector128Int16(pf + i);
                    (n * 3 + f).Store(ps + i);
                }
            }
        }
        for (; i < w; i++)
            sums[i] = (short)(near[i] * 3 + far[i]);

        var output = _row.AsSpan(0, 2 * w);
        output[0] = (byte)((sums[0] * 4 + 8) >> 4);
        output[1] = (byte)((sums[0] * 3 + sums[1] + 7) >> 4);
        i = 1;
        if (Sse2.IsSupported)
        {
            fixed (short* ps = sums)
            fixed (byte* po = output)
            {
                var eight = Vector128.Create((short)8);
                var seven = Vector128.Create((short)7);
                for (; i + 9 <= w; i += 8)
                {
                    var s3 = Vector128.Load(ps + i) * 3;
                    var even = Vector128.ShiftRightArithmetic(s3 + Vector128.Load(ps + i - 1) + eight, 4);
                    var odd = Vector128.ShiftRightArithmetic(s3 + Vector128.Load(ps + i + 1) + seven, 4);
                    Sse2.PackUnsignedSaturate(Sse2.UnpackLow(even, odd), Sse2.UnpackHigh(even, odd)).Store(po + 2 * i);
                }
            }
        }
        for (; i < w - 1; i++)
        {
            int s3 = sums[i] * 3;
            output[2 * i] = (byte)((s3 + sums[i - 1] + 8) >> 4);
            output[2 * i + 1] = (byte)((s3 + sums[i + 1] + 7) >> 4);
        }
        output[2 * w - 2] = (byte)((sums[w - 1] * 3 + sums[w - 2] + 8) >> 4);
        output[2 * w - 1] = (byte)((sums[w - 1] * 4 + 7) >> 4);
    }

    private void Replicate(int componentRow)
    {
        if (componentRow == _cachedRow)
            return;
        _cachedRow = componentRow;
        var input = PlaneRow(componentRow);
        for (int i = 0, o = 0; i < input.Length; i++)
            for (int k = 0; k < _hRatio; k++)
                _row[o++] = input[i];
    }
}
