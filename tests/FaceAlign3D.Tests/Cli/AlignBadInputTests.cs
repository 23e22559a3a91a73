using System.Buffers.Binary;
using System.Text.Json;
using FaceAlign3D.Cli;
using FaceAlign3D.Models;

namespace FaceAlign3D.Tests.Cli;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class AlignBadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-align-bad-").FullName;

    private readonly CliRunner _cli = CliRunner.WithModels(SharedData.PathOf("models"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("-500,-500,-100,-100")]
    [InlineData("300,200,900,800")]
    public async Task A_box_partly_or_wholly_outside_the_image_is_aligned_on_zero_padding(string roi)
    {
        string output = Path.Combine(_dir, "out");
        int code = await _cli.RunAsync(["align", SharedData.PathOf("data", "samples", "obama_small.jpg"), "--roi", roi, "--output", output, "--format", "json,png"]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "obama_small.json")));
        var face = json.RootElement.GetProperty("faces").EnumerateArray().Single();
        Assert.All(face.GetProperty("landmarks68").EnumerateArray(), p => Assert.True(double.IsFinite(p[0].GetDouble()) && double.IsFinite(p[1].GetDouble())));
    }

    [Fact]
    public void A_header_claiming_a_huge_image_fails_that_input_quickly()
    {
        // A PNG signature and IHDR claiming 100000 x 100000 pixels, over the 200-megapixel default limit.
        var png = new byte[8 + 25];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(8), 13);
        "IHDR"u8.CopyTo(png.AsSpan(12));
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 100_000);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 100_000);
        (png[24], png[25]) = (8, 2);
        string input = Path.Combine(_dir, "huge.png");
        File.WriteAllBytes(input, png);
        var (code, error) = _cli.Run("align", input, "--output", Path.Combine(_dir, "out"), "--format", "json");
        Assert.Equal(1, code);
        Assert.Contains("huge.png", error);
    }
}
