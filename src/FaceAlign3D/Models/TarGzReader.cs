using System.Formats.Tar;
using System.IO.Compression;
using FaceAlign3D.Formats;

namespace FaceAlign3D.Models;

/// <summary>
/// Reads chosen regular files out of a gzip-compressed tar (an npm package tarball) into memory. Nothing is
/// written to disk by entry name, so hostile names cannot escape a folder; sizes are capped.
/// </summary>
internal static class TarGzReader
{
    public const long DefaultMaxEntryBytes = 256L << 20;

    /// <summary>
    /// The contents of the entries whose names are in <paramref name="wanted"/> (names as stored, e.g.
    /// "package/face_mesh.js"). Missing entries are simply absent from the result.
    /// </summary>
    public static Dictionary<string, byte[]> ReadEntries(Stream tarGz, IReadOnlySet<string> wanted, string archiveName, long maxEntryBytes = DefaultMaxEntryBytes)
    {
        var result = new Dictionary<string, byte[]>();
        try
        {
            using var gzip = new GZipStream(tarGz, CompressionMode.Decompress, leaveOpen: true);
            using var reader = new TarReader(gzip);
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !wanted.Contains(entry.Name))
                    continue;
                if (entry.Length > maxEntryBytes)
                    throw new ModelFormatException(archiveName, $"entry '{entry.Name}' is {entry.Length} bytes, more than the {maxEntryBytes} allowed");
                var data = new byte[entry.Length];
                if (entry.DataStream is not null)
                    entry.DataStream.ReadExactly(data);
                else if (entry.Length > 0)
                    throw new ModelFormatException(archiveName, $"entry '{entry.Name}' has no data");
                result[entry.Name] = data;
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new ModelFormatException(archiveName, "not a valid .tar.gz: " + e.Message, e);
        }
        return result;
    }
}
