using System.Globalization;

namespace FaceAlign3D.Morphable.IctFaceKit;

/// <summary>Where one MediaPipe canonical-mesh vertex lies on the ICT surface: a triangle (three ICT vertices) and barycentric weights.</summary>
/// <param name="A">First triangle vertex (ICT index).</param>
/// <param name="B">Second triangle vertex.</param>
/// <param name="C">Third triangle vertex.</param>
/// <param name="Wa">Barycentric weight of A.</param>
/// <param name="Wb">Barycentric weight of B.</param>
/// <param name="Wc">Barycentric weight of C (the three sum to 1).</param>
/// <param name="DistanceCm">Distance from the aligned canonical vertex to that surface point when the table was made (cm).</param>
public readonly record struct SurfacePoint(int A, int B, int C, double Wa, double Wb, double Wc, double DistanceCm);

/// <summary>
/// The 468 MediaPipe Face Mesh points on the ICT-FaceKit surface, made by tools/ict-mediapipe-correspondence (the
/// canonical mesh aligned to the ICT neutral by anchor landmarks and ICP, then each vertex projected to the closest
/// point of the ICT face region). <see cref="Evaluate"/> gives the 468 points of any ICT shape, so a fit can compare
/// them with MediaPipe landmarks.
/// </summary>
public sealed class IctMediaPipeCorrespondence
{
    public const int PointCount = 468;

    /// <summary>File name of the generated table beside the tool.</summary>
    public const string FileName = "ict_mediapipe468.csv";

    private IctMediaPipeCorrespondence(SurfacePoint[] points) => Points = points;

    /// <summary>One surface point per MediaPipe index 0-467.</summary>
    public IReadOnlyList<SurfacePoint> Points { get; }

    /// <summary>
    /// Reads the CSV: a header, then per line mediapipe index, a, b, c, wa, wb, wc, distance_cm, for indices 0-467 in order.
    /// </summary>
    /// <exception cref="InvalidDataException">wrong columns or count, an index outside the model, or weights that are not barycentric.</exception>
    public static IctMediaPipeCorrespondence Load(string path, int vertexCount) => Parse(File.ReadAllLines(path), path, vertexCount);

    /// <summary>The committed table, built into the library (the same file <see cref="Load"/> reads from tools/).</summary>
    /// <exception cref="InvalidDataException">the table does not fit a model with <paramref name="vertexCount"/> vertices.</exception>
    public static IctMediaPipeCorrespondence LoadBuiltIn(int vertexCount)
    {
        const string resource = "FaceAlign3D.Morphable.IctFaceKit." + FileName;
        using var stream = typeof(IctMediaPipeCorrespondence).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the library was built without the resource {resource}");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
            lines.Add(line);
        return Parse(lines, resource, vertexCount);
    }

    private static IctMediaPipeCorrespondence Parse(IEnumerable<string> allLines, string path, int vertexCount)
    {
        var lines = allLines.Where(l => l.Length > 0).ToArray();
        if (lines.Length != PointCount + 1)
            throw new InvalidDataException($"{path}: expected a header and {PointCount} rows, found {lines.Length} lines");
        var points = new SurfacePoint[PointCount];
        for (int i = 0; i < PointCount; i++)
        {
            var cells = lines[i + 1].Split(',');
            if (cells.Length != 8)
                throw new InvalidDataException($"{path}: row {i + 1} has {cells.Length} columns, expected 8");
            var v = new double[8];
            for (int c = 0; c < 8; c++)
                if (!double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out v[c]) || !double.IsFinite(v[c]))
                    throw new InvalidDataException($"{path}: row {i + 1} column {c + 1} is not a finite number");
            if (v[0] != i)
                throw new InvalidDataException($"{path}: row {i + 1} is for point {v[0]}, expected {i}");
            int a = (int)v[1], b = (int)v[2], cc = (int)v[3];
            if (new[] { a, b, cc }.Any(x => x < 0 || x >= vertexCount))
                throw new InvalidDataException($"{path}: row {i + 1} names a vertex outside [0, {vertexCount})");
            if (Math.Min(v[4], Math.Min(v[5], v[6])) < -1e-6 || Math.Abs(v[4] + v[5] + v[6] - 1) > 1e-4)
                throw new InvalidDataException($"{path}: row {i + 1} weights are not barycentric");
            points[i] = new SurfacePoint(a, b, cc, v[4], v[5], v[6], v[7]);
        }
        return new IctMediaPipeCorrespondence(points);
    }

    /// <summary>The 468 points (x, y, z each) of an ICT shape given as x, y, z per vertex.</summary>
    public double[] Evaluate(ReadOnlySpan<float> vertices)
    {
        var result = new double[3 * PointCount];
        for (int i = 0; i < PointCount; i++)
        {
            var p = Points[i];
            for (int c = 0; c < 3; c++)
                result[3 * i + c] = p.Wa * vertices[3 * p.A + c] + p.Wb * vertices[3 * p.B + c] + p.Wc * vertices[3 * p.C + c];
        }
        return result;
    }
}
