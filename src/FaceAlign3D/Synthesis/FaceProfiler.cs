using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Morphable;
using FaceAlign3D.Rendering;

namespace FaceAlign3D.Synthesis;

/// <summary>
/// 3D face profiling (3DDFA's augmentation): turns the head in a photo by a yaw and pitch using its ICT fit.
/// The face surface is re-rendered with colours projected from the photo (where the photo saw that point; else the
/// point's mirror image across the face's symmetry plane; else push-pull inpainting), and the rest of the picture
/// (hair, ears, neck, background) is warped by a membrane displacement field pinned to the moving head vertices, to
/// the face outline (the new one to the photo's) and to the image border, so nothing tears and the background closes
/// in behind a face turning away. The face is blended in with a feathered edge.
/// Needs a scaled orthographic single-image fit. Not thread-safe (reuses its buffers, so profiling photos of one size
/// into a given image allocates only the ground truth); use one per thread.
/// </summary>
internal sealed class FaceProfiler
{
    /// <summary>Largest rotation accepted, degrees, for yaw and pitch each.</summary>
    public const double MaxAngleDegrees = 75;

    private const int FeatherPixels = 3;
    private const double MinFacing = 0.25; // cosine between a surface normal and the view direction

    private readonly IMorphableModel _model;
    private readonly RenderMesh _face;
    private readonly RenderMesh _head;
    private readonly int[] _anchorVertices; // face and head vertices that drag the background along
    private readonly float[] _normals;
    private readonly float[] _vertices; // the fitted shape
    private readonly float[] _moved;    // the shape with the new expression
    private readonly double[] _normalSums;
    private readonly PushPullInpainting _inpainting = new();
    private Rasterizer? _before, _beforeFace, _after;
    private DisplacementField? _field;
    private float[] _colour = [], _known = [], _alpha = [], _distance = []; // per pixel of the photo

    public FaceProfiler(IMorphableModel model)
    {
        _model = model;
        bool Drawn(int v) => model.InRegion("face", v) || model.InRegion("mouth_socket", v) || model.InRegion("eyeball_left", v) || model.InRegion("eyeball_right", v);
        var faces = model.Topology.Faces;
        var kept = new List<int>();
        for (int f = 0; f < faces.Length / 4; f++)
        {
            bool all = true;
            for (int c = 0; c < 4 && all; c++)
                all = (c == 3 && faces[4 * f + 3] < 0) || Drawn(faces[4 * f + c]);
            if (all)
                kept.AddRange(faces.Slice(4 * f, 4));
        }
        _face = RenderMesh.FromQuadsAndTriangles(kept.ToArray(), model.VertexCount);
        _head = RenderMesh.FromQuadsAndTriangles(faces, model.VertexCount);
        _anchorVertices = [.. Enumerable.Range(0, model.VertexCount).Where(v => model.InRegion("face", v) || model.InRegion("head_and_neck", v))];
        _normals = new float[3 * model.VertexCount];
        _vertices = new float[3 * model.VertexCount];
        _moved = new float[3 * model.VertexCount];
        _normalSums = new double[3 * model.VertexCount];
    }

    /// <summary>The triangles re-rendered with the photo's colours (face, mouth socket, eyeballs); the whole head decides what the photo saw.</summary>
    public RenderMesh FaceMesh => _face;

    /// <summary>
    /// Profiles <paramref name="photo"/> (RGB8) by turning its fitted head by the given yaw and pitch (degrees, camera
    /// axes: positive yaw turns the face toward the image's left). With <paramref name="expression"/> the new view also
    /// wears that expression: each surface point keeps the photo's colour of the same point under the fitted one.
    /// <paramref name="landmarks"/> names the 68 vertices annotated as landmarks (default: the model's landmark
    /// vertices; <see cref="IctBfm68"/> gives the BFM layout of this face). The new image is drawn into
    /// <paramref name="into"/> when given (an RGB8 image of the photo's size, not the photo), else into a new one.
    /// </summary>
    /// <exception cref="ArgumentException">the fit is not a scaled orthographic single-image fit, the photo or the target is not RGB8 or of the wrong size, an angle is out of range, or the expression has the wrong length.</exception>
    public ProfiledFace Profile(Image photo, FitResult fit, double yawDegrees, double pitchDegrees, double[]? expression = null, IReadOnlyList<int>? landmarks = null,
        Image? into = null)
    {
        if (photo.Format != PixelFormat.Rgb8)
            throw new ArgumentException($"the photo must be RGB8, got {photo.Format}", nameof(photo));
        if (fit.Projection != ProjectionKind.ScaledOrthographic || fit.Views.Length != 1)
            throw new ArgumentException("profiling needs a scaled orthographic fit of one image", nameof(fit));
        if (!(Math.Abs(yawDegrees) <= MaxAngleDegrees) || !(Math.Abs(pitchDegrees) <= MaxAngleDegrees))
            throw new ArgumentException($"yaw and pitch must lie within +-{MaxAngleDegrees} degrees", nameof(yawDegrees));
        if (expression is not null && expression.Length != _model.ExpressionCount)
            throw new ArgumentException($"expected {_model.ExpressionCount} expression weights, got {expression.Length}", nameof(expression));
        landmarks ??= _model.Landmarks68;
        if (landmarks.Count != 68 || landmarks.Any(v => (uint)v >= (uint)_model.VertexCount))
            throw new ArgumentException("expected 68 landmark vertices of the model", nameof(landmarks));
        if (into is not null && (into.Format != PixelFormat.Rgb8 || into.Width != photo.Width || into.Height != photo.Height || ReferenceEquals(into, photo)))
            throw new ArgumentException("the target must be an RGB8 image of the photo's size other than the photo", nameof(into));
        int w = photo.Width, h = photo.Height;
        if (_before is null || _before.Width != w || _before.Height != h)
        {
            _before = new Rasterizer(w, h);
            _beforeFace = new Rasterizer(w, h);
            _after = new Rasterizer(w, h);
            _field = new DisplacementField(w, h);
            _colour = new float[3 * w * h];
            _known = new float[w * h];
            _alpha = new float[w * h];
            _distance = new float[w * h];
        }
        var vertices = _vertices;
        _model.Evaluate(fit.Identity, fit.Expression, vertices);
        var moved = vertices;
        if (expression is not null)
        {
            moved = _moved;
            _model.Evaluate(fit.Identity, expression, moved);
        }
        var viewR = fit.Views[0].Camera.R;
        var turn = viewR.Transpose() * Rotation.FromYawPitchRoll(yawDegrees * Math.PI / 180, pitchDegrees * Math.PI / 180, 0) * viewR;
        var newHead = turn * fit.Pose.Rotation;
        var before = PhotoView.CameraOf(fit);
        // Keep the landmark centroid where it was.
        var centre = Vec3.Zero;
        foreach (int v in _model.Landmarks68)
            centre += (1.0 / 68) * Vertex(vertices, v);
        var shift = before.Project(centre) - new ScaledOrthographicCamera(fit.Pose.Scale, 0, 0, viewR * newHead).Project(centre);
        var after = new ScaledOrthographicCamera(fit.Pose.Scale, shift.X, shift.Y, viewR * newHead);

        _model.Topology.VertexNormals(vertices, _normals, _normalSums);
        // The photo's views only need depth and ids; the new view's silhouette is anti-aliased.
        _before.Render(_head, vertices, RenderCamera.Orthographic(before), antialias: false);
        _beforeFace!.Render(_face, vertices, RenderCamera.Orthographic(before), antialias: false);
        _after!.Render(_face, moved, RenderCamera.Orthographic(after));
        var seen = new PhotoView(before, _before.Buffers.Depth, w, h);
        var output = into ?? new Image(w, h, PixelFormat.Rgb8);
        WarpBackground(photo, vertices, moved, seen, after, output);
        double filled = PaintFace(photo, vertices, seen, output);
        var points = landmarks.Select(v =>
        {
            var p = Vertex(moved, v);
            var q = after.Project(p);
            return new Vec3(q.X, q.Y, -after.Scale * (after.R * p).Z);
        }).ToArray();
        return new ProfiledFace(output, points, newHead, after, fit.Identity, expression ?? fit.Expression, filled);
    }

    private static Vec3 Vertex(ReadOnlySpan<float> v, int i) => new(v[3 * i], v[3 * i + 1], v[3 * i + 2]);

    /// <summary>
    /// Moves everything but the face with the head, anchored at the face and head vertices that the photo saw, that
    /// face the new view and that the new face does not cover (their old pixels hold what the new image should show at
    /// their new pixels), and at the face outline. Regions the photo never saw are stretched from their surroundings.
    /// </summary>
    private void WarpBackground(Image photo, float[] vertices, float[] moved, PhotoView seen, ScaledOrthographicCamera after, Image output)
    {
        var field = _field!;
        field.Reset();
        var covered = _after!.Buffers.TriangleIds;
        bool Covered(Point2 a)
        {
            int x = (int)Math.Round(a.X), y = (int)Math.Round(a.Y);
            return (uint)x < (uint)photo.Width && (uint)y < (uint)photo.Height && covered[y * photo.Width + x] >= 0;
        }
        foreach (int v in _anchorVertices)
        {
            // Only surfaces facing both views pin the field: grazing ones pile contradicting pulls on one grid node.
            if ((after.R * Vertex(_normals, v)).Z > -MinFacing || (seen.Camera.R * Vertex(_normals, v)).Z > -MinFacing)
                continue;
            if (!seen.Sees(Vertex(vertices, v), out var b))
                continue;
            var a = after.Project(Vertex(moved, v));
            if (Covered(a))
                continue; // the new face hides it; the outline pins decide what borders the face
            field.Constrain(a.X, a.Y, a.X - b.X, a.Y - b.Y);
        }
        PinOutline(field);
        field.Solve();
        for (int y = 0; y < photo.Height; y++)
        {
            var row = output.Row(y);
            for (int x = 0; x < photo.Width; x++)
            {
                var (dx, dy) = field.At(x, y);
                TextureSampler.AtPixelRgb8(photo, x - dx, y - dy, row.Slice(3 * x, 3));
            }
        }
    }

    /// <summary>
    /// Pins the new face's outline to the photo's, row by row (left and right ends) and column by column (top and
    /// bottom), so what lies just outside the new silhouette is what lay just outside the photo's face: on the side
    /// turning away the background and hair are pulled in, instead of the photo's cheek showing a second time.
    /// </summary>
    private void PinOutline(DisplacementField field)
    {
        var old = _beforeFace!.Buffers.TriangleIds;
        var now = _after!.Buffers.TriangleIds;
        int w = _after.Width, h = _after.Height;
        for (int y = 0; y < h; y++)
        {
            var (oldFirst, oldLast) = Ends(old, y * w, 1, w);
            var (newFirst, newLast) = Ends(now, y * w, 1, w);
            if (oldFirst < 0 || newFirst < 0)
                continue;
            field.Constrain(newFirst, y, newFirst - oldFirst, 0);
            field.Constrain(newLast, y, newLast - oldLast, 0);
        }
        for (int x = 0; x < w; x++)
        {
            var (oldFirst, oldLast) = Ends(old, x, w, h);
            var (newFirst, newLast) = Ends(now, x, w, h);
            if (oldFirst < 0 || newFirst < 0)
                continue;
            field.Constrain(x, newFirst, 0, newFirst - oldFirst);
            field.Constrain(x, newLast, 0, newLast - oldLast);
        }
    }

    /// <summary>First and last covered position along a line of the triangle-id buffer (-1, -1 when none).</summary>
    private static (int First, int Last) Ends(int[] ids, int start, int stride, int count)
    {
        int first = -1, last = -1;
        for (int k = 0; k < count; k++)
            if (ids[start + k * stride] >= 0)
                (first, last) = (first < 0 ? k : first, k);
        return (first, last);
    }

    /// <summary>
    /// Colours the new view's face pixels from the photo and blends them over the warped background; returns the
    /// inpainted fraction. A pixel's triangle and weights name a surface point, found in <paramref name="vertices"/>
    /// (the photo's shape) whatever expression the new view wears.
    /// </summary>
    private double PaintFace(Image photo, float[] vertices, PhotoView seen, Image output)
    {
        var buf = _after!.Buffers;
        int w = photo.Width, h = photo.Height;
        var colour = _colour;
        var known = _known;
        Array.Clear(known);
        var box = FaceBox(buf);
        int facePixels = 0, missing = 0;
        Span<float> rgb = stackalloc float[3];
        for (int y = box.Top; y <= box.Bottom; y++)
        {
            for (int i = y * w + box.Left; i <= y * w + box.Right; i++)
            {
                int t = buf.ShadedTriangle(i);
                if (t < 0)
                    continue;
                facePixels++;
                var p = Interpolate(vertices, buf, i, t);
                var normal = Interpolate(_normals, buf, i, t);
                if (seen.ColourAt(p, normal, out var q))
                {
                    TextureSampler.AtPixel(photo, (float)q.X, (float)q.Y, rgb);
                    rgb.CopyTo(colour.AsSpan(3 * i, 3));
                    known[i] = 1;
                }
                else
                    missing++;
            }
        }
        _inpainting.Fill(colour, known, w, h);
        FeatherCoverage(buf, box);
        for (int y = box.Top; y <= box.Bottom; y++)
        {
            var row = output.Row(y);
            for (int x = box.Left; x <= box.Right; x++)
            {
                int i = y * w + x;
                float a = _alpha[i];
                if (a <= 0)
                    continue;
                for (int c = 0; c < 3; c++)
                    row[3 * x + c] = (byte)MathF.Round(a * Math.Clamp(colour[3 * i + c], 0, 1) * 255 + (1 - a) * row[3 * x + c]);
            }
        }
        return facePixels == 0 ? 0 : (double)missing / facePixels;
    }

    /// <summary>The pixels the new face covers even partly, grown by one pixel (clipped to the image); an empty box (Top > Bottom) when none.</summary>
    private static (int Left, int Top, int Right, int Bottom) FaceBox(FrameBuffers buf)
    {
        int w = buf.Width, h = buf.Height;
        int left = w, top = h, right = -1, bottom = -1;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                if (buf.Coverage[y * w + x] <= 0)
                    continue;
                left = Math.Min(left, x);
                right = Math.Max(right, x);
                top = Math.Min(top, y);
                bottom = y;
            }
        }
        return right < 0 ? (0, 0, -1, -1) : (Math.Max(0, left - 1), Math.Max(0, top - 1), Math.Min(w - 1, right + 1), Math.Min(h - 1, bottom + 1));
    }

    private Vec3 Interpolate(float[] perVertex, FrameBuffers buf, int i, int t)
    {
        var tri = _face.Triangles;
        return buf.Barycentrics[3 * i] * Vertex(perVertex, tri[3 * t]) + buf.Barycentrics[3 * i + 1] * Vertex(perVertex, tri[3 * t + 1])
            + buf.Barycentrics[3 * i + 2] * Vertex(perVertex, tri[3 * t + 2]);
    }

    /// <summary>
    /// Coverage ramped down over the last few pixels inside the silhouette (chamfer distance), so the seam blends; into
    /// the alpha buffer, within the face's box (which a ring of undrawn pixels or the image border surrounds, so the
    /// distances are those over the whole image).
    /// </summary>
    private void FeatherCoverage(FrameBuffers buf, (int Left, int Top, int Right, int Bottom) box)
    {
        int w = buf.Width;
        var d = _distance;
        for (int y = box.Top; y <= box.Bottom; y++)
            for (int i = y * w + box.Left; i <= y * w + box.Right; i++)
                d[i] = buf.TriangleIds[i] >= 0 ? float.MaxValue : 0;
        for (int y = box.Top; y <= box.Bottom; y++)
            for (int x = box.Left; x <= box.Right; x++)
            {
                int i = y * w + x;
                if (x > box.Left) d[i] = Math.Min(d[i], d[i - 1] + 1);
                if (y > box.Top) d[i] = Math.Min(d[i], d[i - w] + 1);
            }
        for (int y = box.Bottom; y >= box.Top; y--)
            for (int x = box.Right; x >= box.Left; x--)
            {
                int i = y * w + x;
                if (x < box.Right) d[i] = Math.Min(d[i], d[i + 1] + 1);
                if (y < box.Bottom) d[i] = Math.Min(d[i], d[i + w] + 1);
            }
        for (int y = box.Top; y <= box.Bottom; y++)
            for (int i = y * w + box.Left; i <= y * w + box.Right; i++)
                _alpha[i] = buf.Coverage[i] * Math.Min(1f, d[i] / FeatherPixels + (buf.TriangleIds[i] >= 0 ? 1f / FeatherPixels : 0));
    }
}
