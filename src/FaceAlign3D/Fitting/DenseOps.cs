using System.Numerics;

namespace FaceAlign3D.Fitting;

/// <summary>SIMD helpers for the small dense kernels of the solvers.</summary>
internal static class DenseOps
{
    /// <summary>target += v * x (equal lengths).</summary>
    public static void AddScaled(Span<double> target, double v, ReadOnlySpan<double> x)
    {
        int k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<double>.Count;
            var vv = new Vector<double>(v);
            for (; k <= target.Length - width; k += width)
                (new Vector<double>(target[k..]) + vv * new Vector<double>(x[k..])).CopyTo(target[k..]);
        }
        for (; k < target.Length; k++)
            target[k] += v * x[k];
    }

    /// <summary>target += a * xa + b * xb + c * xc + d * xd, added in that order (the same sums as four <see cref="AddScaled"/> calls).</summary>
    public static void AddScaled4(Span<double> target, double a, ReadOnlySpan<double> xa, double b, ReadOnlySpan<double> xb,
        double c, ReadOnlySpan<double> xc, double d, ReadOnlySpan<double> xd)
    {
        int k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<double>.Count;
            Vector<double> va = new(a), vb = new(b), vc = new(c), vd = new(d);
            for (; k <= target.Length - width; k += width)
            {
                var t = new Vector<double>(target[k..]) + va * new Vector<double>(xa[k..]);
                t += vb * new Vector<double>(xb[k..]);
                t += vc * new Vector<double>(xc[k..]);
                t += vd * new Vector<double>(xd[k..]);
                t.CopyTo(target[k..]);
            }
        }
        for (; k < target.Length; k++)
            target[k] = target[k] + a * xa[k] + b * xb[k] + c * xc[k] + d * xd[k];
    }

    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int k = 0;
        double s = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= 2 * Vector<double>.Count)
        {
            int width = Vector<double>.Count;
            var acc = Vector<double>.Zero;
            for (; k <= x.Length - width; k += width)
                acc += new Vector<double>(x[k..]) * new Vector<double>(y[k..]);
            s = Vector.Sum(acc);
        }
        for (; k < x.Length; k++)
            s += x[k] * y[k];
        return s;
    }

    /// <summary>
    /// a = J^T J (n x n, full) and g = J^T r for a row-major m x n Jacobian. Rows with a single non-zero (prior
    /// terms) go straight to the diagonal; the other rows (and their residuals) are transposed into the scratch
    /// <paramref name="jt"/> of (n + 1) * m values, so that every remaining entry is one contiguous dot product.
    /// </summary>
    public static void NormalEquations(ReadOnlySpan<double> j, ReadOnlySpan<double> r, int m, int n, Span<double> a, Span<double> g, Span<double> jt)
    {
        a[..(n * n)].Clear();
        g[..n].Clear();
        int dense = 0;
        var diagonalA = new double[n];
        var diagonalG = new double[n];
        for (int row = 0; row < m; row++)
        {
            var jr = j.Slice(row * n, n);
            int first = -1, nonZero = 0;
            for (int c = 0; c < n && nonZero < 2; c++)
                if (jr[c] != 0) { if (nonZero == 0) first = c; nonZero++; }
            if (nonZero == 0)
                continue;
            if (nonZero == 1)
            {
                diagonalA[first] += jr[first] * jr[first];
                diagonalG[first] += jr[first] * r[row];
                continue;
            }
            for (int c = 0; c < n; c++)
                jt[c * m + dense] = jr[c];
            jt[n * m + dense] = r[row];
            dense++;
        }
        var rd = jt.Slice(n * m, dense);
        Span<double> four = stackalloc double[4];
        for (int c = 0; c < n; c++)
        {
            var colC = jt.Slice(c * m, dense);
            g[c] = Dot(colC, rd) + diagonalG[c];
            int k = c;
            for (; k + 3 < n; k += 4)
            {
                Dot4(colC, jt.Slice(k * m, dense), jt.Slice((k + 1) * m, dense), jt.Slice((k + 2) * m, dense), jt.Slice((k + 3) * m, dense), four);
                for (int q = 0; q < 4; q++)
                    a[(k + q) * n + c] = a[c * n + k + q] = four[q];
            }
            for (; k < n; k++)
                a[k * n + c] = a[c * n + k] = Dot(colC, jt.Slice(k * m, dense));
            a[c * n + c] += diagonalA[c];
        }
    }

    /// <summary>The dot products of x with four vectors at once: x is loaded once per four products.</summary>
    private static void Dot4(ReadOnlySpan<double> x, ReadOnlySpan<double> y0, ReadOnlySpan<double> y1, ReadOnlySpan<double> y2, ReadOnlySpan<double> y3, Span<double> result)
    {
        int k = 0;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<double>.Count;
            Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; k <= x.Length - width; k += width)
            {
                var xv = new Vector<double>(x[k..]);
                a0 += xv * new Vector<double>(y0[k..]);
                a1 += xv * new Vector<double>(y1[k..]);
                a2 += xv * new Vector<double>(y2[k..]);
                a3 += xv * new Vector<double>(y3[k..]);
            }
            s0 = Vector.Sum(a0); s1 = Vector.Sum(a1); s2 = Vector.Sum(a2); s3 = Vector.Sum(a3);
        }
        for (; k < x.Length; k++)
        {
            s0 += x[k] * y0[k];
            s1 += x[k] * y1[k];
            s2 += x[k] * y2[k];
            s3 += x[k] * y3[k];
        }
        result[0] = s0; result[1] = s1; result[2] = s2; result[3] = s3;
    }
}
