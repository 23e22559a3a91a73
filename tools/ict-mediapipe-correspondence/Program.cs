using System.Globalization;
using System.Text;
using FaceAlign3D.Geometry;
using FaceAlign3D.Morphable.IctFaceKit;

// Builds ict_mediapipe468.csv: where each vertex of MediaPipe's canonical face mesh lies on the ICT-FaceKit neutral.
// Usage: dotnet run -c Release --project tools/ict-mediapipe-correspondence -- <ict_face_model.safetensors> <canonical_face_model.obj> [output.csv]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: <ict_face_model.safetensors> <canonical_face_model.obj> [output.csv]");
    return 2;
}
var model = IctFaceModelReader.Load(args[0]);
var canonical = ReadObjVertices(args[1]);
string output = args.Length > 2 ? args[2] : Path.Combine(AppContext.BaseDirectory, IctMediaPipeCorrespondence.FileName);
if (canonical.Length != 3 * IctMediaPipeCorrespondence.PointCount)
    throw new InvalidDataException($"{args[1]}: {canonical.Length / 3} vertices, expected {IctMediaPipeCorrespondence.PointCount}");

// Anchors: MediaPipe canonical vertex -> Multi-PIE 68 landmark (eye corners, nose bridge, tip and base, mouth corners,
// lip midpoints, chin), whose ICT vertices come from the model's landmark table.
(int MediaPipe, int MultiPie)[] anchors = [(33, 36), (133, 39), (362, 42), (263, 45), (168, 27), (1, 30), (2, 33), (61, 48), (291, 54), (0, 51), (17, 57), (152, 8)];
var source = anchors.SelectMany(a => canonical.AsSpan(3 * a.MediaPipe, 3).ToArray()).ToArray();
var target = anchors.SelectMany(a => Vertex(model.Neutral, model.Landmarks68[a.MultiPie])).ToArray();
var similarity = Umeyama.Estimate(source, target, estimateScale: true);
double anchorRms = Rms(similarity.Apply(source), target);

// ICP against the face-region vertices, similarity (scale re-estimated), then exact closest points on triangles.
var face = model.Regions["face"];
var facePoints = new double[3 * (face.Last + 1)];
for (int v = 0; v <= face.Last; v++)
    Vertex(model.Neutral, v).CopyTo(facePoints, 3 * v);
var icp = Icp.Align(canonical, new NearestPointIndex(facePoints), new IcpOptions { Initial = similarity, EstimateScale = true, MaxCorrespondenceDistance = 2.0 });
var aligned = icp.Transform.Apply(canonical);

var triangles = new List<(int A, int B, int C)>();
var faces = model.Topology.Faces;
for (int f = 0; f < model.Topology.FaceCount; f++)
{
    int a = faces[4 * f], b = faces[4 * f + 1], c = faces[4 * f + 2], d = faces[4 * f + 3];
    if (Math.Max(Math.Max(a, b), Math.Max(c, d)) > face.Last)
        continue;
    triangles.Add((a, b, c));
    if (d >= 0)
        triangles.Add((a, c, d));
}

var csv = new StringBuilder("mediapipe,a,b,c,wa,wb,wc,distance_cm\n");
double sum = 0, max = 0;
for (int i = 0; i < IctMediaPipeCorrespondence.PointCount; i++)
{
    var p = new Vec3(aligned[3 * i], aligned[3 * i + 1], aligned[3 * i + 2]);
    var best = (Distance: double.MaxValue, T: default((int A, int B, int C)), W: default(Vec3));
    foreach (var t in triangles)
    {
        var w = ClosestBarycentric(p, V(t.A), V(t.B), V(t.C));
        double d = (w.X * V(t.A) + w.Y * V(t.B) + w.Z * V(t.C) - p).Length;
        if (d < best.Distance)
            best = (d, t, w);
    }
    sum += best.Distance;
    max = Math.Max(max, best.Distance);
    csv.Append(string.Create(CultureInfo.InvariantCulture, $"{i},{best.T.A},{best.T.B},{best.T.C},{best.W.X:0.######},{best.W.Y:0.######},{1 - Math.Round(best.W.X, 6) - Math.Round(best.W.Y, 6):0.######},{best.Distance:0.####}\n"));
}
File.WriteAllText(output, csv.ToString());
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"anchor similarity: scale {similarity.Scale:0.0000}, anchor RMS {anchorRms:0.000} cm; ICP: scale {icp.Transform.Scale:0.0000}, {icp.Iterations} iterations, RMS {icp.RmsDistance:0.000} cm; surface distance mean {sum / IctMediaPipeCorrespondence.PointCount:0.000} cm, max {max:0.000} cm; wrote {output}"));
return 0;

Vec3 V(int v) => new(model.Neutral[3 * v], model.Neutral[3 * v + 1], model.Neutral[3 * v + 2]);

static double[] Vertex(ReadOnlySpan<float> positions, int v) => [positions[3 * v], positions[3 * v + 1], positions[3 * v + 2]];

static double Rms(double[] a, double[] b)
{
    double s = 0;
    for (int i = 0; i < a.Length; i++)
        s += (a[i] - b[i]) * (a[i] - b[i]);
    return Math.Sqrt(s / (a.Length / 3));
}

static double[] ReadObjVertices(string path) => File.ReadLines(path)
    .Where(l => l.StartsWith("v ", StringComparison.Ordinal))
    .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(3).Select(x => double.Parse(x, CultureInfo.InvariantCulture)))
    .ToArray();

// Barycentric weights of the point of triangle abc closest to p (Ericson, Real-Time Collision Detection, 5.1.5).
static Vec3 ClosestBarycentric(Vec3 p, Vec3 a, Vec3 b, Vec3 c)
{
    Vec3 ab = b - a, ac = c - a, ap = p - a;
    double d1 = Vec3.Dot(ab, ap), d2 = Vec3.Dot(ac, ap);
    if (d1 <= 0 && d2 <= 0) return new Vec3(1, 0, 0);
    var bp = p - b;
    double d3 = Vec3.Dot(ab, bp), d4 = Vec3.Dot(ac, bp);
    if (d3 >= 0 && d4 <= d3) return new Vec3(0, 1, 0);
    double vc = d1 * d4 - d3 * d2;
    if (vc <= 0 && d1 >= 0 && d3 <= 0)
    {
        double v = d1 / (d1 - d3);
        return new Vec3(1 - v, v, 0);
    }
    var cp = p - c;
    double d5 = Vec3.Dot(ab, cp), d6 = Vec3.Dot(ac, cp);
    if (d6 >= 0 && d5 <= d6) return new Vec3(0, 0, 1);
    double vb = d5 * d2 - d1 * d6;
    if (vb <= 0 && d2 >= 0 && d6 <= 0)
    {
        double w = d2 / (d2 - d6);
        return new Vec3(1 - w, 0, w);
    }
    double va = d3 * d6 - d5 * d4;
    if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0)
    {
        double w = (d4 - d3) / (d4 - d3 + (d5 - d6));
        return new Vec3(0, 1 - w, w);
    }
    double denom = 1 / (va + vb + vc);
    double vv = vb * denom, ww = vc * denom;
    return new Vec3(1 - vv - ww, vv, ww);
}
