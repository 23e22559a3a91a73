using System.Buffers.Binary;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs.Jpeg;

namespace FaceAlign3D.Tests.Imaging.Codecs.Jpeg;

/// <summary>
/// Seeded mutation fuzzing of every corpus and sample JPEG: any exception other than
/// <see cref="ImageFormatException"/>, or a decode that does not return, is a bug.
/// </summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class JpegFuzzTests
{
    private const int Seed = 20261121;

    /// <summary>Mutations of each small corpus file; the larger sample photos get a budget of decoded pixels instead.</summary>
    private const int CorpusMutationsPerFile = 300;
    private const long SamplePixelBudget = 4_000_000;
    private const int MinMutationsPerFile = 4;
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(90);

    private static IEnumerable<(string Path, bool Corpus)> Files() =>
        Directory.GetFiles(SharedData.PathOf("data", "codec_corpus"), "*.jpg").Order(StringComparer.Ordinal).Select(p => (p, true))
            .Concat(Directory.GetFiles(SharedData.PathOf("data", "samples"), "*.jpg").Order(StringComparer.Ordinal).Select(p => (p, false)));

    [Fact]
    public async Task MutatedFilesFailOnlyWithImageFormatException()
    {
        var failures = new List<string>();
        int mutations = 0;
        var run = Task.Run(() =>
        {
            var random = new Random(Seed);
            var options = new DecodeOptions { MaxPixels = 8_000_000 };
            foreach (var (path, corpus) in Files())
            {
                var original = File.ReadAllBytes(path);
                var reference = JpegDecoder.Decode(original, path, options);
                int count = corpus ? CorpusMutationsPerFile
                    : (int)Math.Clamp(SamplePixelBudget / reference.PixelCount, MinMutationsPerFile, CorpusMutationsPerFile);
                for (int i = 0; i < count; i++)
                {
                    var (mutant, description) = Mutate(original, random);
                    mutations++;
                    try
                    {
                        JpegDecoder.Decode(mutant, path, options);
                    }
                    catch (ImageFormatException)
                    {
                    }
                    catch (Exception e)
                    {
                        lock (failures)
                            failures.Add($"{Path.GetFileName(path)} #{i} ({description}): {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                    }
                }
            }
        });
        var finished = await Task.WhenAny(run, Task.Delay(HangLimit));
        Assert.True(finished == run, $"fuzzing did not finish within {HangLimit} (hang?) after {mutations} mutations");
        await run;
        Assert.True(mutations >= 3000, $"only {mutations} mutations ran");
        Assert.True(failures.Count == 0, $"{failures.Count} of {mutations} mutants escaped with the wrong exception:\n" +
            string.Join("\n", failures.Take(5)));
    }

    private static (byte[] Data, string Description) Mutate(byte[] original, Random random)
    {
        var data = (byte[])original.Clone();
        int headerEnd = HeaderEnd(original);
        switch (random.Next(5))
        {
            case 0:
            {
                int flips = random.Next(1, 5);
                for (int k = 0; k < flips; k++)
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                return (data, $"{flips} bit flips");
            }
            case 1:
            {
                int writes = random.Next(1, 5);
                for (int k = 0; k < writes; k++)
                    data[random.Next(data.Length)] = random.Next(4) == 0 ? (byte)0xFF : (byte)random.Next(256);
                return (data, $"{writes} byte overwrites");
            }
            case 2:
            {
                int length = random.Next(data.Length);
                return (data[..length], $"truncated to {length}");
            }
            case 3:
            {
                var segments = JpegTestFiles.Segments(original);
                var (marker, offset, length) = segments[random.Next(segments.Count)];
                int corrupted = random.Next(3) switch
                {
                    0 => random.Next(0x10000),
                    1 => Math.Clamp(length + random.Next(-8, 9), 0, 0xFFFF),
                    _ => random.Next(4),
                };
                BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(offset + 2), (ushort)corrupted);
                return (data, $"length of marker 0x{marker:X2} at {offset}: {length} -> {corrupted}");
            }
            default:
            {
                // Header bytes drive the parser's decisions (sizes, factors, tables, scan parameters).
                int writes = random.Next(1, 4);
                for (int k = 0; k < writes; k++)
                    data[random.Next(2, headerEnd)] = (byte)random.Next(256);
                return (data, $"{writes} header byte overwrites");
            }
        }
    }

    /// <summary>Offset just past the first SOS header.</summary>
    private static int HeaderEnd(byte[] jpeg)
    {
        var sos = JpegTestFiles.Segments(jpeg).Last();
        return Math.Min(jpeg.Length, sos.Offset + 2 + sos.Length);
    }
}
