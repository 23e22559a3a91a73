namespace FaceAlign3D.Geometry;

/// <summary>Settings for <see cref="Icp.Align"/>.</summary>
internal sealed record IcpOptions
{
    public int MaxIterations { get; init; } = 50;

    /// <summary>Stop when the RMS correspondence distance improves by less than this fraction.</summary>
    public double RelativeTolerance { get; init; } = 1e-7;

    /// <summary>true: similarity (scale re-estimated every iteration); false: rigid, keeping the scale of <see cref="Initial"/>.</summary>
    public bool EstimateScale { get; init; }

    /// <summary>Pairs farther apart than this (after the current transform) are ignored.</summary>
    public double MaxCorrespondenceDistance { get; init; } = double.PositiveInfinity;

    /// <summary>Starting transform of the source (identity when null).</summary>
    public SimilarityTransform? Initial { get; init; }
}

/// <summary>Outcome of an ICP run; <see cref="Transform"/> maps the original source onto the target.</summary>
internal sealed record IcpResult(SimilarityTransform Transform, int Iterations, double RmsDistance, bool Converged);

/// <summary>
/// Point-to-point iterative closest point: alternate nearest-neighbour correspondences with a
/// closed-form <see cref="Umeyama"/> fit of the original source to the matched target points.
/// </summary>
internal static class Icp
{
    public static IcpResult Align(ReadOnlySpan<double> source, NearestPointIndex target, IcpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        options ??= new IcpOptions();
        PointSpans.CheckTriples(source, nameof(source));
        PointSpans.CheckFinite(source, "ICP source");
        int n = source.Length / 3;
        if (n < 3)
            throw new ArgumentException($"ICP: at least 3 source points are needed, got {n}", nameof(source));
        if (options.MaxIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "ICP: MaxIterations must be at least 1");

        var transform = options.Initial ?? SimilarityTransform.Identity;
        double fixedScale = transform.Scale;
        var moved = new double[source.Length];
        var keptSource = new double[source.Length];
        var matched = new double[source.Length];
        double maxDistSq = options.MaxCorrespondenceDistance * options.MaxCorrespondenceDistance;
        double previousRms = double.PositiveInfinity;

        for (int iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            transform.Apply(source, moved);
            int kept = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++)
            {
                int j = target.Nearest(moved[3 * i], moved[3 * i + 1], moved[3 * i + 2], out double distSq);
                if (distSq > maxDistSq) continue;
                sumSq += distSq;
                // In rigid mode the fit sees the source pre-scaled, so the initial scale is kept.
                double pre = options.EstimateScale ? 1 : fixedScale;
                keptSource[3 * kept] = pre * source[3 * i];
                keptSource[3 * kept + 1] = pre * source[3 * i + 1];
                keptSource[3 * kept + 2] = pre * source[3 * i + 2];
                target.CopyPoint(j, matched.AsSpan(3 * kept));
                kept++;
            }
            if (kept < 3)
                throw new InvalidOperationException($"ICP: only {kept} correspondences within {options.MaxCorrespondenceDistance} at iteration {iteration}");

            double rms = Math.Sqrt(sumSq / kept);
            if (rms == 0 || (double.IsFinite(previousRms) && previousRms - rms <= options.RelativeTolerance * previousRms))
                return new IcpResult(transform, iteration, rms, true);
            previousRms = rms;
            var fit = Umeyama.Estimate(keptSource.AsSpan(0, 3 * kept), matched.AsSpan(0, 3 * kept), options.EstimateScale);
            transform = options.EstimateScale ? fit : new SimilarityTransform(fixedScale, [.. fit.Rotation], [.. fit.Translation]);
        }

        transform.Apply(source, moved);
        return new IcpResult(transform, options.MaxIterations, RmsToNearest(moved, target), false);
    }

    private static double RmsToNearest(ReadOnlySpan<double> points, NearestPointIndex index)
    {
        double sum = 0;
        for (int i = 0; i < points.Length; i += 3)
        {
            index.Nearest(points[i], points[i + 1], points[i + 2], out double d2);
            sum += d2;
        }
        return Math.Sqrt(sum / (points.Length / 3));
    }
}

/// <summary>
/// A k-d tree over a fixed N x 3 point set answering exact nearest-neighbour queries
/// (used by ICP correspondences and by point-to-point distances such as chamfer).
/// Immutable after construction and safe to query from several threads.
/// </summary>
internal sealed class NearestPointIndex
{
    private const int LeafSize = 8;
    private readonly double[] _points;
    private readonly int[] _order;
    private readonly List<Node> _nodes = [];

    private readonly record struct Node(int Start, int End, int Axis, double Split, int Left, int Right)
    {
        public bool IsLeaf => Left < 0;
    }

    public NearestPointIndex(ReadOnlySpan<double> points)
    {
        PointSpans.CheckTriples(points, nameof(points));
        if (points.Length == 0)
            throw new ArgumentException("NearestPointIndex: the point set is empty", nameof(points));
        PointSpans.CheckFinite(points, "NearestPointIndex points");
        _points = points.ToArray();
        _order = new int[Count];
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        Build(0, Count);
    }

    public int Count => _points.Length / 3;

    public void CopyPoint(int index, Span<double> destination) => _points.AsSpan(3 * index, 3).CopyTo(destination);

    /// <summary>Index of the point nearest to (x, y, z) and its squared distance.</summary>
    public int Nearest(double x, double y, double z, out double distanceSquared)
    {
        int best = -1;
        double bestSq = double.PositiveInfinity;
        Span<int> stack = stackalloc int[128];
        int top = 0;
        stack[top++] = 0;
        Span<double> query = [x, y, z];
        while (top > 0)
        {
            var node = _nodes[stack[--top]];
            if (node.IsLeaf)
            {
                for (int k = node.Start; k < node.End; k++)
                {
                    int p = _order[k] * 3;
                    double dx = _points[p] - x, dy = _points[p + 1] - y, dz = _points[p + 2] - z;
                    double d = dx * dx + dy * dy + dz * dz;
                    if (d < bestSq) { bestSq = d; best = _order[k]; }
                }
                continue;
            }
            double delta = query[node.Axis] - node.Split;
            int near = delta < 0 ? node.Left : node.Right, far = delta < 0 ? node.Right : node.Left;
            // The far side is pushed first so the near side is searched first.
            if (delta * delta < bestSq) stack[top++] = far;
            stack[top++] = near;
        }
        distanceSquared = bestSq;
        return best;
    }

    private int Build(int start, int end)
    {
        int id = _nodes.Count;
        _nodes.Add(default);
        if (end - start <= LeafSize)
        {
            _nodes[id] = new Node(start, end, 0, 0, -1, -1);
            return id;
        }
        int axis = WidestAxis(start, end);
        int mid = (start + end) / 2;
        Select(start, end - 1, mid, axis);
        double split = _points[_order[mid] * 3 + axis];
        int left = Build(start, mid);
        int right = Build(mid, end);
        _nodes[id] = new Node(start, end, axis, split, left, right);
        return id;
    }

    private int WidestAxis(int start, int end)
    {
        Span<double> lo = [double.MaxValue, double.MaxValue, double.MaxValue];
        Span<double> hi = [double.MinValue, double.MinValue, double.MinValue];
        for (int k = start; k < end; k++)
            for (int a = 0; a < 3; a++)
            {
                double v = _points[_order[k] * 3 + a];
                if (v < lo[a]) lo[a] = v;
                if (v > hi[a]) hi[a] = v;
            }
        int axis = 0;
        for (int a = 1; a < 3; a++)
            if (hi[a] - lo[a] > hi[axis] - lo[axis]) axis = a;
        return axis;
    }

    // Quickselect on _order[lo..hi] so that position k holds the k-th smallest coordinate on the axis,
    // with no larger value before it and no smaller value after it.
    private void Select(int lo, int hi, int k, int axis)
    {
        while (hi > lo)
        {
            double pivot = _points[_order[(lo + hi) >>> 1] * 3 + axis];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (_points[_order[i] * 3 + axis] < pivot) i++;
                while (_points[_order[j] * 3 + axis] > pivot) j--;
                if (i <= j)
                {
                    (_order[i], _order[j]) = (_order[j], _order[i]);
                    i++; j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;
        }
    }
}
