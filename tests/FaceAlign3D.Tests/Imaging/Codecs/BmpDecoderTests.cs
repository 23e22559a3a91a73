using System.Buffers.Binary;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs.Bmp;

namespace FaceAlign3D.Tests.Imaging.Codecs;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class BmpDecoderTests
{
    private static Image Decode(byte[] bmp) => BmpDecoder.Decode(bmp, "test.bmp", DecodeOptions.Default);

    private static ImageFormatException Rejects(byte[] bmp)
    {
        var e = Assert.Throws<ImageFormatException>(() => BmpDecoder.Decode(bmp, "hostile.bmp", DecodeOptions.Default));
        Assert.Equal("hostile.bmp", e.FileName);
        return e;
    }

    [Fact]
    public void Corpus_24_bit_bmp_matches_opencv()
    {
        // The OpenCV twin of image.bmp shares the name image.png with those of image.ppm and image.pgm and
        // was overwritten by the PGM one; the BMP holds the same RGB picture as rgb8.png.
        var path = CodecCorpus.PathOf("image.bmp");
        var image = BmpDecoder.Decode(File.ReadAllBytes(path), path, DecodeOptions.Default);
        Assert.Equal(PixelFormat.Rgb8, image.Format);
        Assert.Equal(-1, CodecCorpus.FirstDifference(CodecCorpus.Twin("rgb8.png"), image));
    }

    [Fact]
    public void Bottom_up_and_top_down_24_bit_rows_land_in_the_right_place()
    {
        // Two 1-pixel rows stored B,G,R: first stored row is the bottom row when height is positive.
        byte[][] rows = [[3, 2, 1], [6, 5, 4]];
        var bottomUp = Decode(BmpBuilder.Build(1, 2, 24, rows));
        Assert.Equal(new byte[] { 4, 5, 6 }, bottomUp.Row(0).ToArray());
        Assert.Equal(new byte[] { 1, 2, 3 }, bottomUp.Row(1).ToArray());
        var topDown = Decode(BmpBuilder.Build(1, -2, 24, rows));
        Assert.Equal(new byte[] { 1, 2, 3 }, topDown.Row(0).ToArray());
        Assert.Equal(new byte[] { 4, 5, 6 }, topDown.Row(1).ToArray());
    }

    [Fact]
    public void One_bit_colour_palette_gives_rgb()
    {
        byte[] palette = [10, 20, 30, 0, 40, 50, 60, 0]; // BGRx
        var image = Decode(BmpBuilder.Build(10, 1, 1, [[0b1010_0000, 0b0100_0000]], paletteBgrx: palette));
        Assert.Equal(PixelFormat.Rgb8, image.Format);
        byte[] one = [60, 50, 40], zero = [30, 20, 10];
        Assert.Equal(new[] { one, zero, one, zero, zero, zero, zero, zero, zero, one }.SelectMany(p => p).ToArray(), image.Row(0).ToArray());
    }

    [Fact]
    public void Four_bit_palette_with_out_of_range_index_reads_black()
    {
        byte[] palette = [1, 2, 3, 0, 4, 5, 6, 0];
        var image = Decode(BmpBuilder.Build(3, 1, 4, [[0x10, 0xF0]], paletteBgrx: palette));
        Assert.Equal(new byte[] { 6, 5, 4, 3, 2, 1, 0, 0, 0 }, image.Row(0).ToArray());
    }

    [Fact]
    public void Eight_bit_gray_palette_gives_gray8_like_opencv()
    {
        var palette = Enumerable.Range(0, 256).SelectMany(i => new[] { (byte)(255 - i), (byte)(255 - i), (byte)(255 - i), (byte)0 }).ToArray();
        var image = Decode(BmpBuilder.Build(3, 1, 8, [[0, 100, 255]], paletteBgrx: palette));
        Assert.Equal(PixelFormat.Gray8, image.Format);
        Assert.Equal(new byte[] { 255, 155, 0 }, image.Row(0).ToArray());
    }

    [Fact]
    public void Sixteen_bit_555_and_565_are_widened_by_shifting()
    {
        // 555: r=31, g=1, b=16 -> 0 11111 00001 10000 = 0x7C30
        var rgb555 = Decode(BmpBuilder.Build(1, 1, 16, [[0x30, 0x7C]]));
        Assert.Equal(new byte[] { 248, 8, 128 }, rgb555.Row(0).ToArray());
        // 565: r=1, g=63, b=3 -> 00001 111111 00011 = 0x0FE3
        var rgb565 = Decode(BmpBuilder.Build(1, 1, 16, [[0xE3, 0x0F]], compression: 3, masks: [0xF800, 0x07E0, 0x001F]));
        Assert.Equal(new byte[] { 8, 252, 24 }, rgb565.Row(0).ToArray());
    }

    [Fact]
    public void Thirty_two_bit_rgb_drops_the_padding_byte()
    {
        var image = Decode(BmpBuilder.Build(2, 1, 32, [[3, 2, 1, 99, 6, 5, 4, 99]]));
        Assert.Equal(PixelFormat.Rgb8, image.Format);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, image.Row(0).ToArray());
    }

    [Fact]
    public void Thirty_two_bit_bitfields_follow_the_masks_and_alpha()
    {
        // Pixels stored as little-endian words 0xAARRGGBB.
        var withAlpha = Decode(BmpBuilder.Build(1, 1, 32, [[3, 2, 1, 200]], compression: 3,
            masks: [0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000]));
        Assert.Equal(PixelFormat.Rgba8, withAlpha.Format);
        Assert.Equal(new byte[] { 1, 2, 3, 200 }, withAlpha.Row(0).ToArray());
        // Words 0xRRGGBBxx with no alpha mask: alpha reads 255.
        var shifted = Decode(BmpBuilder.Build(1, 1, 32, [[9, 3, 2, 1]], compression: 3, masks: [0xFF000000, 0x00FF0000, 0x0000FF00]));
        Assert.Equal(new byte[] { 1, 2, 3, 255 }, shifted.Row(0).ToArray());
    }

    [Fact]
    public void Rle_is_rejected_with_a_clear_reason()
    {
        Assert.Contains("RLE", Rejects(BmpBuilder.Build(2, 1, 8, [[0, 0]], compression: 1, paletteBgrx: new byte[8])).Reason);
    }

    [Theory]
    [InlineData(-5, 1)]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(100_000, 100_000)]
    [InlineData(int.MaxValue, 1)]
    [InlineData(1, int.MinValue)]
    [InlineData(1, -100_000_000)]
    public void Negative_zero_and_huge_dimensions_are_rejected(int width, int height)
    {
        var bmp = BmpBuilder.Build(1, 1, 24, [[1, 2, 3]]);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), height);
        Rejects(bmp);
    }

    [Fact]
    public void Truncated_pixel_data_and_headers_are_rejected()
    {
        var bmp = BmpBuilder.Build(4, 4, 24, Enumerable.Repeat(new byte[12], 4).ToArray());
        foreach (int cut in new[] { 0, 1, 2, 10, 20, 30, 53, 54, bmp.Length - 1 })
            Rejects(bmp[..cut]);
    }

    [Fact]
    public void Unsupported_bit_counts_and_masks_are_rejected()
    {
        Assert.Contains("bit count", Rejects(BmpBuilder.Build(1, 1, 2, [[0]], paletteBgrx: new byte[16])).Reason);
        Assert.Contains("16-bit masks", Rejects(BmpBuilder.Build(1, 1, 16, [[0, 0]], compression: 3, masks: [0xF00, 0xF0, 0xF])).Reason);
        Assert.Contains("32-bit channel mask", Rejects(BmpBuilder.Build(1, 1, 32, [[0, 0, 0, 0]], compression: 3, masks: [0xFFF00000, 0xFF00, 0xFF])).Reason);
    }
}
