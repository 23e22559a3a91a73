using FaceAlign3D.Pipeline.Batches;

namespace FaceAlign3D.Tests.Cli;

/// <summary>
/// Kills a `facealign track` batch (a separate process, SIGKILL) at random points, resumes it, and compares every
/// output with an uninterrupted run: identical, none missing, none duplicated. The batch is a manifest of short
/// generated clips (image folders and one video, a 200x200 window drifting over a sample photo) and one missing
/// video, which fails once and is not retried.
/// </summary>
[Collection(ProcessKillCollection.Name)]
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class TrackResumeTests : IDisposable
{
    private const int Clips = 4;
    private const int Frames = 8;
    private const string Missing = "gone.mp4";

    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-track-resume-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_track_batch_killed_at_random_points_and_resumed_equals_an_uninterrupted_run()
    {
        string manifest = Manifest(Path.Combine(_dir, "clips"));
        string reference = Path.Combine(_dir, "reference");
        var whole = KilledCli.Run(Arguments(manifest, reference, resume: false));
        Assert.True(whole.ExitCode == 1, whole.Error);
        Assert.Contains($"{Missing}:", whole.Error);
        var expected = TrackBatchFiles.Outputs(reference);
        Assert.Equal(Clips * 4, expected.Count); // tracks.jsonl, tracks.csv, overlay.mp4 and summary.json per clip
        Assert.Equal(Enumerable.Range(0, Clips).Select(i => $"clip{i}"), Directory.EnumerateDirectories(reference).Select(Path.GetFileName).Where(n => n!.StartsWith("clip")).Order());

        foreach (int seed in new[] { 1, 2, 3 })
        {
            string output = Path.Combine(_dir, $"killed{seed}");
            // Kill after a random number of finished clips and a random part of the next one, twice per seed.
            int kills = KilledCli.KillTwice(seed, Clips, resume => Arguments(manifest, output, resume), output, 400);
            Assert.True(kills > 0, $"seed {seed}: every run finished before it could be killed");
            var resumed = KilledCli.Run(Arguments(manifest, output, resume: true));
            Assert.True(resumed.ExitCode == 1, resumed.Error);

            var actual = TrackBatchFiles.Outputs(output);
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (name, bytes) in expected)
                Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"seed {seed}: {name} differs from the uninterrupted run");
            var entries = KilledCli.LedgerStems(output);
            Assert.Equal(Clips + 1, entries.Count);
            Assert.Equal(Clips + 1, entries.Distinct().Count());
        }
    }

    [Fact]
    public void Resuming_with_other_settings_is_refused()
    {
        string manifest = Manifest(Path.Combine(_dir, "clips"));
        string output = Path.Combine(_dir, "out");
        KilledCli.KillAfter(Arguments(manifest, output, resume: false), output, 0, 0);
        Assert.True(File.Exists(BatchFolder.LedgerPath(output)));
        var refused = KilledCli.Run([.. Arguments(manifest, output, resume: true), "--smooth", "none"]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("other settings", refused.Error);
    }

    private static string[] Arguments(string manifest, string output, bool resume) =>
        ["track", manifest, "--output", output, "--threads", "1", "--detect-every", "4", .. resume ? ["--resume"] : Array.Empty<string>()];

    /// <summary>The clips, with a missing video listed third.</summary>
    private static string Manifest(string folder)
    {
        var lines = TrackBatchFiles.WriteClips(folder, Clips, Frames);
        lines.Insert(2, Missing);
        string manifest = Path.Combine(folder, "clips.txt");
        File.WriteAllLines(manifest, lines);
        return manifest;
    }
}
