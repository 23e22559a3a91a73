using System.Text.Json;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs.Jpeg;

namespace FaceAlign3D.Tests.Imaging.Codecs.Jpeg;

/// <summary>Our decode against OpenCV 4.6's (libjpeg-turbo) decode of the same files, stored as PNG.</summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class JpegParityTests
{
    private const double MaxMeanAbsDiff = 0.5;
    private const int MaxAbsDiff = 4;

    public static TheoryData<string> ReferenceSources()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("reference", "decoded", "README.json")));
        var data = new TheoryData<string>();
        foreach (var source in doc.RootElement.GetProperty("sources").EnumerateArray())
        {
            var path = source.GetString()!;
            if (path.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase))
                data.Add(path);
        }
        return data;
    }

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(SharedData.PathOf("data", "codec_corpus"), "*.jpg").Order())
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceSources))]
    public void ReferenceSampleMatchesOpenCv(string source)
    {
        var path = SharedData.PathOf(source.Split('/'));
        var expected = CodecCorpus.ReadPng(SharedData.PathOf("reference", "decoded", Path.ChangeExtension(Path.GetFileName(source), ".png")));
        // imread applies the EXIF orientation by default.
        var actual = JpegDecoder.Decode(File.ReadAllBytes(path), path, new DecodeOptions { ApplyExifOrientation = true });
        AssertClose(expected, actual);
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void CorpusFileMatchesOpenCv(string name)
    {
        var path = CodecCorpus.PathOf(name);
        var actual = JpegDecoder.Decode(File.ReadAllBytes(path), path, new DecodeOptions { ApplyExifOrientation = true });
        AssertClose(CodecCorpus.Twin(name), actual);
    }

    internal static void AssertClose(Image expected, Image actual)
    {
        Assert.Equal((expected.Width, expected.Height, expected.Format), (actual.Width, actual.Height, actual.Format));
        int channels = expected.Channels;
        var sum = new long[channels];
        var max = new int[channels];
        for (int y = 0; y < expected.Height; y++)
        {
            var e = expected.Row(y);
            var a = actual.Row(y);
            for (int i = 0; i < e.Length; i++)
            {
                int d = Math.Abs(e[i] - a[i]);
                sum[i % channels] += d;
                max[i % channels] = Math.Max(max[i % channels], d);
            }
        }
        for (int c = 0; c < channels; c++)
        {
            double mean = (double)sum[c] / expected.PixelCount;
            Assert.True(mean <= MaxMeanAbsDiff && max[c] <= MaxAbsDiff,
                $"channel {c}: mean |diff| {mean:F4} (limit {MaxMeanAbsDiff}), max |diff| {max[c]} (limit {MaxAbsDiff})");
        }
    }
}
