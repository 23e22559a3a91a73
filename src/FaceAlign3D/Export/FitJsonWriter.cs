using System.Text.Encodings.Web;
using System.Text.Json;
using FaceAlign3D.Evaluation.Metrics;
using FaceAlign3D.Fitting;
using FaceAlign3D.Geometry;

namespace FaceAlign3D.Export;

/// <summary>Everything one fit.json holds besides the fit itself: where the landmarks came from and what else was written.</summary>
/// <param name="Source">The input file (align JSON, image or views.json) as given.</param>
/// <param name="Image">The image the landmarks belong to (single-image fits).</param>
/// <param name="Width">Image width in pixels (single-image fits).</param>
/// <param name="Height">Image height in pixels (single-image fits).</param>
/// <param name="Face">Index of the face in the input.</param>
/// <param name="Contours">Whether jaw landmarks were matched to the silhouette.</param>
/// <param name="ViewNames">One name per view of the fit.</param>
/// <param name="Consistency">Leave-one-view-out self-projection error (multi-view fits with 3 or more views).</param>
/// <param name="Files">Other outputs of this face by kind ("obj", "ply"), file names relative to the fit.json.</param>
/// <param name="Milliseconds">Fit time (solver only).</param>
public sealed record FitJsonContext(
    string Source,
    string? Image,
    int? Width,
    int? Height,
    int Face,
    bool Contours,
    IReadOnlyList<string> ViewNames,
    MultiViewConsistencyResult? Consistency,
    IReadOnlyDictionary<string, string> Files,
    double Milliseconds);

/// <summary>
/// Writes fit.json (docs/fit-output.md, schema docs/schemas/fit.schema.json): identity, expression by name, FACS
/// action units, pose, cameras, per-landmark residuals, solver figures, tension statistics and asymmetry indices.
/// Units: cm in model space, pixels in images, degrees for reported angles (radians for the axis-angle vector).
/// </summary>
public static class FitJsonWriter
{
    public const int SchemaVersion = 1;

    public const string PoseFormula = "R = Rz(roll) * Ry(yaw) * Rx(pitch) in the model frame (x right = subject's left, y up, z toward the viewer); yaw turns the nose toward +x, pitch turns it down, roll turns +x toward +y";

    public const string TensionFormula = "t_v = mean over edges e at v of tanh(k (|e_rest| - |e|) / 2) (person-specific paper eq 3); rest = same identity, zero expression; > 0 compressed, < 0 stretched";

    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(string path, FitJsonContext context, FitResult fit, FitAnalysis analysis)
    {
        using var stream = File.Create(path);
        Write(stream, context, fit, analysis);
    }

    public static void Write(Stream stream, FitJsonContext context, FitResult fit, FitAnalysis analysis)
    {
        if (context.ViewNames.Count != fit.Views.Length)
            throw new ArgumentException($"{context.ViewNames.Count} view names for {fit.Views.Length} views");
        using var w = new Utf8JsonWriter(stream, Options);
        w.WriteStartObject();
        w.WriteNumber("schema_version", SchemaVersion);
        w.WriteString("model", "ict-facekit");
        w.WriteString("source", context.Source);
        if (context.Image is not null)
            w.WriteString("image", context.Image);
        if (context.Width is { } width && context.Height is { } height)
        {
            w.WriteNumber("width", width);
            w.WriteNumber("height", height);
        }
        w.WriteNumber("face", context.Face);

        w.WriteStartObject("solver");
        w.WriteString("kind", fit.Views.Length > 1 ? "multi_view" : "image");
        w.WriteString("projection", fit.Projection == ProjectionKind.Pinhole ? "pinhole" : "scaled_orthographic");
        w.WriteString("landmarks", fit.Landmarks);
        w.WriteBoolean("contours", context.Contours);
        w.WriteNumber("iterations", fit.Iterations);
        w.WriteNumber("final_cost", Round(fit.Cost));
        w.WriteNumber("rms_px", Round(Rms(fit)));
        w.WriteNumber("milliseconds", Math.Round(context.Milliseconds, 3));
        w.WriteEndObject();

        Numbers(w, "identity", fit.Identity);
        w.WriteStartObject("expression");
        for (int j = 0; j < fit.Expression.Length; j++)
            w.WriteNumber(fit.ExpressionNames[j], Round(fit.Expression[j]));
        w.WriteEndObject();
        WriteActionUnits(w, analysis.ActionUnits);
        WritePose(w, fit.Pose, fit.Projection);

        w.WriteStartArray("views");
        for (int v = 0; v < fit.Views.Length; v++)
            WriteView(w, context.ViewNames[v], fit.Views[v], fit.Pose);
        w.WriteEndArray();
        if (context.Consistency is { } c)
        {
            w.WriteStartObject("consistency");
            Numbers(w, "per_view_px", c.PerView);
            w.WriteNumber("mean_px", Round(c.MeanDistance));
            w.WriteNumber("mean_l1_px", Round(c.MeanL1));
            w.WriteNumber("pairs", c.Count);
            w.WriteEndObject();
        }

        WriteTension(w, analysis);
        w.WriteStartObject("asymmetry");
        WriteBlendshapeAsymmetry(w, analysis.BlendshapeAsymmetry);
        WriteLandmarkAsymmetry(w, "landmarks", analysis.LandmarkAsymmetry);
        WriteLandmarkAsymmetry(w, "rest_landmarks", analysis.RestLandmarkAsymmetry);
        w.WriteEndObject();

        w.WriteStartObject("files");
        foreach (var (kind, file) in context.Files)
            w.WriteString(kind, file);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static double Rms(FitResult fit)
    {
        double s = 0;
        int n = 0;
        foreach (var view in fit.Views)
            for (int k = 0; k < view.Residuals.Length; k++)
                if (view.Observed[k])
                {
                    s += view.Residuals[k].X * view.Residuals[k].X + view.Residuals[k].Y * view.Residuals[k].Y;
                    n++;
                }
        return n == 0 ? 0 : Math.Sqrt(s / n);
    }

    private static void WriteActionUnits(Utf8JsonWriter w, IReadOnlyList<ActionUnitEstimate> units)
    {
        w.WriteStartArray("action_units");
        foreach (var u in units)
        {
            w.WriteStartObject();
            w.WriteString("code", u.Unit.Code);
            w.WriteString("name", u.Unit.Name);
            w.WriteStartArray("shapes");
            foreach (var s in u.Unit.Shapes)
                w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteNumber("intensity", Round(u.Intensity));
            if (u.Left is { } left && u.Right is { } right)
            {
                w.WriteNumber("left", Round(left));
                w.WriteNumber("right", Round(right));
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WritePose(Utf8JsonWriter w, FitPose pose, ProjectionKind projection)
    {
        w.WriteStartObject("pose");
        Numbers(w, "axis_angle", [pose.AxisAngle.X, pose.AxisAngle.Y, pose.AxisAngle.Z]);
        Matrix(w, "rotation", pose.Rotation);
        var (yaw, pitch, roll) = pose.YawPitchRoll;
        w.WriteNumber("yaw", Math.Round(yaw * 180 / Math.PI, 4));
        w.WriteNumber("pitch", Math.Round(pitch * 180 / Math.PI, 4));
        w.WriteNumber("roll", Math.Round(roll * 180 / Math.PI, 4));
        w.WriteString("formula", PoseFormula);
        if (projection == ProjectionKind.Pinhole)
            Numbers(w, "translation_cm", [pose.Translation.X, pose.Translation.Y, pose.Translation.Z]);
        else
        {
            w.WriteNumber("scale_px_per_cm", Round(pose.Scale));
            Numbers(w, "offset_px", [pose.Offset.X, pose.Offset.Y]);
        }
        w.WriteEndObject();
    }

    private static void WriteView(Utf8JsonWriter w, string name, ViewLandmarkFit view, FitPose pose)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteStartObject("camera");
        var camera = view.Camera;
        if (camera.Kind == ProjectionKind.Pinhole)
        {
            w.WriteString("projection", "pinhole");
            w.WriteNumber("fx", Round(camera.Fx));
            w.WriteNumber("fy", Round(camera.Fy));
            w.WriteNumber("cx", Round(camera.Cx));
            w.WriteNumber("cy", Round(camera.Cy));
            Matrix(w, "R", camera.R);
            Numbers(w, "t_cm", [camera.T.X, camera.T.Y, camera.T.Z]);
        }
        else
        {
            w.WriteString("projection", "scaled_orthographic");
            w.WriteNumber("scale_px_per_cm", Round(pose.Scale));
            Numbers(w, "offset_px", [pose.Offset.X, pose.Offset.Y]);
        }
        w.WriteEndObject();
        w.WriteNumber("rms_px", Round(view.RmsError));
        w.WriteStartArray("landmarks");
        for (int k = 0; k < view.Projected.Length; k++)
        {
            w.WriteStartObject();
            w.WriteNumber("vertex", view.Vertices[k]);
            w.WriteBoolean("observed", view.Observed[k]);
            Numbers(w, "projected", [view.Projected[k].X, view.Projected[k].Y]);
            if (view.Observed[k])
            {
                var r = view.Residuals[k];
                Numbers(w, "observed_px", [view.Projected[k].X - r.X, view.Projected[k].Y - r.Y]);
                Numbers(w, "residual", [r.X, r.Y]);
                w.WriteNumber("error_px", Round(r.Length));
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTension(Utf8JsonWriter w, FitAnalysis analysis)
    {
        var s = analysis.FaceTension;
        w.WriteStartObject("tension");
        w.WriteString("formula", TensionFormula);
        w.WriteNumber("k_per_cm", analysis.TensionScale);
        w.WriteString("colormap", "PLY vertex colours: t = -1 blue (0,0,255), 0 white, +1 red (255,0,0), linear in each half");
        w.WriteString("region", s.Region);
        w.WriteNumber("vertices", s.Vertices);
        w.WriteNumber("mean", Round(s.Mean));
        w.WriteNumber("mean_abs", Round(s.MeanAbs));
        w.WriteNumber("min", Round(s.Min));
        w.WriteNumber("max", Round(s.Max));
        w.WriteNumber("p05", Round(s.P05));
        w.WriteNumber("p95", Round(s.P95));
        w.WriteEndObject();
    }

    private static void WriteBlendshapeAsymmetry(Utf8JsonWriter w, BlendshapeAsymmetry a)
    {
        w.WriteStartObject("blendshapes");
        w.WriteNumber("index", Round(a.MeanAbsDifference));
        w.WriteNumber("max_abs_difference", Round(a.MaxAbsDifference));
        w.WriteStartArray("pairs");
        foreach (var p in a.Pairs)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteNumber("left", Round(p.Left));
            w.WriteNumber("right", Round(p.Right));
            w.WriteNumber("difference", Round(p.Difference));
            w.WriteBoolean("in_index", p.InIndex);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteLandmarkAsymmetry(Utf8JsonWriter w, string name, LandmarkAsymmetry a)
    {
        w.WriteStartObject(name);
        w.WriteNumber("index", Round(a.Normalized));
        w.WriteNumber("mean_cm", Round(a.MeanCm));
        w.WriteNumber("max_cm", Round(a.MaxCm));
        w.WriteNumber("interocular_cm", Round(a.InterocularCm));
        w.WriteStartObject("regions_cm");
        foreach (var (region, value) in a.RegionMeansCm)
            w.WriteNumber(region, Round(value));
        w.WriteEndObject();
        Numbers(w, "per_landmark_cm", a.Distances);
        w.WriteEndObject();
    }

    private static void Matrix(Utf8JsonWriter w, string name, Mat3 m)
    {
        w.WriteStartArray(name);
        for (int r = 0; r < 3; r++)
        {
            w.WriteStartArray();
            for (int c = 0; c < 3; c++)
                w.WriteNumberValue(Round(m[r, c]));
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    private static void Numbers(Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
            w.WriteNumberValue(Round(v));
        w.WriteEndArray();
    }

    /// <summary>Six decimals; values are finite by construction (the solver never accepts a non-finite step).</summary>
    private static double Round(double v) => Math.Round(v, 6);
}
