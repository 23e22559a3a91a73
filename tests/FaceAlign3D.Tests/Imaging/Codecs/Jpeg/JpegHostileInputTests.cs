using System.Buffers.Binary;
using System.Diagnostics;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs.Jpeg;

namespace FaceAlign3D.Tests.Imaging.Codecs.Jpeg;

/// <summary>Malformed files must fail with an <see cref="ImageFormatException"/> that names the file and the reason.</summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class JpegHostileInputTests
{
    private const string FileName = "hostile.jpg";

    private static byte[] Corpus(string name) => File.ReadAllBytes(CodecCorpus.PathOf(name));

    private static ImageFormatException Rejects(byte[] data, string reasonFragment, DecodeOptions? options = null)
    {
        var e = Assert.Throws<ImageFormatException>(() => JpegDecoder.Decode(data, FileName, options ?? DecodeOptions.Default));
        Assert.Equal(FileName, e.FileName);
        Assert.Contains(FileName, e.Message);
        Assert.Contains(reasonFragment, e.Reason, StringComparison.OrdinalIgnoreCase);
        return e;
    }

    [Fact]
    public void EmptyAndForeignDataAreRejected()
    {
        Rejects([], "no SOI");
        Rejects([0x89, (byte)'P', (byte)'N', (byte)'G'], "no SOI");
        Rejects([0xFF, 0xD8], "no frame header");
        Rejects([0xFF, 0xD8, 0xFF, 0xD9], "no frame header");
    }

    [Theory]
    [InlineData("baseline_420.jpg")]
    [InlineData("restart.jpg")]
    [InlineData("gray.jpg")]
    public void TruncationInsideTheScanIsRejected(string name)
    {
        var jpeg = Corpus(name);
        int sos = JpegTestFiles.OffsetOf(jpeg, 0xDA);
        foreach (double fraction in new[] { 0.1, 0.5, 0.9 })
        {
            int cut = sos + 20 + (int)((jpeg.Length - sos - 40) * fraction);
            Rejects(jpeg[..cut], "truncated");
        }
    }

    [Fact]
    public void TruncationInsideTheHeadersIsRejected()
    {
        var jpeg = Corpus("baseline_444.jpg");
        foreach (var (marker, offset, _) in JpegTestFiles.Segments(jpeg))
            Assert.Throws<ImageFormatException>(() => JpegDecoder.Decode(jpeg[..(offset + 5)], FileName, DecodeOptions.Default));
    }

    [Fact]
    public void OverfullHuffmanTableIsRejected()
    {
        // Three codes of length 1 cannot exist.
        var overfull = new byte[] { 0x00, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2 };
        var bad = JpegTestFiles.InsertAfterSoi(Corpus("baseline_444.jpg"), 0xC4, overfull);
        Rejects(bad, "Huffman table");
    }

    [Fact]
    public void InvalidHuffmanCodeIsRejected()
    {
        // One DC code "0" only: any 1 bit in the stream is a code no table has.
        var jpeg = Corpus("gray.jpg");
        var dcOnlyZero = new byte[] { 0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
        int dht = JpegTestFiles.OffsetOf(jpeg, 0xC4);
        var withoutTables = JpegTestFiles.Segments(jpeg).Where(s => s.Marker == 0xC4).Select(s => s.Offset).Reverse()
            .Aggregate(jpeg, JpegTestFiles.RemoveSegment);
        var acTable = JpegTestFiles.Segments(jpeg).Where(s => s.Marker == 0xC4)
            .Select(s => jpeg.AsSpan(s.Offset + 4, s.Length - 2).ToArray()).First(p => p[0] >> 4 == 1);
        var patched = JpegTestFiles.InsertAfterSoi(JpegTestFiles.InsertAfterSoi(withoutTables, 0xC4, acTable), 0xC4, dcOnlyZero);
        Assert.True(dht > 0);
        Rejects(patched, "Huffman code");
    }

    [Fact]
    public void EndlessHuffmanStreamStopsAtTheEndOfData()
    {
        // A frame of 4000x4000 pixels whose scan has only a few bytes and no EOI: the decoder must give up
        // after a bounded amount of zero padding instead of decoding 250,000 blocks of nothing.
        var jpeg = Corpus("gray.jpg");
        int sof = JpegTestFiles.OffsetOf(jpeg, 0xC0);
        int sos = JpegTestFiles.OffsetOf(jpeg, 0xDA);
        var big = jpeg[..(sos + 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(sos + 2)) + 16)];
        BinaryPrimitives.WriteUInt16BigEndian(big.AsSpan(sof + 5), 4000);
        BinaryPrimitives.WriteUInt16BigEndian(big.AsSpan(sof + 7), 4000);
        var watch = Stopwatch.StartNew();
        Rejects(big, "truncated");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void MarkersOutOfOrderAreRejected()
    {
        var jpeg = Corpus("baseline_444.jpg");
        int sof = JpegTestFiles.OffsetOf(jpeg, 0xC0);
        Rejects(JpegTestFiles.RemoveSegment(jpeg, sof), "before the frame header");

        var noTables = JpegTestFiles.Segments(jpeg).Where(s => s.Marker == 0xC4).Select(s => s.Offset).Reverse()
            .Aggregate(jpeg, JpegTestFiles.RemoveSegment);
        Rejects(noTables, "Huffman table");

        var noQuant = JpegTestFiles.Segments(jpeg).Where(s => s.Marker == 0xDB).Select(s => s.Offset).Reverse()
            .Aggregate(jpeg, JpegTestFiles.RemoveSegment);
        Rejects(noQuant, "quantisation table");

        var sofSegment = jpeg.AsSpan(sof + 4, BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(sof + 2)) - 2);
        Rejects(JpegTestFiles.InsertAfterSoi(jpeg, 0xC0, sofSegment), "more than one frame");
    }

    [Theory]
    [InlineData(0, 100, "invalid dimensions")]
    [InlineData(100, 0, "DNL")]
    [InlineData(65535, 65535, "exceed")]
    public void BadDimensionsAreRejected(int width, int height, string reason)
    {
        var jpeg = Corpus("baseline_420.jpg");
        int sof = JpegTestFiles.OffsetOf(jpeg, 0xC0);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), (ushort)width);
        Rejects(jpeg, reason);
    }

    [Fact]
    public void PixelLimitIsCheckedFromTheHeader()
    {
        var jpeg = Corpus("baseline_420.jpg"); // 207x276
        Rejects(jpeg, "exceed", new DecodeOptions { MaxPixels = 207 * 276 - 1 });
        var image = JpegDecoder.Decode(jpeg, FileName, new DecodeOptions { MaxPixels = 207 * 276 });
        Assert.Equal((207, 276), (image.Width, image.Height));
    }

    [Theory]
    [InlineData(0xC9, "arithmetic")]
    [InlineData(0xC3, "lossless")]
    public void UnsupportedProcessesAreRejectedClearly(byte sofMarker, string reason)
    {
        var jpeg = Corpus("baseline_444.jpg");
        jpeg[JpegTestFiles.OffsetOf(jpeg, 0xC0) + 1] = sofMarker;
        Rejects(jpeg, reason);
    }

    [Fact]
    public void TwelveBitPrecisionIsRejected()
    {
        var jpeg = Corpus("baseline_444.jpg");
        jpeg[JpegTestFiles.OffsetOf(jpeg, 0xC0) + 4] = 12;
        Rejects(jpeg, "12-bit");
    }

    [Fact]
    public void SegmentLengthPastTheEndIsRejected()
    {
        var jpeg = Corpus("baseline_444.jpg");
        int dqt = JpegTestFiles.OffsetOf(jpeg, 0xDB);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(dqt + 2), 0xFFFF);
        Rejects(jpeg, "invalid length");
    }
}
