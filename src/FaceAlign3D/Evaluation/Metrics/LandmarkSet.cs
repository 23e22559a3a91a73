namespace FaceAlign3D.Evaluation.Metrics;

/// <summary>
/// An ordered set of 2D or 3D landmarks stored flat (x0, y0[, z0], x1, ...), in double precision.
/// </summary>
public sealed class LandmarkSet
{
    private readonly double[] _coordinates;

    public LandmarkSet(double[] coordinates, int dimension)
    {
        ArgumentNullException.ThrowIfNull(coordinates);
        if (dimension is not (2 or 3))
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "landmarks are 2D or 3D");
        if (coordinates.Length % dimension != 0)
            throw new ArgumentException($"{coordinates.Length} coordinates do not divide into {dimension}D points", nameof(coordinates));
        _coordinates = coordinates;
        Dimension = dimension;
    }

    public int Dimension { get; }

    public int Count => _coordinates.Length / Dimension;

    public ReadOnlySpan<double> Coordinates => _coordinates;

    public double this[int point, int axis] => _coordinates[point * Dimension + axis];

    /// <summary>Builds a set from rows of 2 or 3 numbers; all rows must have the same length.</summary>
    public static LandmarkSet FromRows(IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
            throw new ArgumentException("no landmarks", nameof(rows));
        int dimension = rows[0].Length;
        var flat = new double[rows.Count * dimension];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != dimension)
                throw new ArgumentException($"landmark {i} has {rows[i].Length} coordinates, landmark 0 has {dimension}", nameof(rows));
            rows[i].CopyTo(flat, i * dimension);
        }
        return new LandmarkSet(flat, dimension);
    }

    /// <summary>true when every coordinate is a finite number.</summary>
    public bool IsFinite()
    {
        foreach (var v in _coordinates)
            if (!double.IsFinite(v)) return false;
        return true;
    }

    /// <summary>Axis-aligned box of the x and y coordinates: (minX, minY, maxX, maxY).</summary>
    public Detection.BoundingBox BoundingBox()
    {
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity;
        double maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        for (int i = 0; i < _coordinates.Length; i += Dimension)
        {
            double x = _coordinates[i], y = _coordinates[i + 1];
            if (x < minX) minX = x;
            if (x > maxX) maxX = x;
            if (y < minY) minY = y;
            if (y > maxY) maxY = y;
        }
        return new Detection.BoundingBox(minX, minY, maxX, maxY);
    }
}
