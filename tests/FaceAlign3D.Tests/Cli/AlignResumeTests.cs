using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Tests.Cli;

/// <summary>
/// Kills `facealign align` (a separate process, SIGKILL) at random points of a folder of generated photos, resumes
/// it, and compares every file with an uninterrupted run: identical, none missing, none duplicated.
/// The folder has 200 images (200x200 windows of a sample photo, shifted and brightened differently, aligned in a
/// given box so that the run is short); scripts/resume-check.sh runs it on 500 (FACEALIGN3D_RESUME_IMAGES).
/// </summary>
[Collection(ProcessKillCollection.Name)]
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class AlignResumeTests : IDisposable
{
    private static readonly int Images = int.TryParse(System.Environment.GetEnvironmentVariable("FACEALIGN3D_RESUME_IMAGES"), out int n) && n > 0 ? n : 200;
    private static readonly string[] Format = ["--roi", "40,30,160,170", "--format", "json,csv,parquet", "--threads", "2", "--shard-size", "200"];

    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-resume-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_batch_killed_at_random_points_and_resumed_equals_an_uninterrupted_run()
    {
        string input = Path.Combine(_dir, "in");
        GeneratePhotos(input);
        string reference = Path.Combine(_dir, "reference");
        var whole = RunAlign(input, reference, resume: false);
        Assert.Equal(0, whole.ExitCode);
        var expected = OutputFiles(reference);
        Assert.Equal(Images + 1 + (Images + 199) / 200, expected.Count); // one JSON per image, summary.csv, a Parquet file per 200 images

        foreach (int seed in new[] { 1, 2, 3 })
        {
            string output = Path.Combine(_dir, $"killed{seed}");
            // Kill after a random number of finished images (and a random few milliseconds more), twice per seed.
            int kills = KilledCli.KillTwice(seed, Images, resume => Arguments(input, output, resume), output, 30);
            Assert.True(kills > 0, $"seed {seed}: every run finished before it could be killed");
            Assert.Equal(0, RunAlign(input, output, resume: true).ExitCode);

            var actual = OutputFiles(output);
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (name, bytes) in expected)
                Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"seed {seed}: {name} differs from the uninterrupted run");
            var entries = KilledCli.LedgerStems(output);
            Assert.Equal(Images, entries.Count);
            Assert.Equal(Images, entries.Distinct().Count());
        }
    }

    private static ExternalProcess.Result RunAlign(string input, string output, bool resume) => KilledCli.Run(Arguments(input, output, resume));

    private static string[] Arguments(string input, string output, bool resume) =>
        ["align", input, "--output", output, .. Format, .. resume ? ["--resume"] : Array.Empty<string>()];

    /// <summary>Every output file outside the batch's own state, by name.</summary>
    private static Dictionary<string, byte[]> OutputFiles(string folder) =>
        Directory.EnumerateFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    private static void GeneratePhotos(string folder)
    {
        Directory.CreateDirectory(folder);
        var photo = FaceToolkit.LoadImage(SharedData.PathOf("data", "samples", "obama_small.jpg"));
        const int size = 200;
        for (int i = 0; i < Images; i++)
        {
            int dx = i % 11 * (photo.Width - size) / 10, dy = i / 11 % 5 * (photo.Height - size) / 4, lift = i / 55 * 6;
            var window = new Image(size, size, PixelFormat.Rgb8);
            for (int y = 0; y < size; y++)
            {
                var source = photo.Row(y + dy).Slice(3 * dx, 3 * size);
                var target = window.Row(y);
                for (int k = 0; k < target.Length; k++)
                    target[k] = (byte)Math.Min(255, source[k] + lift);
            }
            ImageEncoder.SavePng(window, Path.Combine(folder, $"photo{i:000}.png"));
        }
    }
}
