using System.Buffers.Binary;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Imaging.Codecs.Png;

namespace FaceAlign3D.Tests.Imaging.Codecs;

/// <summary>
/// Seeded mutation fuzzing of the PNG, BMP and PGM/PPM decoders: every mutant must either decode or throw
/// <see cref="ImageFormatException"/>, and one the parser raised itself: a wrapped IndexOutOfRangeException or the
/// like means the catch-all safety net hid a parser bug (only zlib's InvalidDataException is expected inside).
/// Half of the PNG mutants get their chunk CRCs repaired so the damage
/// reaches the parser instead of stopping at the CRC check.
/// </summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class PngBmpPnmFuzzTests
{
    private const int MutantsPerSeed = 1500;
    private static readonly DecodeOptions SmallLimit = new() { MaxPixels = 120_000 };
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFF, (byte)'#', (byte)'\n', (byte)'9'];
    private static readonly uint[] InterestingWords = [0, 1, 0x7F, 0xFF, 0x100, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFF0];

    public static TheoryData<string> Seeds() =>
    [
        "rgb8.png", "rgba8.png", "gray16.png", "palette.png", "interlaced.png", "bilevel.png",
        "small:gray1", "small:gray2-interlaced", "small:rgb16-trns", "small:gray-alpha16",
        "image.bmp", "small:bmp8", "small:bmp32-bitfields",
        "image.pgm", "image.ppm", "small:p3",
    ];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mutants_decode_or_throw_image_format_exception(string seedName)
    {
        var original = LoadSeed(seedName);
        ImageDecoder.Decode(original, seedName, SmallLimit); // the unmutated seed must decode
        var random = new Random(HashCode(seedName));
        int decoded = 0, rejected = 0;
        for (int i = 0; i < MutantsPerSeed; i++)
        {
            var mutant = Mutate(original, random);
            try
            {
                ImageDecoder.Decode(mutant, seedName, SmallLimit);
                decoded++;
            }
            catch (ImageFormatException e) when (e.InnerException is null or InvalidDataException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"{seedName} mutant {i} ({mutant.Length} bytes) threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }
        Assert.True(rejected > 0, "no mutant was rejected: the mutations are too weak");
        Assert.True(decoded > 0, "no mutant decoded: the mutations never get past the first check");
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var data = (byte[])original.Clone();
        int kind = random.Next(5);
        switch (kind)
        {
            case 0: // bit flips
                for (int n = random.Next(1, 9); n > 0; n--)
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                break;
            case 1: // byte overwrites, biased toward the header
                for (int n = random.Next(1, 5); n > 0; n--)
                {
                    int at = random.Next(2) == 0 ? random.Next(Math.Min(64, data.Length)) : random.Next(data.Length);
                    data[at] = random.Next(2) == 0 ? InterestingBytes[random.Next(InterestingBytes.Length)] : (byte)random.Next(256);
                }
                break;
            case 2: // truncation
                return data[..random.Next(data.Length)];
            case 3: // a 32-bit field overwritten: chunk lengths in PNG, header words in BMP/PNM
                int field = PngDecoder.IsPng(data) ? RandomChunkStart(data, random) : random.Next(Math.Max(1, Math.Min(60, data.Length - 4)));
                BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(field), InterestingWords[random.Next(InterestingWords.Length)]);
                break;
            default: // a header word set to a random small or huge value
                int word = random.Next(Math.Max(1, Math.Min(40, data.Length - 4)));
                BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(word), (uint)random.Next(int.MinValue, int.MaxValue));
                break;
        }
        if (PngDecoder.IsPng(data) && random.Next(2) == 0)
            RepairCrcs(data);
        return data;
    }

    private static int RandomChunkStart(byte[] png, Random random)
    {
        var starts = ChunkStarts(png);
        return starts.Count == 0 ? 8 : starts[random.Next(starts.Count)];
    }

    private static List<int> ChunkStarts(byte[] png)
    {
        var starts = new List<int>();
        for (long pos = 8; pos + 12 <= png.Length;)
        {
            starts.Add((int)pos);
            pos += 12L + BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan((int)pos));
        }
        return starts;
    }

    private static void RepairCrcs(byte[] png)
    {
        foreach (int start in ChunkStarts(png))
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(start));
            if (start + 12 + length > png.Length)
                break;
            uint crc = PngBuilder.Crc(png.AsSpan(start + 4, 4 + (int)length));
            BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(start + 8 + (int)length), crc);
        }
    }

    private static byte[] LoadSeed(string name)
    {
        if (!name.StartsWith("small:", StringComparison.Ordinal))
            return File.ReadAllBytes(CodecCorpus.PathOf(name));
        var noise = new byte[4096];
        new Random(7).NextBytes(noise);
        return name["small:".Length..] switch
        {
            "gray1" => PngBuilder.Simple(PngBuilder.Ihdr(13, 5, 1, 0), Rows(5, 2, noise, filter: 4)),
            "gray2-interlaced" => PngBuilder.Simple(PngBuilder.Ihdr(9, 9, 2, 0, interlace: 1), InterlacedRows(9, 9, 2, noise)),
            "rgb16-trns" => PngBuilder.Simple(PngBuilder.Ihdr(6, 4, 16, 2), Rows(4, 36, noise, filter: 3), ("tRNS", noise[..6])),
            "gray-alpha16" => PngBuilder.Simple(PngBuilder.Ihdr(5, 5, 16, 4), Rows(5, 20, noise, filter: 1)),
            "bmp8" => BmpBuilder.Build(7, -3, 8, [noise[..7], noise[7..14], noise[14..21]], paletteBgrx: noise[..1024]),
            "bmp32-bitfields" => BmpBuilder.Build(3, 2, 32, [noise[..12], noise[12..24]], compression: 3,
                masks: [0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000]),
            "p3" => "P3\n# tiny\n3 2\n1000\n1 2 3 4 5 6 7 8 9\n10 11 12 13 14 15 999 0 1000\n"u8.ToArray(),
            _ => throw new ArgumentException(name),
        };
    }

    private static byte[] Rows(int rows, int rowBytes, byte[] noise, int filter)
    {
        var raw = new byte[rows * (rowBytes + 1)];
        for (int r = 0; r < rows; r++)
        {
            raw[r * (rowBytes + 1)] = (byte)filter;
            noise.AsSpan(r * rowBytes, rowBytes).CopyTo(raw.AsSpan(r * (rowBytes + 1) + 1));
        }
        return raw;
    }

    private static byte[] InterlacedRows(int width, int height, int bitDepth, byte[] noise)
    {
        (int X0, int Y0, int DX, int DY)[] grid = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];
        var raw = new List<byte>();
        int n = 0;
        foreach (var (x0, y0, dx, dy) in grid)
        {
            int w = width > x0 ? (width - x0 + dx - 1) / dx : 0, h = height > y0 ? (height - y0 + dy - 1) / dy : 0;
            if (w == 0 || h == 0)
                continue;
            for (int r = 0; r < h; r++)
            {
                raw.Add((byte)(r % 5));
                for (int b = 0; b < (w * bitDepth + 7) / 8; b++)
                    raw.Add(noise[n++]);
            }
        }
        return [.. raw];
    }

    private static int HashCode(string text) => text.Aggregate(17, (h, c) => unchecked(h * 31 + c));
}
