using System.Diagnostics;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Benchmarks.Imaging;

/// <summary>
/// Full-image resize cases shared with bench/peers/opencv_resize.py: a 1280x720 RGB frame to the sizes the
/// image path uses. <see cref="Run"/> prints one JSON line per case (median of single calls, one thread), the
/// format the peer prints, so bench/peers/resize_ratio.sh can pair them. Run: dotnet run -c Release -- resize [repeat]
/// </summary>
internal static class ResizeTiming
{
    public static readonly (string Name, int Width, int Height, ResizeInterpolation Mode)[] Cases =
    [
        ("linear_960x540", 960, 540, ResizeInterpolation.Linear),
        ("linear_1080x720", 1080, 720, ResizeInterpolation.Linear),
        ("area_640x360", 640, 360, ResizeInterpolation.Area),
        ("area_480x270", 480, 270, ResizeInterpolation.Area),
    ];

    /// <summary>A 1280x720 RGB frame of deterministic noise (resize time does not depend on the content).</summary>
    public static Image Frame()
    {
        var image = new Image(1280, 720, PixelFormat.Rgb8);
        new Random(1).NextBytes(image.Data);
        return image;
    }

    public static void Run(string[] args)
    {
        int repeat = args.Length > 0 && int.TryParse(args[0], out int r) ? r : 200;
        var source = Frame();
        foreach (var (name, width, height, mode) in Cases)
        {
            var destination = new Image(width, height, PixelFormat.Rgb8);
            var box = PixelBox.Of(source);
            for (int i = 0; i < 5; i++) ImageResize.CropResize(source, box, destination, mode);
            var times = new double[repeat];
            for (int i = 0; i < repeat; i++)
            {
                long start = Stopwatch.GetTimestamp();
                ImageResize.CropResize(source, box, destination, mode);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            Array.Sort(times);
            Console.WriteLine($"{{\"case\": \"{name}\", \"runtime\": \"facealign3d\", \"median_ms\": {times[repeat / 2]:F4}, \"p10_ms\": {times[repeat / 10]:F4}}}");
        }
    }
}
