using BenchmarkDotNet.Attributes;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Benchmarks.Imaging;

/// <summary>
/// Full-image resize of a 1280x720 RGB frame (the cases of <see cref="ResizeTiming"/>), to set against
/// bench/peers/opencv_resize.py. Run: dotnet run -c Release --project bench/FaceAlign3D.Benchmarks -- --filter '*ResizeBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class ResizeBenchmarks
{
    private Image _source = null!, _destination = null!;
    private ResizeInterpolation _mode;

    [Params("linear_960x540", "linear_1080x720", "area_640x360", "area_480x270")]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var (_, width, height, mode) = ResizeTiming.Cases.Single(c => c.Name == Case);
        _source = ResizeTiming.Frame();
        _destination = new Image(width, height, PixelFormat.Rgb8);
        _mode = mode;
    }

    [Benchmark]
    public void Resize() => ImageResize.CropResize(_source, PixelBox.Of(_source), _destination, _mode);
}
