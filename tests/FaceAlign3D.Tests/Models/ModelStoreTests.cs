using FaceAlign3D.Formats;
using FaceAlign3D.Models;

namespace FaceAlign3D.Tests.Models;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public sealed class ModelStoreTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("facealign3d-models-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Theory]
    [InlineData("tddfa-mb05")]
    [InlineData("faceboxes")]
    [InlineData("ultralight-rfb-320")]
    [InlineData("ultralight-rfb-640")]
    [InlineData("bfm-3ddfa-v2")]
    [InlineData("ict-facekit")]
    public void Manifest_checksums_match_the_shared_models(string id)
    {
        var model = new ModelStore([SharedData.PathOf("models")]).Resolve(id);
        Assert.All(model.Entry.Files, f => Assert.True(File.Exists(model.PathOf(f.FileName))));
    }

    [Fact]
    public void Manifest_ids_are_unique_and_complete()
    {
        var ids = ModelManifest.All.Select(m => m.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equivalent(new[] { "tddfa-mb05", "facealign-mb05-ft", "faceboxes", "ultralight-rfb-320", "ultralight-rfb-640", "bfm-3ddfa-v2", "ict-facekit", "mediapipe-face-mesh-npm" }, ids);
        Assert.All(ModelManifest.All, m =>
        {
            Assert.NotEmpty(m.Licence);
            Assert.NotEmpty(m.Source);
            Assert.All(m.Files, f => Assert.Matches("^[0-9a-f]{64}$", f.Sha256));
        });
        Assert.Throws<ArgumentException>(() => ModelManifest.Get("no-such-model"));
    }

    [Fact]
    public void First_folder_holding_all_files_wins()
    {
        var entry = TestEntry("one.bin", [1, 2, 3]);
        string a = Path.Combine(_temp, "a"), b = Path.Combine(_temp, "b"), c = Path.Combine(_temp, "c");
        Write(b, "test/one.bin", [1, 2, 3]);
        Write(c, "test/one.bin", [1, 2, 3]);
        var model = new ModelStore([a, b, c]).Resolve(entry);
        Assert.Equal(b, model.Folder);
        Assert.Equal(Path.Combine(b, "test", "one.bin"), model.PathOf("one.bin"));
    }

    [Fact]
    public void Missing_model_names_the_model_the_places_and_the_remedy()
    {
        var entry = TestEntry("one.bin", [1]);
        string existing = Path.Combine(_temp, "exists");
        Directory.CreateDirectory(existing);
        string absent = Path.Combine(_temp, "absent");
        var e = Assert.Throws<ModelNotFoundException>(() => new ModelStore([existing, absent]).Resolve(entry));
        Assert.Equal("test-model", e.ModelId);
        Assert.Contains("test/one.bin", e.Message);
        Assert.Contains(existing, e.Message);
        Assert.Contains(absent + " (does not exist)", e.Message);
        Assert.Contains("put it there", e.Message);
    }

    [Fact]
    public void Corrupt_files_fail_the_checksum()
    {
        var entry = TestEntry("one.bin", [1, 2, 3]);
        Write(_temp, "test/one.bin", [1, 2, 4]);
        var e = Assert.Throws<ModelFormatException>(() => new ModelStore([_temp]).Resolve(entry));
        Assert.Contains("SHA-256", e.Message);
        Write(_temp, "test/one.bin", [1, 2]);
        Assert.Contains("size is 2 bytes", Assert.Throws<ModelFormatException>(() => new ModelStore([_temp]).Resolve(entry)).Message);
        Assert.Equal(_temp, new ModelStore([_temp]).Resolve(entry, verifyChecksums: false).Folder);
    }

    [Fact]
    public void Default_search_order_is_environment_then_user_folder_then_current_directory_then_repository()
    {
        string repo = Path.Combine(_temp, "repo"), app = Path.Combine(repo, "src", "bin");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(repo, "FaceAlign3D.sln"), "");
        string cwd = Path.Combine(_temp, "work");
        var folders = ModelStore.DefaultSearchFolders("/env/models", cwd, app, "/home/user/.local/share/FaceAlign3D/models");
        // ../shared/models of the current directory and of the repository are the same folder here: listed once.
        Assert.Equal(
        [
            Path.GetFullPath("/env/models"),
            Path.GetFullPath("/home/user/.local/share/FaceAlign3D/models"),
            Path.Combine(cwd, "models"),
            Path.Combine(_temp, "shared", "models"),
            Path.Combine(repo, "models"),
            Path.Combine(app, "models"),
            Path.Combine(repo, "src", "shared", "models"),
        ], folders);
        Assert.Equal(Path.Combine(cwd, "models"), ModelStore.DefaultSearchFolders(null, cwd, "/")[0]);
    }

    private static ModelEntry TestEntry(string name, byte[] content) =>
        new("test-model", "test", "none", "test", [new ModelFile("test/" + name, FileChecksum.Sha256(content), content.Length)], "put it there");

    private static void Write(string root, string relative, byte[] content)
    {
        string path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }
}
