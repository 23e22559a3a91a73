using System.IO.Compression;
using System.Text.Json;
using FaceAlign3D.Models;
using Xunit.Abstractions;

namespace FaceAlign3D.Tests.Cli;

/// <summary>
/// The packages as a user gets them: `dotnet pack` of the library and the tool, `dotnet tool install` from that
/// folder, then the installed `facealign align` on a sample photo.
/// </summary>
public sealed class ToolPackageTests(ITestOutputHelper output) : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-tool-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Packed_tool_installs_from_a_local_folder_and_aligns_a_photo()
    {
        string root = ModelStore.FindRepositoryRoot(AppContext.BaseDirectory)!;
        string packages = Path.Combine(_dir, "packages");
        // The projects were built by this test run's build; pack what it produced.
        foreach (var project in new[] { "src/FaceAlign3D", "src/FaceAlign3D.OnnxRuntime", "src/FaceAlign3D.Cli" })
            Run("dotnet", ["pack", Path.Combine(root, project), "-c", Configuration, "--no-build", "-o", packages, "--nologo"]);

        foreach (var package in Directory.GetFiles(packages, "*.nupkg"))
        {
            output.WriteLine($"{Path.GetFileName(package)}: {new FileInfo(package).Length / 1024} KiB");
            using var zip = ZipFile.OpenRead(package);
            Assert.DoesNotContain(zip.Entries, e => e.Name.EndsWith(".onnx") || e.Name.EndsWith(".tflite") || e.Name.EndsWith(".safetensors") || e.Name.EndsWith(".pth"));
            string nuspec = new StreamReader(zip.Entries.Single(e => e.Name.EndsWith(".nuspec")).Open()).ReadToEnd();
            Assert.Contains("<license type=\"expression\">", nuspec);
            Assert.Contains("<readme>README.md</readme>", nuspec);
            Assert.Contains("<repository type=\"git\"", nuspec);
            Assert.Contains(zip.Entries, e => e.FullName == "README.md");
        }

        string tools = Path.Combine(_dir, "tools");
        Run("dotnet", ["tool", "install", "facealign", "--tool-path", tools, "--add-source", packages, "--version", "0.1.0"]);
        string facealign = Path.Combine(tools, OperatingSystem.IsWindows() ? "facealign.exe" : "facealign");
        string version = Run(facealign, ["--version"]).Trim();
        Assert.StartsWith("0.1.0", version);

        string outDir = Path.Combine(_dir, "out");
        Run(facealign, ["align", SharedData.PathOf("data", "samples", "emma.jpg"), "--output", outDir, "--format", "json"]);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "emma.json")));
        var faces = json.RootElement.GetProperty("faces").EnumerateArray().ToList();
        Assert.Equal(3, faces.Count);
        Assert.All(faces, f => Assert.Equal(68, f.GetProperty("landmarks68").GetArrayLength()));
    }

    private string Run(string program, string[] arguments)
    {
        var result = ExternalProcess.Run(program, arguments,
            new Dictionary<string, string> { [ModelStore.EnvironmentVariable] = SharedData.PathOf("models") }, _dir);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.Error}{result.Output}");
        return result.Output;
    }
}
