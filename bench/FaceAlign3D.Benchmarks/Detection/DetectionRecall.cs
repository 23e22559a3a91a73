using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Benchmarks.Detection;

/// <summary>
/// Recall of FaceBoxes with a minimum face size against FaceBoxes at its full input size, on the AFLW2000-3D dev
/// photos and the two 300-W folders of the shared data: for each minimum size m, the faces found at full size with
/// a box side of at least m, and how many of them the downscaled run also finds (IoU at least 0.5). One JSON line
/// per folder and size, then the totals; missed_weak counts the missed faces that scored below 0.7 at full size.
/// `detect-recall [--area] [--720p] [m ...]`; --area downscales with pixel-area averaging instead of bilinear taps;
/// --720p puts each photo, unscaled, in the middle of a 1280x720 frame (a face in a 720p photo, with context);
/// --threshold=T reports downscaled detections from score T (extra counts those of at least m that full size lacks).
/// </summary>
internal static class DetectionRecall
{
    private static readonly int[] DefaultSizes = [40, 64, 80, 100, 128, 160];

    /// <summary>Missed faces whose full-size score was below this are counted apart: near the 0.5 report threshold.</summary>
    private const float WeakScore = 0.7f;

    public static void Run(string[] args)
    {
        bool area = args.Contains("--area"), frame = args.Contains("--720p");
        float threshold = args.FirstOrDefault(a => a.StartsWith("--threshold=")) is { } t ? float.Parse(t["--threshold=".Length..], System.Globalization.CultureInfo.InvariantCulture) : FaceBoxesDetector.ReportThreshold;
        var numbers = args.Where(a => !a.StartsWith("--")).ToArray();
        var sizes = numbers.Length > 0 ? numbers.Select(int.Parse).ToArray() : DefaultSizes;
        string data = Path.Combine(SharedData.Root(), "data");
        var folders = new[] { ("aflw2000-3d", Path.Combine(data, "aflw2000-3d", "images")), ("300w-afw", Path.Combine(data, "300w", "afw")), ("300w-helen", Path.Combine(data, "300w", "helen_train")) };
        using var network = ManagedNetworkEngine.Instance.Open(Path.Combine(SharedData.Root(), "models", "tddfa_v2", "faceboxes_prod.onnx"), 1);
        ImageResizer resize = (image, w, h) => ImageResize.Resize(image, w, h);
        var full = new FaceBoxesDetector(network.Function, resize);
        ImageResizer reduce = area ? (image, w, h) => ImageResize.Resize(image, w, h, ResizeInterpolation.Area) : resize;
        var reduced = sizes.Select(m => new FaceBoxesDetector(network.Function, reduce, m, threshold)).ToArray();
        var total = new (int Faces, int Found, int WeakMissed, int Extra)[sizes.Length];
        foreach (var (name, folder) in folders)
        {
            var counts = new (int Faces, int Found, int WeakMissed, int Extra)[sizes.Length];
            int images = 0;
            foreach (var file in Directory.EnumerateFiles(folder, "*.jpg").Order())
            {
                var image = PixelConversion.ToRgb8(ImageDecoder.Decode(File.ReadAllBytes(file), file));
                if (frame)
                    image = InFrame(image);
                images++;
                var reference = full.Detect(image);
                for (int s = 0; s < sizes.Length; s++)
                {
                    var large = reference.Where(f => Math.Min(f.Box.Width, f.Box.Height) >= sizes[s]).ToList();
                    if (large.Count == 0)
                        continue;
                    var found = reduced[s].Detect(image);
                    var missed = large.Where(f => !found.Any(g => g.Box.IntersectionOverUnion(f.Box) >= 0.5)).ToList();
                    counts[s].Faces += large.Count;
                    counts[s].Found += large.Count - missed.Count;
                    counts[s].WeakMissed += missed.Count(f => f.Score < WeakScore);
                    counts[s].Extra += found.Count(g => Math.Min(g.Box.Width, g.Box.Height) >= sizes[s] && !reference.Any(f => f.Box.IntersectionOverUnion(g.Box) >= 0.5));
                }
            }
            for (int s = 0; s < sizes.Length; s++)
            {
                Print(name, images, sizes[s], counts[s]);
                total[s].Faces += counts[s].Faces;
                total[s].Found += counts[s].Found;
                total[s].WeakMissed += counts[s].WeakMissed;
                total[s].Extra += counts[s].Extra;
            }
        }
        for (int s = 0; s < sizes.Length; s++)
            Print("all", 0, sizes[s], total[s]);
    }

    /// <summary>The photo at its own size in the middle of a mid-grey 1280x720 frame, as a face in a 720p photo.</summary>
    private static Image InFrame(Image photo)
    {
        var frame = new Image(1280, 720, PixelFormat.Rgb8);
        frame.Data.AsSpan().Fill(128);
        int x0 = (1280 - photo.Width) / 2, y0 = (720 - photo.Height) / 2;
        for (int y = 0; y < photo.Height; y++)
            photo.Data.AsSpan(y * photo.Stride, 3 * photo.Width).CopyTo(frame.Data.AsSpan((y0 + y) * frame.Stride + 3 * x0));
        return frame;
    }

    private static void Print(string folder, int images, int minFace, (int Faces, int Found, int WeakMissed, int Extra) count) =>
        Console.WriteLine($"{{\"folder\": \"{folder}\", \"images\": {images}, \"min_face\": {minFace}, \"faces\": {count.Faces}, " +
            $"\"found\": {count.Found}, \"recall\": {(count.Faces == 0 ? double.NaN : (double)count.Found / count.Faces):F4}, \"missed_weak\": {count.WeakMissed}, \"extra\": {count.Extra}}}");
}
