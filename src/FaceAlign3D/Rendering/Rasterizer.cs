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
    private Corners[] _corners = []; // per triangle, set where _box holds a range
    private int[] _box = [];         // per triangle: first and last pixel column and row inside the image; an empty row range when not drawn
    private int[] _bandStart = [];   // per band, where its triangles start in _bandTriangles (one past the last band: the end)
    private int[] _bandTriangles = [];
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
        _bandStart = new int[BandCount + 1];
    }

    public FrameBuffers Buffers { get; }

    public int Width => Buffers.Width;

    public int Height => Buffers.Height;

    public int Threads { get; }

    private int BandCount => (Height + BandRows - 1) / BandRows;

    /// <summary>Pixel x, y and depth of each vertex in the last render (3 per vertex; valid only where <see cref="IsVertexInFront"/>).</summary>
    public ReadOnlySpan<double> ScreenPositions => _mesh is null ? [] : _screen.AsSpan(0, 3 * _mesh.VertexCount);

    public bool IsVertexInFront(int v) => _valid[v];

    /// <summary>
    /// Draws the mesh with the given vertex positions (x, y, z per vertex) into <see cref="Buffers"/>. Without
    /// 'antialias' the silhouette coverage pass is skipped (coverage is then 1 on drawn pixels, 0 elsewhere): for
    /// renders whose depth and ids alone are used.
    /// </summary>
    /// <exception cref="ArgumentException">the positions do not match the mesh's vertex count.</exception>
    public void Render(RenderMesh mesh, ReadOnlySpan<float> positions, RenderCamera camera, bool antialias = true)
    {
        if (positions.Length != 3 * mesh.VertexCount)
            throw new ArgumentException($"expected {3 * mesh.VertexCount} coordinates for {mesh.VertexCount} vertices, got {positions.Length}", nameof(positions));
        _mesh = mesh;
        Grow(ref _screen, 3 * mesh.VertexCount);
        Grow(ref _invW, mesh.VertexCount);
        Grow(ref _valid, mesh.VertexCount);
        Grow(ref _corners, mesh.TriangleCount);
        Grow(ref _box, 4 * mesh.TriangleCount);
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            var (x, y, d) = camera.Project(positions[3 * v], positions[3 * v + 1], positions[3 * v + 2], out bool front);
            _screen[3 * v] = x;
            _screen[3 * v + 1] = y;
            _screen[3 * v + 2] = d;
            _invW[v] = camera.IsPerspective ? 1.0 / d : 1.0;
            _valid[v] = front && double.IsFinite(x) && double.IsFinite(y) && double.IsFinite(d);
        }
        SetUpTriangles(mesh);
        BinTriangles();
        RunBands(_bandPass);
        if (antialias)
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

    /// <summary>
    /// The corners, edge terms and pixel box of every usable triangle whose box holds a pixel centre, computed once
    /// per render, and the number of triangles each band will see.
    /// </summary>
    private void SetUpTriangles(RenderMesh mesh)
    {
        var tri = mesh.Triangles;
        Array.Clear(_bandStart);
        for (int t = 0; t < mesh.TriangleCount; t++)
        {
            _box[4 * t + 2] = 0;
            _box[4 * t + 3] = -1;
            int a = tri[3 * t], b = tri[3 * t + 1], c = tri[3 * t + 2];
            if (!_valid[a] || !_valid[b] || !_valid[c])
                continue;
            double ax = _screen[3 * a], ay = _screen[3 * a + 1], bx = _screen[3 * b], by = _screen[3 * b + 1], cx = _screen[3 * c], cy = _screen[3 * c + 1];
            // A triangle whose box holds no pixel centre cannot cover one (most triangles of a dense mesh at low resolution).
            double top = Math.Ceiling(Math.Min(ay, Math.Min(by, cy))), bottom = Math.Floor(Math.Max(ay, Math.Max(by, cy)));
            double left = Math.Ceiling(Math.Min(ax, Math.Min(bx, cx))), right = Math.Floor(Math.Max(ax, Math.Max(bx, cx)));
            if (left > right || top > bottom || right < 0 || left > Width - 1 || bottom < 0 || top > Height - 1)
                continue;
            var k = new Corners(ax, ay, bx, by, cx, cy);
            if (!(double.IsNormal(k.Area) && Math.Abs(k.Area) > 1e-12))
                continue;
            _corners[t] = k;
            int yMin = (int)Math.Max(0, top), yMax = (int)Math.Min(Height - 1, bottom);
            _box[4 * t] = (int)Math.Max(0, left);
            _box[4 * t + 1] = (int)Math.Min(Width - 1, right);
            _box[4 * t + 2] = yMin;
            _box[4 * t + 3] = yMax;
            for (int band = yMin / BandRows; band <= yMax / BandRows; band++)
                _bandStart[band + 1]++;
        }
    }

    /// <summary>Lists each band's triangles in mesh order (so depth ties resolve as in one pass over the mesh).</summary>
    private void BinTriangles()
    {
        for (int band = 0; band < BandCount; band++)
            _bandStart[band + 1] += _bandStart[band];
        Grow(ref _bandTriangles, _bandStart[BandCount]);
        Span<int> next = stackalloc int[_bandStart.Length]; // at most MaxSide / BandRows + 1
        _bandStart.CopyTo(next);
        for (int t = 0; t < _mesh!.TriangleCount; t++)
            for (int band = _box[4 * t + 2] / BandRows, last = _box[4 * t + 3]; band * BandRows <= last; band++)
                _bandTriangles[next[band]++] = t;
    }

    private void RasterizeBand(int band)
    {
        int y0 = band * BandRows, y1 = Math.Min(Height, y0 + BandRows);
        var buf = Buffers;
        buf.Clear(y0, y1);
        var tri = _mesh!.Triangles;
        int width = Width;
        var depthBuffer = buf.Depth;
        for (int n = _bandStart[band]; n < _bandStart[band + 1]; n++)
        {
            int t = _bandTriangles[n];
            ref readonly var k = ref _corners[t];
            int ia = tri[3 * t], ib = tri[3 * t + 1], ic = tri[3 * t + 2];
            int xMin = _box[4 * t], xMax = _box[4 * t + 1];
            int yMin = Math.Max(y0, _box[4 * t + 2]), yMax = Math.Min(y1 - 1, _box[4 * t + 3]);
            double wa = _invW[ia], wb = _invW[ib], wc = _invW[ic];
            double da = _screen[3 * ia + 2], db = _screen[3 * ib + 2], dc = _screen[3 * ic + 2];
            for (int y = yMin; y <= yMax; y++)
            {
                var row = new Corners.Row(in k, y);
                for (int x = xMin; x <= xMax; x++)
                {
                    if (!row.Covers(x))
                        continue;
                    row.Inside(x, out double la, out double lb, out double lc);
                    // Perspective-correct weights: screen weights divided by depth, renormalised.
                    double pa = la * wa, pb = lb * wb, pc = lc * wc, s = 1.0 / (pa + pb + pc);
                    pa *= s;
                    pb *= s;
                    pc *= s;
                    double depth = pa * da + pb * db + pc * dc;
                    int i = y * width + x;
                    if (!(depth < depthBuffer[i]))
                        continue;
                    depthBuffer[i] = (float)depth;
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
        var ids = buf.TriangleIds;
        int width = Width, height = Height;
        for (int y = y0; y < y1; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                int own = ids[i];
                // Only pixels with a neighbour on the other side of the silhouette change.
                bool drawn = own >= 0;
                if ((x + 1 >= width || ids[i + 1] >= 0 == drawn) && (x == 0 || ids[i - 1] >= 0 == drawn)
                    && (y + 1 >= height || ids[i + width] >= 0 == drawn) && (y == 0 || ids[i - width] >= 0 == drawn))
                    continue;
                float best = drawn ? 1f : 0f;
                for (int n = 0; n < 4; n++)
                {
                    int qx = x + (n == 0 ? 1 : n == 1 ? -1 : 0), qy = y + (n == 2 ? 1 : n == 3 ? -1 : 0);
                    if ((uint)qx >= (uint)width || (uint)qy >= (uint)height)
                        continue;
                    int other = ids[qy * width + qx];
                    if (drawn && other < 0)
                        best = Math.Min(best, (float)Math.Clamp(0.5 + _corners[own].DistanceInsideToward(x, y, qx, qy), 0, 1));
                    else if (!drawn && other >= 0)
                    {
                        ref readonly var theirs = ref _corners[other];
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
        private readonly double _ax, _ay, _bx, _by, _cx, _cy, _sign, _inv;
        private readonly bool _topA, _topB, _topC;

        public Corners(double ax, double ay, double bx, double by, double cx, double cy)
        {
            _ax = ax;
            _ay = ay;
            _bx = bx;
            _by = by;
            _cx = cx;
            _cy = cy;
            Area = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
            _sign = Area > 0 ? 1 : -1;
            _inv = 1.0 / Math.Abs(Area);
            // With a negative winding the edge directions flip along with the sign of the edge functions.
            _topA = TopLeft(_sign * (cx - bx), _sign * (cy - by));
            _topB = TopLeft(_sign * (ax - cx), _sign * (ay - cy));
            _topC = TopLeft(_sign * (bx - ax), _sign * (by - ay));
        }

        /// <summary>Twice the signed area; its sign says the winding.</summary>
        public double Area { get; }

        private static double Edge(double ux, double uy, double vx, double vy, double px, double py) =>
            (vx - ux) * (py - uy) - (vy - uy) * (px - ux);

        /// <summary>Top-left rule (y down) for an edge u->v of a triangle with positive orientation.</summary>
        private static bool TopLeft(double dx, double dy) => dy < 0 || (dy == 0 && dx > 0);

        /// <summary>Screen-space weights of a, b, c at (px, py) and whether the point is covered.</summary>
        public bool Inside(double px, double py, out double la, out double lb, out double lc) => new Row(in this, py).Inside(px, out la, out lb, out lc);

        /// <summary>One pixel row of a triangle, for a scan along it: each edge function is (vx - ux)(py - uy) - (vy - uy)(px - ux), the first product fixed.</summary>
        public readonly ref struct Row
        {
            private readonly ref readonly Corners _k;
            private readonly double _rowA, _rowB, _rowC;

            public Row(ref readonly Corners k, double py)
            {
                _k = ref k;
                _rowA = (k._cx - k._bx) * (py - k._by);
                _rowB = (k._ax - k._cx) * (py - k._cy);
                _rowC = (k._bx - k._ax) * (py - k._ay);
            }

            public bool Inside(double px, out double la, out double lb, out double lc)
            {
                ref readonly var k = ref _k;
                double eA = k._sign * (_rowA - (k._cy - k._by) * (px - k._bx));
                double eB = k._sign * (_rowB - (k._ay - k._cy) * (px - k._cx));
                double eC = k._sign * (_rowC - (k._by - k._ay) * (px - k._ax));
                la = eA * k._inv;
                lb = eB * k._inv;
                lc = eC * k._inv;
                return Covered(eA, eB, eC);
            }

            /// <summary>Whether the pixel at column px is covered (the test of <see cref="Inside"/> without the weights).</summary>
            public bool Covers(double px)
            {
                ref readonly var k = ref _k;
                return Covered(k._sign * (_rowA - (k._cy - k._by) * (px - k._bx)), k._sign * (_rowB - (k._ay - k._cy) * (px - k._cx)),
                    k._sign * (_rowC - (k._by - k._ay) * (px - k._ax)));
            }

            private bool Covered(double eA, double eB, double eC) =>
                (eA > 0 || (eA == 0 && _k._topA)) && (eB > 0 || (eB == 0 && _k._topB)) && (eC > 0 || (eC == 0 && _k._topC));
        }

        /// <summary>Distance from an inside point to the nearest edge that separates it from (qx, qy).</summary>
        public double DistanceInsideToward(double px, double py, double qx, double qy)
        {
            double sign = _sign;
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
