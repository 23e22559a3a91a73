using FaceAlign3D.Formats;
using FaceAlign3D.Models;
using FaceAlign3D.Tests.Cli;

namespace FaceAlign3D.Tests.Models;

/// <summary>`models add`: a user's copy of a model file lands at its manifest path only when size and SHA-256 match.</summary>
public sealed class ModelRegistrationTests : IDisposable
{
    private readonly CliRunner _cli = CliRunner.WithModels(SharedData.PathOf("models"));

    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-register-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_matching_file_lands_at_its_manifest_path_and_the_model_resolves_there()
    {
        var file = ModelRegistration.Add("tddfa-mb05", SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.onnx"), _dir);
        Assert.Equal("tddfa_v2/mb05_120x120.onnx", file.Path);
        Assert.Equal(_dir, new ModelStore([_dir]).Resolve("tddfa-mb05").Folder);
        Assert.Empty(Directory.GetFiles(_dir, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_file_of_another_model_or_a_changed_copy_is_refused_and_nothing_is_written()
    {
        string models = Path.Combine(_dir, "models");
        var other = Assert.Throws<ModelFormatException>(() =>
            ModelRegistration.Add("tddfa-mb05", SharedData.PathOf("models", "tddfa_v2", "faceboxes_prod.onnx"), models));
        Assert.Contains("4b0546e2fd13567917956efa8658b6d71fcae0f9c127fbbeb66c64bd341a9c6a", other.Message);

        string changed = Path.Combine(_dir, "mb05_120x120.onnx");
        var bytes = File.ReadAllBytes(SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.onnx"));
        bytes[100] ^= 1;
        File.WriteAllBytes(changed, bytes);
        Assert.Throws<ModelFormatException>(() => ModelRegistration.Add("tddfa-mb05", changed, models));
        Assert.False(Directory.Exists(models));
        Assert.Throws<ArgumentException>(() => ModelRegistration.Add("no-such-model", changed, models));
    }

    [Fact]
    public void Cli_add_reports_what_the_model_still_lacks_and_refuses_bad_files_in_one_line()
    {
        var (code, error) = _cli.Run("models", "add", "ict-facekit", SharedData.PathOf("models", "ict_facekit", "ict_face_model.json"), "--into", _dir);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.True(File.Exists(Path.Combine(_dir, "ict_facekit", "ict_face_model.json")));

        (code, error) = _cli.Run("models", "add", "ict-facekit", SharedData.PathOf("models", "tddfa_v2", "mb05_120x120.onnx"), "--into", _dir);
        Assert.Equal(2, code);
        Assert.Contains("is not a file of 'ict-facekit'", error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
