using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs.Png;

namespace FaceAlign3D.Tests.Imaging.Codecs;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class PngDecoderCorpusTests
{
    [Theory]
    [InlineData("rgb8.png", PixelFormat.Rgb8)]
    [InlineData("rgba8.png", PixelFormat.Rgba8)]
    [InlineData("gray8.png", PixelFormat.Gray8)]
    [InlineData("gray16.png", PixelFormat.Gray16)]
    [InlineData("rgb16.png", PixelFormat.Rgb8)] // despite its name the file stores 8-bit samples
    [InlineData("palette.png", PixelFormat.Rgba8)] // palette + tRNS expands to RGBA, as OpenCV does
    [InlineData("interlaced.png", PixelFormat.Rgb8)]
    [InlineData("bilevel.png", PixelFormat.Gray8)] // 1-bit gray scaled to 0/255
    [InlineData("src.png", PixelFormat.Rgb8)]
    public void Decodes_corpus_png_exactly_as_opencv(string name, PixelFormat expectedFormat)
    {
        var path = CodecCorpus.PathOf(name);
        var image = PngDecoder.Decode(File.ReadAllBytes(path), path, DecodeOptions.Default);
        Assert.Equal(expectedFormat, image.Format);
        var twinName = name == "src.png" ? "rgb8.png" : name;
        Assert.Equal(-1, CodecCorpus.FirstDifference(CodecCorpus.Twin(twinName), image));
    }

    [Fact]
    public void Interlaced_file_decodes_to_the_same_pixels_as_the_plain_one()
    {
        var interlaced = CodecCorpus.ReadPng(CodecCorpus.PathOf("interlaced.png"));
        var plain = CodecCorpus.ReadPng(CodecCorpus.PathOf("rgb8.png"));
        Assert.Equal(-1, CodecCorpus.FirstDifference(plain, interlaced));
    }

    [Fact]
    public void Sample_with_alpha_matches_opencv_color_decode_once_alpha_is_dropped()
    {
        var image = CodecCorpus.ReadPng(SharedData.PathOf("data", "samples", "32bit.png"));
        var reference = CodecCorpus.ReadPng(SharedData.PathOf("reference", "decoded", "32bit.png"));
        Assert.Equal(PixelFormat.Rgba8, image.Format);
        Assert.Equal(PixelFormat.Rgb8, reference.Format);
        Assert.Equal((reference.Width, reference.Height), (image.Width, image.Height));
        for (int y = 0; y < image.Height; y++)
        {
            var rgba = image.Row(y);
            var rgb = reference.Row(y);
            for (int x = 0; x < image.Width; x++)
                Assert.True(rgba.Slice(x * 4, 3).SequenceEqual(rgb.Slice(x * 3, 3)), $"pixel ({x},{y}) differs");
        }
    }
}
