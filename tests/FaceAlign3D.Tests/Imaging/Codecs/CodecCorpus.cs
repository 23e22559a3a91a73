using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs.Png;

namespace FaceAlign3D.Tests.Imaging.Codecs;

/// <summary>The shared codec corpus and OpenCV's decodes of it (data/codec_corpus, read-only).</summary>
internal static class CodecCorpus
{
    public static string PathOf(string name) => SharedData.PathOf("data", "codec_corpus", name);

    /// <summary>OpenCV's IMREAD_UNCHANGED decode of <paramref name="name"/>, stored as an RGB(A) PNG.</summary>
    public static Image Twin(string name) =>
        ReadPng(SharedData.PathOf("data", "codec_corpus", "decoded_by_opencv", Path.ChangeExtension(name, ".png")));

    public static Image ReadPng(string path) => PngDecoder.Decode(File.ReadAllBytes(path), path, DecodeOptions.Default);

    /// <summary>Index of the first differing byte of two images' pixel rows, or -1 when identical.</summary>
    public static long FirstDifference(Image expected, Image actual)
    {
        Assert.Equal((expected.Width, expected.Height, expected.Format), (actual.Width, actual.Height, actual.Format));
        for (int y = 0; y < expected.Height; y++)
        {
            int i = expected.Row(y).CommonPrefixLength(actual.Row(y));
            if (i < expected.Row(y).Length)
                return (long)y * expected.Row(y).Length + i;
        }
        return -1;
    }
}
