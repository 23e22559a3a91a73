namespace FaceAlign3D.Rendering;

/// <summary>
/// A z-buffered triangle rasteriser. Pixel centres sit at integer coordinates; a triangle covers the centres
/// inside it (top-left rule on shared edges), attributes are interpolated perspective-correctly for pinhole
/// cameras, and silhouette edges get an analytic box-filter coverage estimate. The image is cut into bands of
/// rows that threads rasterise independently, so the result does not depend on the thread count. Buffers are
/// allocated once per rasteriser; a single-threaded render allocates nothing.
/// Triangles that are degenerate, have a non-finite corner or a corner behind a pinhole camera are skipped.
/// </summary>
internal sealed class Rasterizer
{
    /// <summary>Largest side accepted, in pixels.</summary>
    public const int MaxSide = 8192;

    /// <summary>Largest pixel count accepted (bounds the buffers at about 470 MB).</summary>
    public const long MaxPixels = 4096L * 4096;

    private const int BandRows = 16;

    private double[] _screen = [];   // x, y, depth per vertex
    private double[] _invW = [];     // 1 / depth for pinhole cameras, 1 otherwise
    private bool[] _valid = [];      // finite and in front of the camera
    private int[] _rowRange = [];    // first and last pixel row of each triangle, or an empty range
    private RenderMesh? _mesh;
    private readonly Action<int> _bandPass;
    private readonly Action<int> _edgePass;

    /// <exception cref="ArgumentOutOfRangeException">a side is not positive, or the size exceeds <see cref="MaxSide"/> / <see cref="MaxPixels"/>.</exception>
    public Rasterizer(int width, int height, int threads = 1)
    {
        if (width <= 0 || height <= 0 || width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
            throw new ArgumentOutOfRangeException(nameof(width), $"render size {width}x{height} is outside 1..{MaxSide} per side and {MaxPixels} pixels");
        if (threads <= 0)
            throw new ArgumentOutOfRangeException(nameof(threads), "at least one thread is needed");
        Buffers = new FrameBuffers(width, height);
        Threads = threads;
        _bandPass = RasterizeBand;
        _edgePass = AntialiasBand;
    }

    public FrameBuffers Buffers { get; }

    public int Width => Buffers.Width;

    public int Height => Buffers.Height;

    public int Threads { get; }

    private int BandCount => (Height + BandRows - 1) / BandRows;

    /// <summary>Pixel x, y and depth of each vertex in the last render (3 per vertex; valid only where <see cref="IsVertexInFront"/>).</summary>
    public ReadOnlySpan<double> ScreenPositions => _mesh is null ? [] : _screen.AsSpan(0, 3 * _mesh.VertexCount);

    public bool IsVertexInFront(int v) => _valid[v];

    /// <summary>Draws the mesh with the given vertex positions (x, y, z per vertex) into <see cref="Buffers"/>.</summary>
    /// <exception cref="ArgumentException">the positions do not match the mesh's vertex count.</exception>
    public void Render(RenderMesh mesh, ReadOnlySpan<float> positions, RenderCamera camera)
    {
        if (positions.Length != 3 * mesh.VertexCount)
            throw new ArgumentException($"expected {3 * mesh.VertexCount} coordinates for {mesh.VertexCount} vertices, got {positions.Length}", nameof(positions));
        _mesh = mesh;
        Grow(ref _screen, 3 * mesh.VertexCount);
        Grow(ref _invW, mesh.VertexCount);
        Grow(ref _valid, mesh.VertexCount);
        Grow(ref _rowRange, 2 * mesh.TriangleCount);
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            var (x, y, d) = camera.Project(positions[3 * v], positions[3 * v + 1], positions[3 * v + 2], out bool front);
            _screen[3 * v] = x;
            _screen[3 * v + 1] = y;
            _screen[3 * v + 2] = d;
            _invW[v] = camera.IsPerspective ? 1.0 / d : 1.0;
            _valid[v] = front && double.IsFinite(x) && double.IsFinite(y) && double.IsFinite(d);
        }
        ComputeRowRanges(mesh);
        RunBands(_bandPass);
        RunBands(_edgePass);
    }

    private void RunBands(Action<int> pass)
    {
        if (Threads == 1)
        {
            for (int b = 0; b < BandCount; b++)
                pass(b);
        }
        else
        {
            Parallel.For(0, BandCount, new ParallelOptions { MaxDegreeOfParallelism = Threads }, pass);
        }
    }

    private static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length)
            array = new T[length];
    }

    private void ComputeRowRanges(RenderMesh mesh)
    {
        var tri = mesh.Triangles;
        for (int t = 0; t < mesh.TriangleCount; t++)
        {
            int a = tri[3 * t], b = tri[3 * t + 1], c = tri[3 * t + 2];
            _rowRange[2 * t] = 0;
            _rowRange[2 * t + 1] = -1;
            if (!_valid[a] || !_valid[b] || !_valid[c])
                continue;
            double minY = Math.Min(_screen[3 * a + 1], Math.Min(_screen[3 * b + 1], _screen[3 * c + 1]));
            double maxY = Math.Max(_screen[3 * a + 1], Math.Max(_screen[3 * b + 1], _screen[3 * c + 1]));
            double minX = Math.Min(_screen[3 * a], Math.Min(_screen[3 * b], _screen[3 * c]));
            double maxX = Math.Max(_screen[3 * a], Math.Max(_screen[3 * b], _screen[3 * c]));
            // A triangle whose box holds no pixel centre cannot cover one (most triangles of a dense mesh at low resolution).
            if (Math.Ceiling(minX) > Math.Floor(maxX) || Math.Ceiling(minY) > Math.Floor(maxY) || maxX < 0 || minX > Width - 1)
                continue;
            _rowRange[2 * t] = (int)Math.Max(0, Math.Ceiling(minY));
            _rowRange[2 * t + 1] = (int)Math.Min(Height - 1, Math.Floor(maxY));
        }
    }

    /// <summary>The triangle's corners with a positive signed area, or false if it is degenerate or unusable.</summary>
    private bool Setup(int t, out Corners k)
    {
        var tri = _mesh!.Triangles;
        k = default;
        int a = tri[3 * t], b = tri[3 * t + 1], c = tri[3 * t + 2];
        if (!_valid[a] || !_valid[b] || !_valid[c])
            return false;
        k = new Corners(_screen[3 * a], _screen[3 * a + 1], _screen[3 * b], _screen[3 * b + 1], _screen[3 * c], _screen[3 * c + 1]);
        return double.IsNormal(k.Area) && Math.Abs(k.Area) > 1e-12;
    }

    private void RasterizeBand(int band)
    {
        int y0 = band * BandRows, y1 = Math.Min(Height, y0 + BandRows);
        var buf = Buffers;
        buf.Clear(y0, y1);
        var mesh = _mesh!;
        var tri = mesh.Triangles;
        int width = Width;
        for (int t = 0; t < mesh.TriangleCount; t++)
        {
            if (_rowRange[2 * t + 1] < y0 || _rowRange[2 * t] >= y1 || !Setup(t, out var k))
                continue;
            int ia = tri[3 * t], ib = tri[3 * t + 1], ic = tri[3 * t + 2];
            int xMin = (int)Math.Max(0, Math.Ceiling(k.MinX));
            int xMax = (int)Math.Min(width - 1, Math.Floor(k.MaxX));
            int yMin = (int)Math.Max(y0, Math.Ceiling(k.MinY));
            int yMax = (int)Math.Min(y1 - 1, Math.Floor(k.MaxY));
            double wa = _invW[ia], wb = _invW[ib], wc = _invW[ic];
            double da = _screen[3 * ia + 2], db = _screen[3 * ib + 2], dc = _screen[3 * ic + 2];
            for (int y = yMin; y <= yMax; y++)
            {
                for (int x = xMin; x <= xMax; x++)
                {
                    if (!k.Inside(x, y, out double la, out double lb, out double lc))
                        continue;
                    // Perspective-correct weights: screen weights divided by depth, renormalised.
                    double pa = la * wa, pb = lb * wb, pc = lc * wc, s = 1.0 / (pa + pb + pc);
                    pa *= s;
                    pb *= s;
                    pc *= s;
                    double depth = pa * da + pb * db + pc * dc;
                    int i = y * width + x;
                    if (!(depth < buf.Depth[i]))
                        continue;
                    buf.Depth[i] = (float)depth;
                    buf.TriangleIds[i] = t;
                    buf.Coverage[i] = 1;
                    buf.Barycentrics[3 * i] = (float)pa;
                    buf.Barycentrics[3 * i + 1] = (float)pb;
                    buf.Barycentrics[3 * i + 2] = (float)pc;
                }
            }
        }
    }

    /// <summary>
    /// Coverage at silhouettes: a drawn pixel beside the background keeps 0.5 + its distance to the triangle edge
    /// facing that neighbour; a background pixel beside a drawn one takes 0.5 - its distance to that triangle.
    /// Reads neighbours' triangle ids (final after the band pass) and writes only its own pixels.
    /// </summary>
    private void AntialiasBand(int band)
    {
        int y0 = band * BandRows, y1 = Math.Min(Height, y0 + BandRows);
        var buf = Buffers;
        int width = Width, height = Height;
        Span<int> nx = [1, -1, 0, 0];
        Span<int> ny = [0, 0, 1, -1];
        for (int y = y0; y < y1; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                int own = buf.TriangleIds[i];
                float best = own >= 0 ? 1f : 0f;
                for (int n = 0; n < 4; n++)
                {
                    int qx = x + nx[n], qy = y + ny[n];
                    if ((uint)qx >= (uint)width || (uint)qy >= (uint)height)
                        continue;
                    int other = buf.TriangleIds[qy * width + qx];
                    if (own >= 0 && other < 0 && Setup(own, out var mine))
                        best = Math.Min(best, (float)Math.Clamp(0.5 + mine.DistanceInsideToward(x, y, qx, qy), 0, 1));
                    else if (own < 0 && other >= 0 && Setup(other, out var theirs))
                    {
                        float c = (float)Math.Clamp(0.5 - theirs.DistanceOutside(x, y), 0, 1);
                        if (c > best)
                        {
                            best = c;
                            buf.FringeTriangleIds[i] = other;
                            theirs.ClampedWeights(x, y, out double la, out double lb, out double lc);
                            StorePerspectiveWeights(other, i, la, lb, lc);
                        }
                    }
                }
                buf.Coverage[i] = best;
            }
        }
    }

    private void StorePerspectiveWeights(int t, int i, double la, double lb, double lc)
    {
        var tri = _mesh!.Triangles;
        double pa = la * _invW[tri[3 * t]], pb = lb * _invW[tri[3 * t + 1]], pc = lc * _invW[tri[3 * t + 2]];
        double s = 1.0 / (pa + pb + pc);
        Buffers.Barycentrics[3 * i] = (float)(pa * s);
        Buffers.Barycentrics[3 * i + 1] = (float)(pb * s);
        Buffers.Barycentrics[3 * i + 2] = (float)(pc * s);
    }

    /// <summary>Screen corners a, b, c of one triangle and its edge functions.</summary>
    private readonly struct Corners
    {
        private readonly double _ax, _ay, _bx, _by, _cx, _cy;

        public Corners(double ax, double ay, double bx, double by, double cx, double cy)
        {
            _ax = ax;
            _ay = ay;
            _bx = bx;
            _by = by;
            _cx = cx;
            _cy = cy;
            Area = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
        }

        /// <summary>Twice the signed area; its sign says the winding.</summary>
        public double Area { get; }

        public double MinX => Math.Min(_ax, Math.Min(_bx, _cx));
        public double MaxX => Math.Max(_ax, Math.Max(_bx, _cx));
        public double MinY => Math.Min(_ay, Math.Min(_by, _cy));
        public double MaxY => Math.Max(_ay, Math.Max(_by, _cy));

        private static double Edge(double ux, double uy, double vx, double vy, double px, double py) =>
            (vx - ux) * (py - uy) - (vy - uy) * (px - ux);

        /// <summary>Top-left rule (y down) for an edge u->v of a triangle with positive orientation.</summary>
        private static bool TopLeft(double dx, double dy) => dy < 0 || (dy == 0 && dx > 0);

        /// <summary>Screen-space weights of a, b, c at (px, py) and whether the point is covered.</summary>
        public bool Inside(double px, double py, out double la, out double lb, out double lc)
        {
            double sign = Area > 0 ? 1 : -1;
            double eA = sign * Edge(_bx, _by, _cx, _cy, px, py);
            double eB = sign * Edge(_cx, _cy, _ax, _ay, px, py);
            double eC = sign * Edge(_ax, _ay, _bx, _by, px, py);
            double inv = 1.0 / Math.Abs(Area);
            la = eA * inv;
            lb = eB * inv;
            lc = eC * inv;
            return Covers(eA, sign * (_cx - _bx), sign * (_cy - _by))
                && Covers(eB, sign * (_ax - _cx), sign * (_ay - _cy))
                && Covers(eC, sign * (_bx - _ax), sign * (_by - _ay));
        }

        // With a negative winding the edge directions flip along with the sign of the edge functions.
        private static bool Covers(double e, double dx, double dy) => e > 0 || (e == 0 && TopLeft(dx, dy));

        /// <summary>Distance from an inside point to the nearest edge that separates it from (qx, qy).</summary>
        public double DistanceInsideToward(double px, double py, double qx, double qy)
        {
            double sign = Area > 0 ? 1 : -1;
            double best = Math.Min(SeparatingEdgeDistance(_bx, _by, _cx, _cy, sign, px, py, qx, qy),
                Math.Min(SeparatingEdgeDistance(_cx, _cy, _ax, _ay, sign, px, py, qx, qy), SeparatingEdgeDistance(_ax, _ay, _bx, _by, sign, px, py, qx, qy)));
            return double.IsPositiveInfinity(best) ? 0.5 : best;
        }

        private static double SeparatingEdgeDistance(double ux, double uy, double vx, double vy, double sign, double px, double py, double qx, double qy)
        {
            if (sign * Edge(ux, uy, vx, vy, qx, qy) >= 0)
                return double.PositiveInfinity;
            double len = Math.Sqrt((vx - ux) * (vx - ux) + (vy - uy) * (vy - uy));
            return sign * Edge(ux, uy, vx, vy, px, py) / len;
        }

        /// <summary>Euclidean distance from an outside point to the triangle.</summary>
        public double DistanceOutside(double px, double py) => Math.Min(
            SegmentDistance(_ax, _ay, _bx, _by, px, py),
            Math.Min(SegmentDistance(_bx, _by, _cx, _cy, px, py), SegmentDistance(_cx, _cy, _ax, _ay, px, py)));

        private static double SegmentDistance(double ux, double uy, double vx, double vy, double px, double py)
        {
            double dx = vx - ux, dy = vy - uy;
            double t = Math.Clamp(((px - ux) * dx + (py - uy) * dy) / (dx * dx + dy * dy), 0, 1);
            double ex = ux + t * dx - px, ey = uy + t * dy - py;
            return Math.Sqrt(ex * ex + ey * ey);
        }

        /// <summary>Screen weights at an outside point, clamped to the triangle and renormalised.</summary>
        public void ClampedWeights(double px, double py, out double la, out double lb, out double lc)
        {
            Inside(px, py, out la, out lb, out lc);
            la = Math.Max(0, la);
            lb = Math.Max(0, lb);
            lc = Math.Max(0, lc);
            double s = la + lb + lc;
            la /= s;
            lb /= s;
            lc /= s;
        }
    }
}
