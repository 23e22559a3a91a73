using BenchmarkDotNet.Attributes;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs.Jpeg;

namespace FaceAlign3D.Benchmarks.Imaging;

/// <summary>
/// JPEG decode time per file, to compare with bench/peers/opencv_decode.py (OpenCV imdecode, one thread) on
/// the same files: the first <see cref="AflwCount"/> AFLW2000-3D images (450x450) and samples/emma.jpg.
/// Run: dotnet run -c Release --project bench/FaceAlign3D.Benchmarks -- --filter '*JpegDecode*'
/// </summary>
[MemoryDiagnoser]
public class JpegDecodeBenchmarks
{
    public const int AflwCount = 50;

    private byte[][] _aflw = [];
    private byte[] _emma = [];

    [GlobalSetup]
    public void Setup()
    {
        string shared = SharedData.Root();
        _aflw = Directory.GetFiles(Path.Combine(shared, "data", "aflw2000-3d", "images"), "*.jpg")
            .Order(StringComparer.Ordinal).Take(AflwCount).Select(File.ReadAllBytes).ToArray();
        _emma = File.ReadAllBytes(Path.Combine(shared, "data", "samples", "emma.jpg"));
    }

    /// <summary>Mean time per AFLW file.</summary>
    [Benchmark(OperationsPerInvoke = AflwCount)]
    public int Aflw450x450()
    {
        int sum = 0;
        foreach (var data in _aflw)
            sum += JpegDecoder.Decode(data, null, DecodeOptions.Default).Width;
        return sum;
    }

    [Benchmark]
    public Image Emma3913x1901() => JpegDecoder.Decode(_emma, null, DecodeOptions.Default);
}
