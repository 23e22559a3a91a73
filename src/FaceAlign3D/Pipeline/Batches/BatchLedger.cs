using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FaceAlign3D.Pipeline.Batches;

/// <summary>One finished item of a batch: its output name, its input, and either its face count or why it failed.</summary>
internal sealed record BatchEntry(string Stem, string Input, int Faces, string? Error);

/// <summary>The first line of a ledger: the settings the batch was started with.</summary>
internal sealed record BatchSettingsLine(string Settings);

/// <summary>
/// The ledger of a batch: a settings line, then one JSON line per finished item, appended and flushed to disk
/// once the item's outputs are in place. A line cut short by a kill does not parse and is ignored, so its item
/// is redone; a resumed run refuses a ledger written under other settings.
/// </summary>
internal sealed class BatchLedger : IDisposable
{
    private readonly FileStream _stream;
    private readonly Lock _lock = new();

    private BatchLedger(FileStream stream) => _stream = stream;

    /// <summary>Opens <paramref name="path"/>; with <paramref name="resume"/>, keeps and returns its entries, otherwise starts it anew.</summary>
    public static BatchLedger Open(string path, string settings, bool resume, out Dictionary<string, BatchEntry> finished)
    {
        finished = new Dictionary<string, BatchEntry>(StringComparer.Ordinal);
        if (resume && File.Exists(path))
        {
            var lines = ReadCompleteLines(path);
            string? started = lines.Count > 0 ? Parse(lines[0], BatchJson.Default.BatchSettingsLine)?.Settings : null;
            if (started is not null && started != settings)
                throw new ArgumentException($"--resume: {path} was started with other settings ({started}); now {settings}");
            foreach (var entry in lines.Skip(1).Select(line => Parse(line, BatchJson.Default.BatchEntry)).OfType<BatchEntry>().Where(e => e.Stem is not null && e.Input is not null))
                finished[entry.Stem] = entry;
            if (started is not null)
            {
                var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
                stream.SetLength(lines.Sum(l => Encoding.UTF8.GetByteCount(l) + 1));
                stream.Seek(0, SeekOrigin.End);
                return new BatchLedger(stream);
            }
        }
        var ledger = new BatchLedger(new FileStream(path, FileMode.Create, FileAccess.Write));
        ledger.AppendLine(JsonSerializer.Serialize(new BatchSettingsLine(settings), BatchJson.Default.BatchSettingsLine));
        foreach (var entry in finished.Values)
            ledger.Append(entry);
        return ledger;
    }

    public void Append(BatchEntry entry) => AppendLine(JsonSerializer.Serialize(entry, BatchJson.Default.BatchEntry));

    public void Dispose() => _stream.Dispose();

    private void AppendLine(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (_lock)
        {
            _stream.Write(bytes);
            _stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>The lines that end with a newline (a last line without one was cut short).</summary>
    private static List<string> ReadCompleteLines(string path)
    {
        string text = File.ReadAllText(path, Encoding.UTF8);
        var lines = text.Split('\n').ToList();
        lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    private static T? Parse<T>(string line, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(line, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
