using FaceAlign3D.Formats;

namespace FaceAlign3D.Models;

/// <summary>A model whose files were all found in one models folder.</summary>
public sealed record ResolvedModel(ModelEntry Entry, string Folder)
{
    /// <summary>Full path of one of the model's files, by file name or manifest path.</summary>
    public string PathOf(string fileName) => Path.Combine(Folder, Entry.File(fileName).Path.Replace('/', Path.DirectorySeparatorChar));
}

/// <summary>
/// Finds model files by manifest id. Folders are searched in order: the folder named by FACEALIGN3D_MODELS,
/// the per-user folder (<see cref="UserFolder"/>, where `facealign models add` registers files), ./models, ../shared/models (both relative to the current directory), then models/ and ../shared/models
/// relative to the repository root, then the same two relative to the application folder. A model resolves to
/// the first folder holding all its files; the files' sizes and SHA-256 are checked against the manifest.
/// </summary>
public sealed class ModelStore(IReadOnlyList<string> searchFolders)
{
    public const string EnvironmentVariable = "FACEALIGN3D_MODELS";

    /// <summary>The folders searched, in order (they may not exist).</summary>
    public IReadOnlyList<string> SearchFolders { get; } = searchFolders;

    /// <summary>The store with the default search order for this process.</summary>
    public static ModelStore CreateDefault() => new(DefaultSearchFolders(
        Environment.GetEnvironmentVariable(EnvironmentVariable), Directory.GetCurrentDirectory(), AppContext.BaseDirectory, UserFolder));

    /// <summary>
    /// The per-user models folder: FaceAlign3D/models under the local application data folder
    /// (~/.local/share or $XDG_DATA_HOME on Linux, %LOCALAPPDATA% on Windows); null when the platform has none.
    /// </summary>
    public static string? UserFolder
    {
        get
        {
            string data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return string.IsNullOrEmpty(data) ? null : Path.Combine(data, "FaceAlign3D", "models");
        }
    }

    public static IReadOnlyList<string> DefaultSearchFolders(string? environmentFolder, string currentDirectory, string appBaseDirectory, string? userFolder = null)
    {
        var folders = new List<string>();
        if (!string.IsNullOrWhiteSpace(environmentFolder))
            folders.Add(environmentFolder);
        if (!string.IsNullOrWhiteSpace(userFolder))
            folders.Add(userFolder);
        folders.Add(Path.Combine(currentDirectory, "models"));
        folders.Add(Path.Combine(currentDirectory, "..", "shared", "models"));
        if (FindRepositoryRoot(appBaseDirectory) is { } root)
        {
            folders.Add(Path.Combine(root, "models"));
            folders.Add(Path.Combine(root, "..", "shared", "models"));
        }
        folders.Add(Path.Combine(appBaseDirectory, "models"));
        folders.Add(Path.Combine(appBaseDirectory, "..", "shared", "models"));
        return folders.Select(Path.GetFullPath).Distinct().ToList();
    }

    /// <summary>The nearest ancestor of <paramref name="start"/> holding FaceAlign3D.sln, or null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FaceAlign3D.sln")))
                return dir.FullName;
        return null;
    }

    /// <summary>Full path of one model file, after resolving (and by default verifying) its whole model.</summary>
    public string PathOf(ModelFileId file, bool verifyChecksums = true) => Resolve(file.ModelId, verifyChecksums).PathOf(file.Path);

    public ResolvedModel Resolve(string modelId, bool verifyChecksums = true) => Resolve(ModelManifest.Get(modelId), verifyChecksums);

    public ResolvedModel Resolve(ModelEntry entry, bool verifyChecksums = true)
    {
        foreach (var folder in SearchFolders)
        {
            if (!entry.Files.All(f => File.Exists(Path.Combine(folder, f.Path))))
                continue;
            var model = new ResolvedModel(entry, folder);
            if (verifyChecksums)
                foreach (var file in entry.Files)
                    Verify(model.PathOf(file.Path), file);
            return model;
        }
        var looked = SearchFolders.Select(f => Directory.Exists(f) ? f : f + " (does not exist)").ToList();
        throw new ModelNotFoundException(entry.Id, entry.Files.Select(f => f.Path).ToList(), looked, entry.HowToGet);
    }

    /// <summary>Checks a file's size and SHA-256 against the manifest.</summary>
    public static void Verify(string path, ModelFile expected)
    {
        long size = new FileInfo(path).Length;
        if (size != expected.Size)
            throw new ModelFormatException(path, $"size is {size} bytes, the manifest expects {expected.Size}: the file is truncated or a different version; fetch it again");
        string sha = FileChecksum.Sha256(path);
        if (!string.Equals(sha, expected.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new ModelFormatException(path, $"SHA-256 is {sha}, the manifest expects {expected.Sha256}: the file is corrupt or a different version; fetch it again");
    }
}
