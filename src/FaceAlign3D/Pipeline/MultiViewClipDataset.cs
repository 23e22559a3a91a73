using System.Text.Json;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Video;

namespace FaceAlign3D.Pipeline;

/// <summary>How `facealign synth multiview-clip` cuts a video whose first column stacks synchronised views.</summary>
internal sealed record MultiViewClipSettings
{
    /// <summary>Views stacked top to bottom in the first column; each is the frame's height / views tall.</summary>
    public int Views { get; init; } = 3;

    /// <summary>Width of the first column, pixels.</summary>
    public int ViewWidth { get; init; } = 247;

    /// <summary>Frames read at most.</summary>
    public int MaxFrames { get; init; } = 3000;

    /// <summary>Frames whose landmarks sit further than this many times the median from the rig's reprojection are left out.</summary>
    public double OutlierFactor { get; init; } = 3;
}

/// <summary>What a multi-view clip run wrote and how well one affine rig explains the aligner's landmarks.</summary>
internal sealed record MultiViewClipRun(int FramesRead, int Groups, int WithoutFace, int Outliers, AffineRig Rig, string Annotations);

/// <summary>
/// Turns an uncalibrated multi-view video (synchronised views stacked in its first column) into a multi-view set
/// in the layout of `facealign synth multiview` for the `multiview` training data set: each frame is a group, each
/// view an image. The cameras are estimated: the views are aligned (detector, then the aligner), and one affine
/// camera per view, fixed for the clip, comes from the rank-3 factorization of the 68 aligned landmarks of every
/// frame (<see cref="AffineFactorization"/>); frames far from that rig are refitted out. The views carry a roi_box
/// (the aligner's crop region) and no landmarks: they are unlabeled.
/// </summary>
internal static class MultiViewClipDataset
{
    public static MultiViewClipRun Run(FaceToolkit toolkit, IFrameSource source, string video, MultiViewClipSettings settings, string output,
        IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        if (settings.Views < 2) throw new ArgumentException("--views must be at least 2");
        if (settings.ViewWidth < 16) throw new ArgumentException("--view-width must be at least 16 pixels");
        Directory.CreateDirectory(Path.Combine(output, "images"));
        Directory.CreateDirectory(Path.Combine(output, MultiViewDataset.ViewsFolder));
        var frames = new List<(int Index, string[] Images, Detection.BoundingBox[] Rois, Point2[][] Landmarks)>();
        int read = 0, withoutFace = 0;
        foreach (var frame in source.ReadFrames(cancellation).Take(settings.MaxFrames))
        {
            read++;
            int height = frame.Image.Height / settings.Views;
            if (height < 16 || frame.Image.Width < settings.ViewWidth)
                throw new ArgumentException($"{video}: a {frame.Image.Width}x{frame.Image.Height} frame has no {settings.Views} views of {settings.ViewWidth} px wide");
            var views = Enumerable.Range(0, settings.Views)
                .Select(v => ImageCrop.Crop(frame.Image, new PixelBox(0, v * height, settings.ViewWidth, (v + 1) * height))).ToArray();
            var faces = views.Select(view => toolkit.Analyze(view, cancellation: cancellation).Faces.MaxBy(f => f.Alignment.Confidence)).ToArray();
            progress?.Report(read);
            if (faces.Any(f => f is null)) { withoutFace++; continue; }
            var names = new string[settings.Views];
            for (int v = 0; v < settings.Views; v++)
            {
                names[v] = $"f{frame.Index:D6}_v{v}.png";
                ImageEncoder.SavePng(views[v], Path.Combine(output, "images", names[v]));
            }
            frames.Add((frame.Index, names, faces.Select(f => f!.Alignment.RoiBox).ToArray(),
                faces.Select(f => f!.Alignment.Landmarks2D.Select(p => new Point2(p.X, p.Y)).ToArray()).ToArray()));
        }
        if (frames.Count == 0) throw new ArgumentException($"{video}: no frame with a face in each of its {settings.Views} views ({read} frames read)");

        var rig = FitRig(frames.Select(f => f.Landmarks).ToArray(), settings.Views);
        var points = frames[0].Landmarks[0].Length;
        var frameResidual = frames.Select((_, i) => rig.PointResidual.Skip(i * points).Take(points).Average()).ToArray();
        double median = frameResidual.Order().ElementAt(frameResidual.Length / 2);
        var outliers = frames.Where((_, i) => frameResidual[i] > settings.OutlierFactor * median).ToArray();
        foreach (var frame in outliers)
            foreach (var image in frame.Images) File.Delete(Path.Combine(output, "images", image));
        var kept = frames.Except(outliers).ToArray();
        if (outliers.Length > 0) rig = FitRig(kept.Select(f => f.Landmarks).ToArray(), settings.Views);

        string annotations = Path.Combine(output, "annotations.json");
        using (var stream = File.Create(annotations))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("dataset", "facealign synth multiview-clip");
            json.WriteString("video", Path.GetFileName(video));
            json.WriteNumber("views", settings.Views);
            json.WriteString("coordinates", "image pixels of each view, origin top-left, x right, y down");
            json.WriteString("camera", "views/<group>.json: P, a 3x4 affine camera per view (last row 0 0 0 1), one rig for the whole clip, from a rank-3 factorization of the aligner's 68 landmarks over all kept frames; the world frame is fixed only up to an affine map");
            json.WriteNumber("rig_rms_residual_px", rig.RmsResidual);
            json.WritePropertyName("rig_view_rms_residual_px");
            DatasetJson.Numbers(json, [.. rig.ViewRmsResidual]);
            json.WriteStartArray("samples");
            foreach (var frame in kept)
            {
                string group = $"f{frame.Index:D6}", viewsFile = $"{MultiViewDataset.ViewsFolder}/{group}.json";
                WriteViews(Path.Combine(output, viewsFile), frame.Images, rig.Cameras);
                for (int v = 0; v < settings.Views; v++)
                {
                    json.WriteStartObject();
                    json.WriteString("image", frame.Images[v]);
                    var roi = frame.Rois[v];
                    json.WritePropertyName("roi_box");
                    DatasetJson.Numbers(json, [roi.X1, roi.Y1, roi.X2, roi.Y2]);
                    json.WriteStartObject("recipe");
                    json.WriteString("kind", "multiview-clip");
                    json.WriteString("group", group);
                    json.WriteString("views_file", viewsFile);
                    json.WriteNumber("view", v);
                    json.WriteNumber("frame", frame.Index);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return new MultiViewClipRun(read, kept.Length, withoutFace, outliers.Length, rig, annotations);
    }

    /// <summary>One affine camera per view from every frame's landmarks (frame-major, landmarks within).</summary>
    static AffineRig FitRig(Point2[][][] frames, int views) =>
        AffineFactorization.Fit(Enumerable.Range(0, views).Select(v => frames.SelectMany(f => f[v]).ToArray()).ToArray());

    static void WriteViews(string path, string[] images, IReadOnlyList<double[]> cameras)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("views");
        for (int v = 0; v < images.Length; v++)
        {
            json.WriteStartObject();
            json.WriteString("name", Path.GetFileNameWithoutExtension(images[v]));
            json.WriteString("image", "../images/" + images[v]);
            json.WriteStartArray("P");
            for (int r = 0; r < 3; r++) DatasetJson.Numbers(json, cameras[v].AsSpan(4 * r, 4));
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
