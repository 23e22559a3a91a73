using FaceAlign3D.Fuzz;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs.Png;

namespace FaceAlign3D.Tests.Fuzz;

/// <summary>
/// Replays the inputs that coverage-guided fuzzing (scripts/fuzz.sh) found to crash, hang or exhaust memory, through
/// the same targets the fuzzer ran: each must now parse or be rejected with the parser's typed error.
/// </summary>
public class FuzzRegressionTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fuzz", "regressions");

    public static TheoryData<string> Targets() => [.. ParserTargets.All.Select(t => t.Name)];

    [Fact]
    public void Every_regression_input_is_parsed_or_rejected_with_the_typed_error()
    {
        // One folder per target, named as in ParserTargets; an unknown folder name fails in Find.
        string[] inputs = Directory.Exists(Folder) ? [.. Directory.GetFiles(Folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)] : [];
        Assert.All(inputs, file =>
        {
            var parser = ParserTargets.Find(Path.GetFileName(Path.GetDirectoryName(file))!);
            var escaped = Record.Exception(() => { parser.Run(File.ReadAllBytes(file)); });
            Assert.True(escaped is null, $"{parser.Name}/{Path.GetFileName(file)}: {escaped?.GetType().Name}: {escaped?.Message}");
        });
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_seed_file_is_accepted_by_its_parser(string target)
    {
        var parser = ParserTargets.Find(target);
        foreach (var (name, data) in SeedCorpus.For(target))
            Assert.True(parser.Run(data) is null, $"seed {name} was rejected");
    }

    [Fact]
    public void The_png_target_restamps_chunk_crcs_so_mutations_reach_the_decoder()
    {
        var broken = (byte[])SeedCorpus.For("png")[0].Data.Clone();
        broken[^1] ^= 0xFF; // inside the IEND chunk's CRC
        Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(broken, "t.png", new DecodeOptions()));
        Assert.Null(ParserTargets.Find("png").Run(broken));
    }
}
