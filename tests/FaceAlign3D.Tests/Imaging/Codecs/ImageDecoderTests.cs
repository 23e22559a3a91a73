using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;

namespace FaceAlign3D.Tests.Imaging.Codecs;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class ImageDecoderTests
{
    [Theory]
    [InlineData("gray16.png", PixelFormat.Gray16, "gray16.png")]
    [InlineData("palette.png", PixelFormat.Rgba8, "palette.png")]
    [InlineData("image.bmp", PixelFormat.Rgb8, "rgb8.png")]
    [InlineData("image.ppm", PixelFormat.Rgb8, "rgb8.png")]
    [InlineData("image.pgm", PixelFormat.Gray8, "image.pgm")]
    public void Load_recognises_the_format_by_content(string name, PixelFormat format, string twin)
    {
        var image = ImageDecoder.Load(CodecCorpus.PathOf(name));
        Assert.Equal(format, image.Format);
        Assert.Equal(-1, CodecCorpus.FirstDifference(CodecCorpus.Twin(twin), image));
    }

    [Fact]
    public void Dispatch_ignores_the_file_extension()
    {
        var bytes = File.ReadAllBytes(CodecCorpus.PathOf("image.bmp"));
        Assert.Equal(PixelFormat.Rgb8, ImageDecoder.Decode(bytes, "misnamed.png").Format);
    }

    [Fact]
    public void Unknown_format_names_the_file()
    {
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode("GIF89a....."u8, "anim.gif"));
        Assert.Equal("anim.gif", e.FileName);
        Assert.Contains("unknown image format", e.Message);
        Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode([], "empty.bin"));
    }

    [Fact]
    public void Corrupt_jpeg_is_an_image_format_exception_naming_the_file()
    {
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode([0xFF, 0xD8, 0xFF, 0x00, 0x01], "broken.jpg"));
        Assert.Equal("broken.jpg", e.FileName);
    }

    [Fact]
    public void Missing_file_is_an_image_format_exception_naming_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), $"facealign3d-missing-{Guid.NewGuid():N}.png");
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Load(path));
        Assert.Equal(path, e.FileName);
    }

    [Fact]
    public void Options_reach_the_format_decoders()
    {
        var small = new DecodeOptions { MaxPixels = 1000 };
        foreach (var name in new[] { "rgb8.png", "image.bmp", "image.pgm" })
            Assert.Contains("exceed", Assert.Throws<ImageFormatException>(() => ImageDecoder.Load(CodecCorpus.PathOf(name), small)).Reason);
    }
}
