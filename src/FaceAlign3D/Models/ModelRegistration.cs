using FaceAlign3D.Formats;

namespace FaceAlign3D.Models;

/// <summary>
/// Registers a model file the user obtained (3DDFA_V2's networks, the BFM pieces, ICT-FaceKit: weights the packages
/// do not carry) into a models folder: the file must be one of the manifest's files for the model, by size and
/// SHA-256, and lands at its manifest path.
/// </summary>
internal static class ModelRegistration
{
    /// <summary>Copies <paramref name="sourceFile"/> into <paramref name="modelsFolder"/>; returns the manifest file it matched.</summary>
    public static ModelFile Add(string modelId, string sourceFile, string modelsFolder)
    {
        var entry = ModelManifest.Get(modelId);
        if (!File.Exists(sourceFile))
            throw new FileNotFoundException($"{sourceFile}: file not found", sourceFile);
        long size = new FileInfo(sourceFile).Length;
        string sha = FileChecksum.Sha256(sourceFile);
        var match = entry.Files.FirstOrDefault(f => f.Size == size && string.Equals(f.Sha256, sha, StringComparison.OrdinalIgnoreCase))
            ?? throw new ModelFormatException(sourceFile, $"is not a file of '{modelId}' (SHA-256 {sha}, {size} bytes); it expects "
                + string.Join(", ", entry.Files.Select(f => $"{f.FileName} with SHA-256 {f.Sha256} ({f.Size} bytes)")));

        string target = Path.Combine(modelsFolder, match.Path.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // Copy beside the target and verify the copy, so an interrupted copy never sits at the model's path.
        string partial = target + ".partial";
        File.Copy(sourceFile, partial, overwrite: true);
        try
        {
            ModelStore.Verify(partial, match);
            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
        return match;
    }
}
