namespace FaceAlign3D.Pipeline.Batches;

/// <summary>Files that appear whole or not at all: written under a temporary name, then renamed over the target.</summary>
internal static class AtomicFile
{
    /// <summary>Temporary files carry this suffix; a batch deletes the ones a killed run left behind.</summary>
    public const string TemporarySuffix = ".partial";

    /// <summary>Calls <paramref name="write"/> with a temporary path beside <paramref name="path"/> and renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        string temporary = path + TemporarySuffix;
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
