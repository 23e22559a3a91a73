using FaceAlign3D.Pipeline.Batches;

namespace FaceAlign3D.Tests.Pipeline;

public sealed class BatchLedgerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-ledger-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_line_cut_short_by_a_kill_is_dropped_and_its_item_redone()
    {
        string path = Path.Combine(_dir, "ledger.jsonl");
        using (var ledger = BatchLedger.Open(path, "settings", resume: false, out _))
        {
            ledger.Append(new BatchEntry("a", "in/a.png", 1, null));
            ledger.Append(new BatchEntry("b", "in/b.png", 0, "truncated PNG"));
        }
        File.AppendAllText(path, "{\"Stem\":\"c\",\"Inp");

        using (var resumed = BatchLedger.Open(path, "settings", resume: true, out var finished))
        {
            Assert.Equal(["a", "b"], finished.Keys.Order());
            Assert.Equal("truncated PNG", finished["b"].Error);
            resumed.Append(new BatchEntry("c", "in/c.png", 2, null));
        }
        BatchLedger.Open(path, "settings", resume: true, out var after).Dispose();
        Assert.Equal(["a", "b", "c"], after.Keys.Order());
        Assert.Equal(2, after["c"].Faces);
    }

    [Fact]
    public void Resuming_under_other_settings_is_refused_and_a_new_run_starts_over()
    {
        string path = Path.Combine(_dir, "ledger.jsonl");
        using (var ledger = BatchLedger.Open(path, "json tddfa", resume: false, out _))
            ledger.Append(new BatchEntry("a", "in/a.png", 1, null));
        var e = Assert.Throws<ArgumentException>(() => BatchLedger.Open(path, "json mediapipe", resume: true, out _));
        Assert.Contains("other settings", e.Message);
        BatchLedger.Open(path, "json mediapipe", resume: false, out var fresh).Dispose();
        Assert.Empty(fresh);
        BatchLedger.Open(path, "json mediapipe", resume: true, out var empty).Dispose();
        Assert.Empty(empty);
    }
}
