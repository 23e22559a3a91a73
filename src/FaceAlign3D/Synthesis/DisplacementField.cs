namespace FaceAlign3D.Synthesis;

/// <summary>
/// A smooth 2D displacement over an image, known at scattered points and zero on the image border, filled in
/// between as a membrane (the solution of Laplace's equation on a coarse grid). It moves the background with the
/// head: every output pixel samples the source at its position minus the displacement, so the warp has no holes.
/// </summary>
internal sealed class DisplacementField
{
    private const int Cell = 8;
    private readonly int _width, _height, _cols, _rows;
    private readonly float[] _dx, _dy, _sum;
    private readonly bool[] _fixed;

    public DisplacementField(int width, int height)
    {
        _width = width;
        _height = height;
        _cols = (width + Cell - 1) / Cell + 1;
        _rows = (height + Cell - 1) / Cell + 1;
        _dx = new float[_cols * _rows];
        _dy = new float[_cols * _rows];
        _sum = new float[_cols * _rows];
        _fixed = new bool[_cols * _rows];
    }

    /// <summary>Zeroes the field and its constraints.</summary>
    public void Reset()
    {
        Array.Clear(_dx);
        Array.Clear(_dy);
        Array.Clear(_sum);
        Array.Clear(_fixed);
    }

    /// <summary>Adds a known displacement at a pixel position; constraints that fall on one grid node are averaged. Points outside the image are ignored.</summary>
    public void Constrain(double x, double y, double dx, double dy)
    {
        if (!(x >= 0 && y >= 0 && x <= _width - 1 && y <= _height - 1) || !double.IsFinite(dx) || !double.IsFinite(dy))
            return;
        int c = (int)Math.Round(x / Cell), r = (int)Math.Round(y / Cell);
        if (c <= 0 || r <= 0 || c >= _cols - 1 || r >= _rows - 1)
            return; // the border stays anchored
        int k = r * _cols + c;
        _dx[k] += (float)dx;
        _dy[k] += (float)dy;
        _sum[k] += 1;
    }

    /// <summary>
    /// Averages the constraints and relaxes the free nodes (successive over-relaxation) until no node moves by more
    /// than <paramref name="tolerance"/> pixels in a sweep, or for at most <paramref name="iterations"/> sweeps.
    /// </summary>
    public void Solve(int iterations = 400, float tolerance = 1e-3f)
    {
        for (int k = 0; k < _sum.Length; k++)
        {
            if (_sum[k] <= 0)
                continue;
            _dx[k] /= _sum[k];
            _dy[k] /= _sum[k];
            _fixed[k] = true;
        }
        const float omega = 1.85f;
        for (int it = 0; it < iterations; it++)
        {
            float largest = 0;
            for (int r = 1; r < _rows - 1; r++)
            {
                for (int c = 1; c < _cols - 1; c++)
                {
                    int k = r * _cols + c;
                    if (_fixed[k])
                        continue;
                    float ax = 0.25f * (_dx[k - 1] + _dx[k + 1] + _dx[k - _cols] + _dx[k + _cols]);
                    float ay = 0.25f * (_dy[k - 1] + _dy[k + 1] + _dy[k - _cols] + _dy[k + _cols]);
                    float mx = omega * (ax - _dx[k]), my = omega * (ay - _dy[k]);
                    _dx[k] += mx;
                    _dy[k] += my;
                    largest = MathF.Max(largest, MathF.Max(MathF.Abs(mx), MathF.Abs(my)));
                }
            }
            if (largest < tolerance)
                break;
        }
    }

    /// <summary>The displacement at a pixel (bilinear between grid nodes).</summary>
    public (float Dx, float Dy) At(int x, int y)
    {
        float fx = (float)x / Cell, fy = (float)y / Cell;
        int c = Math.Min((int)fx, _cols - 2), r = Math.Min((int)fy, _rows - 2);
        float ax = fx - c, ay = fy - r;
        int k = r * _cols + c;
        float Lerp(float[] a) =>
            (a[k] * (1 - ax) + a[k + 1] * ax) * (1 - ay) + (a[k + _cols] * (1 - ax) + a[k + _cols + 1] * ax) * ay;
        return (Lerp(_dx), Lerp(_dy));
    }
}
