namespace FaceAlign3D.Tests.Neural.TfLite;

/// <summary>A dense NHWC (or any-rank, row-major) float tensor for the reference implementations.</summary>
public sealed record Tensor(int[] Shape, float[] Data)
{
    public static Tensor Random(Random random, params int[] shape)
    {
        var data = new float[shape.Aggregate(1, (a, d) => a * d)];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
        return new Tensor(shape, data);
    }

    public float At(int n, int h, int w, int c) => Data[((n * Shape[1] + h) * Shape[2] + w) * Shape[3] + c];
}

/// <summary>
/// Naive NHWC implementations of the TFLite operators, written from TensorFlow's definitions (SAME padding puts
/// the odd pixel after; average pooling counts only real pixels), against which the converted NCHW graphs are checked.
/// </summary>
public static class NhwcReference
{
    public static (int Out, int PadBefore) Window(int size, int kernel, int stride, int dilation, bool same)
    {
        int effective = (kernel - 1) * dilation + 1;
        if (!same)
            return ((size - effective) / stride + 1, 0);
        int output = (size + stride - 1) / stride;
        int total = Math.Max(0, (output - 1) * stride + effective - size);
        return (output, total / 2);
    }

    /// <summary>CONV_2D with weights [O, KH, KW, I] and DEPTHWISE_CONV_2D with weights [1, KH, KW, C*M] (multiplier &gt; 0).</summary>
    public static Tensor Conv(Tensor x, Tensor w, float[] bias, int stride, int dilation, bool same, int depthMultiplier = 0)
    {
        int n = x.Shape[0], h = x.Shape[1], wd = x.Shape[2], c = x.Shape[3];
        int kh = w.Shape[1], kw = w.Shape[2];
        int outC = depthMultiplier > 0 ? c * depthMultiplier : w.Shape[0];
        var (oh, pt) = Window(h, kh, stride, dilation, same);
        var (ow, pl) = Window(wd, kw, stride, dilation, same);
        var y = new float[n * oh * ow * outC];
        for (int b = 0; b < n; b++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                    for (int o = 0; o < outC; o++)
                    {
                        double acc = bias[o];
                        for (int u = 0; u < kh; u++)
                            for (int v = 0; v < kw; v++)
                            {
                                int yy = i * stride - pt + u * dilation, xx = j * stride - pl + v * dilation;
                                if (yy < 0 || yy >= h || xx < 0 || xx >= wd) continue;
                                if (depthMultiplier > 0)
                                    acc += x.At(b, yy, xx, o / depthMultiplier) * w.Data[(u * kw + v) * outC + o];
                                else
                                    for (int k = 0; k < c; k++)
                                        acc += x.At(b, yy, xx, k) * w.Data[((o * kh + u) * kw + v) * c + k];
                            }
                        y[((b * oh + i) * ow + j) * outC + o] = (float)acc;
                    }
        return new Tensor([n, oh, ow, outC], y);
    }

    public static Tensor Pool(Tensor x, int kernel, int stride, bool same, bool max)
    {
        int n = x.Shape[0], h = x.Shape[1], wd = x.Shape[2], c = x.Shape[3];
        var (oh, pt) = Window(h, kernel, stride, 1, same);
        var (ow, pl) = Window(wd, kernel, stride, 1, same);
        var y = new float[n * oh * ow * c];
        for (int b = 0; b < n; b++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                    for (int k = 0; k < c; k++)
                    {
                        double acc = max ? double.NegativeInfinity : 0;
                        int count = 0;
                        for (int u = 0; u < kernel; u++)
                            for (int v = 0; v < kernel; v++)
                            {
                                int yy = i * stride - pt + u, xx = j * stride - pl + v;
                                if (yy < 0 || yy >= h || xx < 0 || xx >= wd) continue;
                                float value = x.At(b, yy, xx, k);
                                acc = max ? Math.Max(acc, value) : acc + value;
                                count++;
                            }
                        y[((b * oh + i) * ow + j) * c + k] = (float)(max ? acc : acc / count);
                    }
        return new Tensor([n, oh, ow, c], y);
    }

    /// <summary>Numpy-style broadcasting of two tensors of any rank.</summary>
    public static Tensor Binary(Tensor a, Tensor b, Func<float, float, float> f)
    {
        int rank = Math.Max(a.Shape.Length, b.Shape.Length);
        int[] Align(int[] s) => [.. Enumerable.Repeat(1, rank - s.Length), .. s];
        var sa = Align(a.Shape);
        var sb = Align(b.Shape);
        var shape = sa.Zip(sb, Math.Max).ToArray();
        var y = new float[shape.Aggregate(1, (p, d) => p * d)];
        var index = new int[rank];
        for (int i = 0; i < y.Length; i++)
        {
            int ia = 0, ib = 0;
            for (int d = 0; d < rank; d++)
            {
                ia = ia * sa[d] + (sa[d] == 1 ? 0 : index[d]);
                ib = ib * sb[d] + (sb[d] == 1 ? 0 : index[d]);
            }
            y[i] = f(a.Data[ia], b.Data[ib]);
            for (int d = rank - 1; d >= 0 && ++index[d] == shape[d]; d--) index[d] = 0;
        }
        return new Tensor(shape, y);
    }

    public static Tensor Map(Tensor x, Func<float, float> f) => new(x.Shape, x.Data.Select(f).ToArray());

    /// <summary>PAD with paddings [[before, after] per dimension], zero fill.</summary>
    public static Tensor Pad(Tensor x, int[,] paddings)
    {
        int rank = x.Shape.Length;
        var shape = x.Shape.Select((d, i) => d + paddings[i, 0] + paddings[i, 1]).ToArray();
        var y = new float[shape.Aggregate(1, (p, d) => p * d)];
        var index = new int[rank];
        for (int i = 0; i < x.Data.Length; i++)
        {
            int o = 0;
            for (int d = 0; d < rank; d++) o = o * shape[d] + index[d] + paddings[d, 0];
            y[o] = x.Data[i];
            for (int d = rank - 1; d >= 0 && ++index[d] == x.Shape[d]; d--) index[d] = 0;
        }
        return new Tensor(shape, y);
    }

    public static Tensor Concat(int axis, params Tensor[] parts)
    {
        var shape = (int[])parts[0].Shape.Clone();
        shape[axis] = parts.Sum(p => p.Shape[axis]);
        int outer = shape[..axis].Aggregate(1, (p, d) => p * d);
        var y = new List<float>();
        for (int o = 0; o < outer; o++)
            foreach (var p in parts)
            {
                int inner = p.Shape[axis..].Aggregate(1, (q, d) => q * d);
                y.AddRange(p.Data.Skip(o * inner).Take(inner));
            }
        return new Tensor(shape, y.ToArray());
    }

    /// <summary>
    /// STRIDED_SLICE as Python indexing: a masked begin or end is an omitted slice bound, a shrink axis is an
    /// integer index (dropped from the shape).
    /// </summary>
    public static Tensor StridedSlice(Tensor x, int[] begin, int[] end, int[] strides, int beginMask = 0, int endMask = 0, int shrinkMask = 0)
    {
        int rank = x.Shape.Length;
        var picks = new int[rank][];
        for (int a = 0; a < rank; a++)
        {
            int dim = x.Shape[a];
            if ((shrinkMask & (1 << a)) != 0)
                picks[a] = [begin[a] < 0 ? begin[a] + dim : begin[a]];
            else
                picks[a] = PythonRange(dim, (beginMask & (1 << a)) != 0 ? null : begin[a], (endMask & (1 << a)) != 0 ? null : end[a], strides[a]);
        }
        var shape = Enumerable.Range(0, rank).Where(a => (shrinkMask & (1 << a)) == 0).Select(a => picks[a].Length).ToArray();
        var y = new List<float>();
        var inStrides = new int[rank];
        for (int d = rank - 1, s = 1; d >= 0; s *= x.Shape[d], d--) inStrides[d] = s;
        void Visit(int axis, int offset)
        {
            if (axis == rank) { y.Add(x.Data[offset]); return; }
            foreach (int i in picks[axis]) Visit(axis + 1, offset + i * inStrides[axis]);
        }
        Visit(0, 0);
        return new Tensor(shape, y.ToArray());
    }

    /// <summary>The indices of Python's <c>range(dim)[start:stop:step]</c>.</summary>
    private static int[] PythonRange(int dim, int? start, int? stop, int step)
    {
        int Bound(int? v, int fallback)
        {
            if (v is not int i) return fallback;
            if (i < 0) i += dim;
            return step > 0 ? Math.Clamp(i, 0, dim) : Math.Clamp(i, -1, dim - 1);
        }
        int from = Bound(start, step > 0 ? 0 : dim - 1), to = Bound(stop, step > 0 ? dim : -1);
        var indices = new List<int>();
        for (int i = from; step > 0 ? i < to : i > to; i += step) indices.Add(i);
        return indices.ToArray();
    }

    /// <summary>NHWC data to NCHW and back, for feeding and reading the converted graph.</summary>
    public static float[] ToNchw(Tensor x) => Transpose(x.Data, x.Shape, [0, 3, 1, 2]);

    public static float[] FromNchw(float[] data, int[] nhwcShape) =>
        Transpose(data, [nhwcShape[0], nhwcShape[3], nhwcShape[1], nhwcShape[2]], [0, 2, 3, 1]);

    private static float[] Transpose(float[] data, int[] shape, int[] perm)
    {
        var outShape = perm.Select(p => shape[p]).ToArray();
        var strides = new int[4];
        for (int d = 3, s = 1; d >= 0; s *= shape[d], d--) strides[d] = s;
        var y = new float[data.Length];
        var index = new int[4];
        for (int i = 0; i < y.Length; i++)
        {
            int from = 0;
            for (int d = 0; d < 4; d++) from += index[d] * strides[perm[d]];
            y[i] = data[from];
            for (int d = 3; d >= 0 && ++index[d] == outShape[d]; d--) index[d] = 0;
        }
        return y;
    }
}
