using FaceAlign3D.Geometry;
using FaceAlign3D.Morphable;

namespace FaceAlign3D.Fitting;

/// <summary>
/// Silhouette correspondences for the 17 jaw landmarks (eq 1 of the person-specific paper): a jaw landmark whose
/// own vertex faces away from the camera is matched to the silhouette vertex whose projection is nearest to the
/// observed 2D point; otherwise it keeps its fixed vertex. Silhouette edges join two vertices whose normals point
/// to opposite sides of the view; candidates are the narrow face area without the nose (the ears lie outside it).
/// </summary>
internal sealed class ContourMatcher
{
    /// <summary>The Multi-PIE jaw landmarks 0..16.</summary>
    public const int JawLandmarkCount = 17;

    private readonly IMorphableModel _model;
    private readonly bool[] _candidates;

    public ContourMatcher(IMorphableModel model)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _candidates = CandidateMask(model);
    }

    /// <summary>Vertices allowed on the silhouette.</summary>
    public ReadOnlySpan<bool> Candidates => _candidates;

    /// <summary>
    /// The narrow face area minus a box around the nose spanned by Multi-PIE landmarks 27-35 (bridge to nostrils),
    /// widened by 1 cm sideways and downwards; the region table must contain narrow_face_area (or face).
    /// </summary>
    private static bool[] CandidateMask(IMorphableModel model)
    {
        var mask = new bool[model.VertexCount];
        if (!model.Regions.TryGetValue("narrow_face_area", out var area) && !model.Regions.TryGetValue("face", out area))
            throw new ArgumentException("the model has no face region to take silhouette candidates from");
        var neutral = model.Neutral;
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue, minZ = double.MaxValue;
        for (int k = 27; k <= 35; k++)
        {
            int v = model.Landmarks68[k];
            minX = Math.Min(minX, neutral[3 * v]); maxX = Math.Max(maxX, neutral[3 * v]);
            minY = Math.Min(minY, neutral[3 * v + 1]); maxY = Math.Max(maxY, neutral[3 * v + 1]);
            minZ = Math.Min(minZ, neutral[3 * v + 2]);
        }
        for (int v = area.First; v <= area.Last; v++)
        {
            double x = neutral[3 * v], y = neutral[3 * v + 1], z = neutral[3 * v + 2];
            bool nose = x > minX - 1 && x < maxX + 1 && y > minY - 1 && y < maxY && z > minZ - 0.5;
            mask[v] = !nose;
        }
        return mask;
    }

    /// <summary>
    /// Updates <paramref name="vertices"/>[0..16] (the correspondences of the jaw landmarks) for the shape
    /// <paramref name="modelVertices"/> (model frame) seen with head rotation <paramref name="rh"/> in the given view.
    /// <c>project</c> maps a model-frame point to pixels with the current pose and camera. Returns whether any
    /// correspondence changed.
    /// </summary>
    public bool Update(ReadOnlySpan<float> modelVertices, Mat3 rh, ViewCamera camera, Func<Vec3, Point2> project,
        ReadOnlySpan<Point2> observed, Span<int> vertices)
    {
        var normals = new float[modelVertices.Length];
        _model.Topology.VertexNormals(modelVertices, normals);
        // Toward the viewer in world axes is -(camera z axis) = -R_v^T e_z; the facing test uses R_h n.
        var towardViewer = -(camera.R.Transpose() * new Vec3(0, 0, 1));
        var edges = _model.Topology.SilhouetteEdges(normals, rh, towardViewer, _candidates);
        var silhouette = new HashSet<int>();
        foreach (int e in edges)
        {
            var (a, b) = _model.Topology.Edge(e);
            silhouette.Add(a);
            silhouette.Add(b);
        }
        var projected = new List<(int Vertex, Point2 Pixel)>(silhouette.Count);
        foreach (int v in silhouette)
            projected.Add((v, project(new Vec3(modelVertices[3 * v], modelVertices[3 * v + 1], modelVertices[3 * v + 2]))));
        var d = rh.Transpose() * towardViewer;
        bool changed = false;
        for (int k = 0; k < JawLandmarkCount; k++)
        {
            int fixedVertex = _model.Landmarks68[k];
            double facing = normals[3 * fixedVertex] * d.X + normals[3 * fixedVertex + 1] * d.Y + normals[3 * fixedVertex + 2] * d.Z;
            int chosen = fixedVertex;
            if (facing < 0 && projected.Count > 0 && observed[k].IsFinite)
            {
                double best = double.MaxValue;
                foreach (var (v, pixel) in projected)
                {
                    double dist = (pixel.X - observed[k].X) * (pixel.X - observed[k].X) + (pixel.Y - observed[k].Y) * (pixel.Y - observed[k].Y);
                    if (dist < best) { best = dist; chosen = v; }
                }
            }
            if (vertices[k] != chosen)
            {
                vertices[k] = chosen;
                changed = true;
            }
        }
        return changed;
    }
}
