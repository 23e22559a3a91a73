using System.Text;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs.Pnm;

namespace FaceAlign3D.Tests.Imaging.Codecs;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class PnmDecoderTests
{
    private static Image Decode(byte[] pnm) => PnmDecoder.Decode(pnm, "test.pnm", DecodeOptions.Default);

    private static byte[] Bytes(string header, params byte[] samples) => [.. Encoding.ASCII.GetBytes(header), .. samples];

    private static ImageFormatException Rejects(byte[] pnm)
    {
        var e = Assert.Throws<ImageFormatException>(() => PnmDecoder.Decode(pnm, "hostile.pnm", DecodeOptions.Default));
        Assert.Equal("hostile.pnm", e.FileName);
        return e;
    }

    [Fact]
    public void Corpus_pgm_matches_opencv()
    {
        var path = CodecCorpus.PathOf("image.pgm");
        var image = PnmDecoder.Decode(File.ReadAllBytes(path), path, DecodeOptions.Default);
        Assert.Equal(PixelFormat.Gray8, image.Format);
        Assert.Equal(-1, CodecCorpus.FirstDifference(CodecCorpus.Twin("image.pgm"), image));
    }

    [Fact]
    public void Corpus_ppm_matches_opencv()
    {
        // The twin named image.png belongs to image.pgm (same name); the PPM holds the picture of rgb8.png.
        var path = CodecCorpus.PathOf("image.ppm");
        var image = PnmDecoder.Decode(File.ReadAllBytes(path), path, DecodeOptions.Default);
        Assert.Equal(PixelFormat.Rgb8, image.Format);
        Assert.Equal(-1, CodecCorpus.FirstDifference(CodecCorpus.Twin("rgb8.png"), image));
    }

    [Fact]
    public void Binary_header_with_comments_and_odd_whitespace()
    {
        var image = Decode(Bytes("P5 # a comment\n# another\r\n3\t2 # size\n255\n", 1, 2, 3, 4, 5, 6));
        Assert.Equal(PixelFormat.Gray8, image.Format);
        Assert.Equal(new byte[] { 1, 2, 3 }, image.Row(0).ToArray());
        Assert.Equal(new byte[] { 4, 5, 6 }, image.Row(1).ToArray());
    }

    [Fact]
    public void Sample_bytes_that_look_like_whitespace_or_comments_are_pixels()
    {
        var image = Decode(Bytes("P5\n2 1\n255\n", (byte)'#', (byte)'\n'));
        Assert.Equal(new byte[] { (byte)'#', (byte)'\n' }, image.Row(0).ToArray());
    }

    [Fact]
    public void Maxval_above_255_gives_16_bit_big_endian_samples()
    {
        var gray = Decode(Bytes("P5 2 1 65535\n", 0x12, 0x34, 0xFF, 0x01));
        Assert.Equal(PixelFormat.Gray16, gray.Format);
        Assert.Equal(new ushort[] { 0x1234, 0xFF01 }, gray.Row16(0).ToArray());
        var rgb = Decode(Bytes("P6 1 1 1000\n", 0x01, 0x02, 0x03, 0x04, 0x00, 0x05));
        Assert.Equal(PixelFormat.Rgb16, rgb.Format);
        Assert.Equal(new ushort[] { 0x0102, 0x0304, 0x0005 }, rgb.Row16(0).ToArray());
    }

    [Fact]
    public void Small_maxval_keeps_samples_unscaled()
    {
        var image = Decode(Bytes("P5 2 1 15\n", 7, 15));
        Assert.Equal(new byte[] { 7, 15 }, image.Row(0).ToArray());
    }

    [Fact]
    public void Ascii_p2_and_p3_are_read_and_clamped_to_maxval()
    {
        var gray = Decode(Bytes("P2\n# c\n3 1\n100\n0 55\n\n 300\n"));
        Assert.Equal(new byte[] { 0, 55, 100 }, gray.Row(0).ToArray());
        var rgb = Decode(Bytes("P3 2 1 255 1 2 3 # comment\n 250 251 252"));
        Assert.Equal(PixelFormat.Rgb8, rgb.Format);
        Assert.Equal(new byte[] { 1, 2, 3, 250, 251, 252 }, rgb.Row(0).ToArray());
        var wide = Decode(Bytes("P2 1 1 4000 3999"));
        Assert.Equal(new ushort[] { 3999 }, wide.Row16(0).ToArray());
    }

    [Theory]
    [InlineData("P5 2 2 255\n")] // no pixel data
    [InlineData("P5 2 2 255")] // ends at maxval
    [InlineData("P5 2 2")] // no maxval
    [InlineData("P5 0 2 255\n")] // zero width
    [InlineData("P5 100000 100000 255\n")] // huge
    [InlineData("P5 99999999999 1 255\n")] // number overflow
    [InlineData("P5 2 2 0\n")] // maxval 0
    [InlineData("P5 2 2 70000\n")] // maxval too large
    [InlineData("P5 x 2 255\n")] // not a number
    [InlineData("P2 2 1 255 7")] // ASCII data ends early
    [InlineData("P4 8 1\n")] // bitmap: not supported
    [InlineData("Q5 1 1 255\n")] // bad magic
    public void Malformed_headers_and_data_are_rejected(string text)
    {
        Rejects(Bytes(text, 1, 2, 3));
    }
}
