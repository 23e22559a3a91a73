using System.Buffers.Binary;
using System.IO.Compression;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Imaging.Codecs.Png;

namespace FaceAlign3D.Tests.Imaging.Codecs;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class PngEncoderTests
{
    public static TheoryData<PixelFormat, int, int, CompressionLevel> RoundTripCases()
    {
        var cases = new TheoryData<PixelFormat, int, int, CompressionLevel>();
        foreach (var format in Enum.GetValues<PixelFormat>())
        {
            cases.Add(format, 1, 1, CompressionLevel.Optimal);
            cases.Add(format, 37, 23, CompressionLevel.Fastest);
            cases.Add(format, 64, 9, CompressionLevel.SmallestSize);
            cases.Add(format, 5, 40, CompressionLevel.NoCompression);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void Round_trip_is_bit_exact(PixelFormat format, int width, int height, CompressionLevel level)
    {
        var image = new Image(width, height, format);
        FillSmoothAndNoisy(image, seed: width * 31 + height);
        var decoded = PngDecoder.Decode(PngEncoder.Encode(image, level), null, DecodeOptions.Default);
        Assert.Equal(-1, CodecCorpus.FirstDifference(image, decoded));
    }

    [Theory]
    [InlineData("rgb8.png")]
    [InlineData("rgba8.png")]
    [InlineData("gray16.png")]
    [InlineData("palette.png")]
    public void Corpus_images_survive_a_round_trip(string name)
    {
        var image = CodecCorpus.ReadPng(CodecCorpus.PathOf(name));
        var decoded = PngDecoder.Decode(PngEncoder.Encode(image), null, DecodeOptions.Default);
        Assert.Equal(-1, CodecCorpus.FirstDifference(image, decoded));
    }

    [Fact]
    public void Image_with_padded_stride_is_written_without_the_padding()
    {
        var data = new byte[] { 1, 2, 99, 3, 4, 99 };
        var image = new Image(2, 2, PixelFormat.Gray8, stride: 3, data);
        var decoded = PngDecoder.Decode(PngEncoder.Encode(image), null, DecodeOptions.Default);
        Assert.Equal(new byte[] { 1, 2 }, decoded.Row(0).ToArray());
        Assert.Equal(new byte[] { 3, 4 }, decoded.Row(1).ToArray());
    }

    [Fact]
    public void Filters_are_chosen_per_row()
    {
        // Row 0 is a horizontal ramp (Sub makes it constant 1s); rows 1-3 repeat it (Up makes them all zero).
        var image = new Image(200, 4, PixelFormat.Gray8);
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 200; x++)
                image.Row(y)[x] = (byte)x;
        var filters = FilterBytes(PngEncoder.Encode(image), rowLength: 200, rows: 4);
        Assert.Equal(new byte[] { 1, 2, 2, 2 }, filters);
    }

    [Fact]
    public void Higher_compression_levels_give_smaller_files_on_a_photo()
    {
        var image = CodecCorpus.ReadPng(CodecCorpus.PathOf("rgb8.png"));
        int stored = PngEncoder.Encode(image, CompressionLevel.NoCompression).Length;
        int smallest = PngEncoder.Encode(image, CompressionLevel.SmallestSize).Length;
        Assert.True(stored > image.Width * image.Height * 3, $"stored size {stored}");
        Assert.True(smallest < stored * 3 / 4, $"{smallest} vs {stored}");
    }

    [Fact]
    public void Save_png_writes_a_file_that_loads_back()
    {
        var image = new Image(3, 2, PixelFormat.Rgb16);
        FillSmoothAndNoisy(image, seed: 5);
        string path = Path.Combine(Path.GetTempPath(), $"facealign3d-{Guid.NewGuid():N}.png");
        try
        {
            ImageEncoder.SavePng(image, path);
            Assert.Equal(-1, CodecCorpus.FirstDifference(image, CodecCorpus.ReadPng(path)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Left half a gradient (exercises Sub/Up/Average/Paeth), right half noise (favours None).</summary>
    private static void FillSmoothAndNoisy(Image image, int seed)
    {
        var random = new Random(seed);
        for (int y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            int half = row.Length / 2;
            for (int i = 0; i < half; i++)
                row[i] = (byte)(3 * y + i / 2);
            random.NextBytes(row[half..]);
        }
    }

    private static byte[] FilterBytes(byte[] png, int rowLength, int rows)
    {
        var idat = new MemoryStream();
        for (int pos = 8; pos < png.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            if (png.AsSpan(pos + 4, 4).SequenceEqual("IDAT"u8))
                idat.Write(png, pos + 8, length);
            pos += 12 + length;
        }
        idat.Position = 0;
        var raw = new byte[rows * (rowLength + 1)];
        new ZLibStream(idat, CompressionMode.Decompress).ReadExactly(raw);
        return Enumerable.Range(0, rows).Select(r => raw[r * (rowLength + 1)]).ToArray();
    }
}
