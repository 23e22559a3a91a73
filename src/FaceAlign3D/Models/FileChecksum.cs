using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace FaceAlign3D.Models;

/// <summary>SHA-256 of files, remembered per path, size and modification time so each model file is hashed once per process.</summary>
internal static class FileChecksum
{
    private static readonly ConcurrentDictionary<(string Path, long Size, DateTime Modified), string> Cache = new();

    public static string Sha256(string path)
    {
        var info = new FileInfo(path);
        var key = (info.FullName, info.Length, info.LastWriteTimeUtc);
        return Cache.GetOrAdd(key, static k =>
        {
            using var stream = File.OpenRead(k.Path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        });
    }

    public static string Sha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
