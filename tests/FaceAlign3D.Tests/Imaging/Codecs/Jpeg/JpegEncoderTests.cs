using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs.Jpeg;

namespace FaceAlign3D.Tests.Imaging.Codecs.Jpeg;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class JpegEncoderTests
{
    private static Image Photo() => CodecCorpus.ReadPng(CodecCorpus.PathOf("src.png"));

    private static double Psnr(Image a, Image b)
    {
        Assert.Equal((a.Width, a.Height, a.Format), (b.Width, b.Height, b.Format));
        double sumSquares = 0;
        long n = 0;
        for (int y = 0; y < a.Height; y++)
        {
            var ra = a.Row(y);
            var rb = b.Row(y);
            for (int i = 0; i < ra.Length; i++, n++)
                sumSquares += (ra[i] - rb[i]) * (ra[i] - rb[i]);
        }
        return 10 * Math.Log10(255.0 * 255.0 / (sumSquares / n));
    }

    [Theory]
    [InlineData(JpegChromaSubsampling.Yuv444, 40.0)]
    [InlineData(JpegChromaSubsampling.Yuv420, 40.0)]
    internal void PhotoRoundTripsAtQuality95(JpegChromaSubsampling subsampling, double minPsnr)
    {
        var photo = Photo();
        Assert.Equal(PixelFormat.Rgb8, photo.Format);
        var decoded = JpegDecoder.Decode(JpegEncoder.Encode(photo, 95, subsampling), "roundtrip.jpg", DecodeOptions.Default);
        double psnr = Psnr(photo, decoded);
        Assert.True(psnr >= minPsnr, $"PSNR {psnr:F2} dB < {minPsnr} dB");
    }

    [Fact]
    public void LowerQualityGivesSmallerFileAndLowerPsnr()
    {
        var photo = Photo();
        var high = JpegEncoder.Encode(photo, 95, JpegChromaSubsampling.Yuv444);
        var low = JpegEncoder.Encode(photo, 30, JpegChromaSubsampling.Yuv444);
        Assert.True(low.Length < high.Length / 2, $"q30 {low.Length} bytes vs q95 {high.Length} bytes");
        double psnrLow = Psnr(photo, JpegDecoder.Decode(low, null, DecodeOptions.Default));
        double psnrHigh = Psnr(photo, JpegDecoder.Decode(high, null, DecodeOptions.Default));
        Assert.True(psnrLow < psnrHigh && psnrLow > 25, $"q30 {psnrLow:F2} dB, q95 {psnrHigh:F2} dB");
    }

    [Fact]
    public void GrayImageRoundTripsAsGray()
    {
        var gray = CodecCorpus.ReadPng(CodecCorpus.PathOf("gray8.png"));
        Assert.Equal(PixelFormat.Gray8, gray.Format);
        var decoded = JpegDecoder.Decode(JpegEncoder.Encode(gray, 95), null, DecodeOptions.Default);
        Assert.Equal(PixelFormat.Gray8, decoded.Format);
        Assert.True(Psnr(gray, decoded) >= 40);
    }

    [Fact]
    public void RgbaDropsAlpha()
    {
        var rgba = new Image(13, 9, PixelFormat.Rgba8);
        for (int y = 0; y < rgba.Height; y++)
        {
            var row = rgba.Row(y);
            for (int x = 0; x < rgba.Width; x++)
                row.Slice(4 * x, 4).SetRange(40 + 10 * x, 200 - 12 * y, 90, x % 2 == 0 ? 0 : 255);
        }
        var decoded = JpegDecoder.Decode(JpegEncoder.Encode(rgba, 100, JpegChromaSubsampling.Yuv444), null, DecodeOptions.Default);
        Assert.Equal((13, 9, PixelFormat.Rgb8), (decoded.Width, decoded.Height, decoded.Format));
        for (int y = 0; y < 9; y++)
            for (int x = 0; x < 13; x++)
                for (int c = 0; c < 3; c++)
                    Assert.InRange(decoded.Row(y)[3 * x + c] - rgba.Row(y)[4 * x + c], -3, 3);
    }

    [Fact]
    public void QualityTablesFollowLibjpegScaling()
    {
        // libjpeg: q=50 keeps the Annex K tables; q=75 scales by 50%; q=100 gives all ones.
        static int FirstLumaQuant(byte[] jpeg)
        {
            int dqt = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xDB]);
            return jpeg[dqt + 5];
        }
        var image = new Image(8, 8, PixelFormat.Gray8);
        Assert.Equal(16, FirstLumaQuant(JpegEncoder.Encode(image, 50)));
        Assert.Equal(8, FirstLumaQuant(JpegEncoder.Encode(image, 75)));
        Assert.Equal(1, FirstLumaQuant(JpegEncoder.Encode(image, 100)));
        Assert.Equal(255, FirstLumaQuant(JpegEncoder.Encode(image, 1)));
    }
}

internal static class SpanFill
{
    public static void SetRange(this Span<byte> span, params int[] values)
    {
        for (int i = 0; i < values.Length; i++)
            span[i] = (byte)values[i];
    }
}
