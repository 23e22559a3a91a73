using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs.Png;

namespace FaceAlign3D.Tests.Imaging.Codecs;

/// <summary>Tiny hand-built PNGs whose pixels are worked out by hand, one per colour type / bit depth / filter.</summary>
public class PngDecoderFormatTests
{
    private static Image Decode(byte[] png) => PngDecoder.Decode(png, "test.png", DecodeOptions.Default);

    [Fact]
    public void One_bit_gray_is_scaled_to_0_and_255()
    {
        // pixels 1011001110, packed MSB first and padded
        var image = Decode(PngBuilder.Simple(PngBuilder.Ihdr(10, 1, 1, 0), [0, 0b1011_0011, 0b1000_0000]));
        Assert.Equal(PixelFormat.Gray8, image.Format);
        Assert.Equal(new byte[] { 255, 0, 255, 255, 0, 0, 255, 255, 255, 0 }, image.Row(0).ToArray());
    }

    [Fact]
    public void Two_bit_gray_is_scaled_by_85()
    {
        // values 0,1,2,3,1 -> 00 01 10 11 | 01 000000
        var image = Decode(PngBuilder.Simple(PngBuilder.Ihdr(5, 1, 2, 0), [0, 0x1B, 0x40]));
        Assert.Equal(new byte[] { 0, 85, 170, 255, 85 }, image.Row(0).ToArray());
    }

    [Fact]
    public void Four_bit_gray_is_scaled_by_17()
    {
        var image = Decode(PngBuilder.Simple(PngBuilder.Ihdr(3, 1, 4, 0), [0, 0xF3, 0x80]));
        Assert.Equal(new byte[] { 255, 51, 136 }, image.Row(0).ToArray());
    }

    [Fact]
    public void Sixteen_bit_gray_stays_16_bit()
    {
        var image = Decode(PngBuilder.Simple(PngBuilder.Ihdr(2, 1, 16, 0), [0, 0x12, 0x34, 0xFF, 0xFE]));
        Assert.Equal(PixelFormat.Gray16, image.Format);
        Assert.Equal(new ushort[] { 0x1234, 0xFFFE }, image.Row16(0).ToArray());
    }

    [Fact]
    public void Gray_transparency_key_is_ignored_like_opencv()
    {
        var image = Decode(PngBuilder.Simple(PngBuilder.Ihdr(2, 1, 8, 0), [0, 7, 9], ("tRNS", [0, 7])));
        Assert.Equal(PixelFormat.Gray8, image.Format);
        Assert.Equal(new byte[] { 7, 9 }, image.Row(0).ToArray());
    }

    [Fact]
    public void Rgb8_without_transparency_is_rgb8()
    {
        var image = Decode(PngBuilder.Simple(PngBuilder.Ihdr(2, 1, 8, 2), [0, 1, 2, 3, 4, 5, 6]));
        Assert.Equal(PixelFormat.Rgb8, image.Format);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, image.Row(0).ToArray());
    }

    [Fact]
    public void Rgb8_transparency_key_becomes_alpha()
    {
        var image = Decode(PngBuilder.Simple(PngBuilder.Ihdr(2, 1, 8, 2), [0, 1, 2, 3, 4, 5, 6], ("tRNS", [0, 4, 0, 5, 0, 6])));
        Assert.Equal(PixelFormat.Rgba8, image.Format);
        Assert.Equal(new byte[] { 1, 2, 3, 255, 4, 5, 6, 0 }, image.Row(0).ToArray());
    }

    [Fact]
    public void Rgb16_transparency_key_becomes_16_bit_alpha()
    {
        byte[] rows = [0, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0xA0, 0xA1, 0xB0, 0xB1, 0xC0, 0xC1];
        var image = Decode(PngBuilder.Simple(PngBuilder.Ihdr(2, 1, 16, 2), rows, ("tRNS", [0x01, 0x02, 0x03, 0x04, 0x05, 0x06])));
        Assert.Equal(PixelFormat.Rgba16, image.Format);
        Assert.Equal(new ushort[] { 0x0102, 0x0304, 0x0506, 0, 0xA0A1, 0xB0B1, 0xC0C1, 0xFFFF }, image.Row16(0).ToArray());
    }

    [Fact]
    public void Rgb16_without_transparency_is_rgb16()
    {
        var image = Decode(PngBuilder.Simple(PngBuilder.Ihdr(1, 1, 16, 2), [0, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06]));
        Assert.Equal(PixelFormat.Rgb16, image.Format);
        Assert.Equal(new ushort[] { 0x0102, 0x0304, 0x0506 }, image.Row16(0).ToArray());
    }

    [Fact]
    public void Gray_alpha_8_expands_to_rgba()
    {
        var image = Decode(PngBuilder.Simple(PngBuilder.Ihdr(2, 1, 8, 4), [0, 10, 200, 30, 40]));
        Assert.Equal(PixelFormat.Rgba8, image.Format);
        Assert.Equal(new byte[] { 10, 10, 10, 200, 30, 30, 30, 40 }, image.Row(0).ToArray());
    }

    [Fact]
    public void Gray_alpha_16_expands_to_rgba16()
    {
        var image = Decode(PngBuilder.Simple(PngBuilder.Ihdr(1, 1, 16, 4), [0, 0x12, 0x34, 0xAB, 0xCD]));
        Assert.Equal(PixelFormat.Rgba16, image.Format);
        Assert.Equal(new ushort[] { 0x1234, 0x1234, 0x1234, 0xABCD }, image.Row16(0).ToArray());
    }

    [Fact]
    public void Rgba8_and_rgba16_keep_their_samples()
    {
        var rgba8 = Decode(PngBuilder.Simple(PngBuilder.Ihdr(1, 1, 8, 6), [0, 1, 2, 3, 4]));
        Assert.Equal(PixelFormat.Rgba8, rgba8.Format);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, rgba8.Row(0).ToArray());
        var rgba16 = Decode(PngBuilder.Simple(PngBuilder.Ihdr(1, 1, 16, 6), [0, 1, 2, 3, 4, 5, 6, 7, 8]));
        Assert.Equal(PixelFormat.Rgba16, rgba16.Format);
        Assert.Equal(new ushort[] { 0x0102, 0x0304, 0x0506, 0x0708 }, rgba16.Row16(0).ToArray());
    }

    [Fact]
    public void Palette_without_transparency_is_rgb8()
    {
        var image = Decode(PngBuilder.Simple(PngBuilder.Ihdr(3, 1, 8, 3), [0, 1, 0, 1], ("PLTE", [10, 20, 30, 40, 50, 60])));
        Assert.Equal(PixelFormat.Rgb8, image.Format);
        Assert.Equal(new byte[] { 40, 50, 60, 10, 20, 30, 40, 50, 60 }, image.Row(0).ToArray());
    }

    [Fact]
    public void Two_bit_palette_with_short_transparency_is_rgba8_and_out_of_range_indices_are_opaque_black()
    {
        // indices 0,1,2,3 -> 00 01 10 11; three palette entries, tRNS for the first two
        byte[] palette = [10, 20, 30, 40, 50, 60, 70, 80, 90];
        var image = Decode(PngBuilder.Simple(PngBuilder.Ihdr(4, 1, 2, 3), [0, 0x1B], ("PLTE", palette), ("tRNS", [0, 128])));
        Assert.Equal(PixelFormat.Rgba8, image.Format);
        Assert.Equal(new byte[] { 10, 20, 30, 0, 40, 50, 60, 128, 70, 80, 90, 255, 0, 0, 0, 255 }, image.Row(0).ToArray());
    }

    // Image rows [30,10,20] and [50,60,70] (gray 8-bit), filtered by hand for each filter type.
    [Theory]
    [InlineData(new byte[] { 0, 30, 10, 20 }, new byte[] { 0, 50, 60, 70 })]
    [InlineData(new byte[] { 1, 30, 236, 10 }, new byte[] { 1, 50, 10, 10 })]
    [InlineData(new byte[] { 2, 30, 10, 20 }, new byte[] { 2, 20, 50, 50 })]
    [InlineData(new byte[] { 3, 30, 251, 15 }, new byte[] { 3, 35, 30, 30 })]
    [InlineData(new byte[] { 4, 30, 236, 10 }, new byte[] { 4, 20, 30, 10 })] // Paeth picks above, upper-left, left
    public void Each_filter_type_is_reversed(byte[] row0, byte[] row1)
    {
        var image = Decode(PngBuilder.Simple(PngBuilder.Ihdr(3, 2, 8, 0), [.. row0, .. row1]));
        Assert.Equal(new byte[] { 30, 10, 20 }, image.Row(0).ToArray());
        Assert.Equal(new byte[] { 50, 60, 70 }, image.Row(1).ToArray());
    }

    [Fact]
    public void Adam7_passes_land_on_their_pixels()
    {
        // 3x3 gray, value 10*y + x. Non-empty passes: 1 (0,0); 4 (2,0); 5 (0,2),(2,2); 6 (1,0),(1,2); 7 row 1.
        byte[] rows = [0, 0, 0, 2, 0, 20, 22, 0, 1, 0, 21, 0, 10, 11, 12];
        var image = Decode(PngBuilder.Simple(PngBuilder.Ihdr(3, 3, 8, 0, interlace: 1), rows));
        for (int y = 0; y < 3; y++)
            Assert.Equal(new byte[] { (byte)(10 * y), (byte)(10 * y + 1), (byte)(10 * y + 2) }, image.Row(y).ToArray());
    }

    [Fact]
    public void Adam7_with_sub_byte_pixels_restarts_filtering_per_pass()
    {
        // 2x2 1-bit gray interlaced: pass 1 (0,0); pass 6 (1,0); pass 7 row 1 (two pixels). Pass 7 uses Up,
        // which must see zeros, not the previous pass's row.
        byte[] rows = [0, 0x80, 0, 0x80, 2, 0x40];
        var image = Decode(PngBuilder.Simple(PngBuilder.Ihdr(2, 2, 1, 0, interlace: 1), rows));
        Assert.Equal(new byte[] { 255, 255 }, image.Row(0).ToArray());
        Assert.Equal(new byte[] { 0, 255 }, image.Row(1).ToArray());
    }

    [Fact]
    public void Several_idat_chunks_and_unknown_ancillary_chunks_are_accepted()
    {
        var compressed = PngBuilder.Deflate([0, 1, 2, 3, 0, 4, 5, 6]);
        var png = new PngBuilder()
            .Chunk("IHDR", PngBuilder.Ihdr(1, 2, 8, 2))
            .Chunk("teXt", [1, 2, 3])
            .Chunk("IDAT", compressed.AsSpan(0, 3))
            .Chunk("IDAT", compressed.AsSpan(3))
            .Chunk("IEND", [])
            .ToArray();
        var image = Decode(png);
        Assert.Equal(new byte[] { 1, 2, 3 }, image.Row(0).ToArray());
        Assert.Equal(new byte[] { 4, 5, 6 }, image.Row(1).ToArray());
    }
}
