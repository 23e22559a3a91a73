using System.Buffers.Binary;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs.Png;

namespace FaceAlign3D.Tests.Imaging.Codecs;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class PngDecoderHostileTests
{
    private static ImageFormatException Rejects(byte[] png, DecodeOptions? options = null)
    {
        var e = Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png, "hostile.png", options ?? DecodeOptions.Default));
        Assert.Equal("hostile.png", e.FileName);
        return e;
    }

    [Fact]
    public void Huge_dimensions_are_rejected_before_any_pixel_memory_is_allocated()
    {
        var png = PngBuilder.Simple(PngBuilder.Ihdr(100_000, 100_000, 8, 6), new byte[100]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Rejects(png);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("100000x100000", e.Reason);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes while rejecting");
    }

    [Fact]
    public void Max_pixels_option_is_enforced()
    {
        var png = PngBuilder.Simple(PngBuilder.Ihdr(100, 100, 8, 0), new byte[101 * 100]);
        Rejects(png, new DecodeOptions { MaxPixels = 9_999 });
        Assert.Equal(100, PngDecoder.Decode(png, null, new DecodeOptions { MaxPixels = 10_000 }).Width);
    }

    [Fact]
    public void Image_data_that_inflates_far_beyond_the_image_fails_without_inflating_it_all()
    {
        // 16x16 gray needs 16 * 17 = 272 bytes; the stream inflates to 64 MiB of valid-looking rows.
        var bomb = PngBuilder.Deflate(new byte[64 << 20]);
        var png = new PngBuilder().Chunk("IHDR", PngBuilder.Ihdr(16, 16, 8, 0)).Chunk("IDAT", bomb).Chunk("IEND", []).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Rejects(png);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("more than the 272 bytes", e.Reason);
        Assert.True(allocated < 4L * png.Length + (1 << 20), $"allocated {allocated} bytes for a {png.Length}-byte file");
    }

    [Fact]
    public void Image_data_shorter_than_the_image_is_rejected()
    {
        var e = Rejects(PngBuilder.Simple(PngBuilder.Ihdr(4, 4, 8, 0), new byte[5 * 3]));
        Assert.Contains("ends after 15 of the 20 bytes", e.Reason);
    }

    [Theory]
    [InlineData("IHDR")]
    [InlineData("IDAT")]
    [InlineData("tEXt")]
    [InlineData("IEND")]
    public void A_bad_crc_on_any_chunk_is_rejected(string corrupted)
    {
        var builder = new PngBuilder().Chunk("IHDR", PngBuilder.Ihdr(1, 1, 8, 0), corrupted == "IHDR")
            .Chunk("tEXt", "a\0b"u8, corrupted == "tEXt")
            .Chunk("IDAT", PngBuilder.Deflate([0, 9]), corrupted == "IDAT")
            .Chunk("IEND", [], corrupted == "IEND");
        var e = Rejects(builder.ToArray());
        Assert.Contains($"CRC mismatch in {corrupted}", e.Reason);
    }

    [Fact]
    public void Truncation_at_every_chunk_boundary_and_inside_every_chunk_is_rejected()
    {
        var png = File.ReadAllBytes(CodecCorpus.PathOf("bilevel.png"));
        var cuts = new List<int> { 0, 4, 8 };
        for (int pos = 8; pos < png.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            cuts.AddRange([pos + 4, pos + 8, pos + 8 + length / 2, pos + 8 + length, pos + 10 + length]);
            pos += 12 + length;
            if (pos < png.Length)
                cuts.Add(pos);
        }
        cuts.Add(png.Length - 1);
        foreach (int cut in cuts)
            Rejects(png[..cut]);
        Assert.True(cuts.Count > 20);
    }

    [Fact]
    public void Chunk_length_past_the_end_of_the_file_is_rejected()
    {
        var png = PngBuilder.Simple(PngBuilder.Ihdr(1, 1, 8, 0), [0, 1]);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(33), 0x7FFFFFF0); // the IDAT length field
        Assert.Contains("past the end", Rejects(png).Reason);
    }

    [Fact]
    public void Corrupt_deflate_data_is_an_image_format_exception()
    {
        var png = new PngBuilder().Chunk("IHDR", PngBuilder.Ihdr(8, 8, 8, 0))
            .Chunk("IDAT", [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x12]).Chunk("IEND", []).ToArray();
        Rejects(png);
    }

    [Fact]
    public void Unknown_filter_type_is_rejected()
    {
        Assert.Contains("filter type 5", Rejects(PngBuilder.Simple(PngBuilder.Ihdr(1, 1, 8, 0), [5, 1])).Reason);
    }

    [Theory]
    [InlineData(0, 1, 8, 0)] // zero width
    [InlineData(1, 1, 3, 0)] // bit depth 3
    [InlineData(1, 1, 8, 5)] // colour type 5
    [InlineData(1, 1, 16, 3)] // 16-bit palette
    [InlineData(1, 1, 4, 2)] // 4-bit RGB
    public void Invalid_headers_are_rejected(long width, long height, int bitDepth, int colorType)
    {
        Rejects(PngBuilder.Simple(PngBuilder.Ihdr(width, height, bitDepth, colorType), [0, 0, 0, 0, 0, 0, 0]));
    }

    [Fact]
    public void Palette_image_without_palette_is_rejected()
    {
        Assert.Contains("PLTE", Rejects(PngBuilder.Simple(PngBuilder.Ihdr(1, 1, 8, 3), [0, 0])).Reason);
    }

    [Fact]
    public void Unknown_critical_chunk_is_rejected()
    {
        Assert.Contains("ABCD", Rejects(PngBuilder.Simple(PngBuilder.Ihdr(1, 1, 8, 0), [0, 0], ("ABCD", [1]))).Reason);
    }

    [Fact]
    public void Data_that_is_not_png_is_rejected()
    {
        Assert.Contains("signature", Rejects("GIF89a-not-a-png"u8.ToArray()).Reason);
        Rejects([]);
    }
}
