using System.Runtime.CompilerServices;
using System.Text.Json;
using FaceAlign3D.Export;
using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Tests.Architecture;

namespace FaceAlign3D.Tests;

/// <summary>The library example of README.md, word for word, compiled here and run on a sample photo.</summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class ReadmeExampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-readme-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TheExampleAnalysesFitsAndWritesJson()
    {
        string photo = SharedData.PathOf("data", "samples", "obama_small.jpg"), json = Path.Combine(_dir, "photo.json");
        // README:begin
        using var toolkit = FaceToolkit.Open(ModelStore.CreateDefault());
        var analysis = toolkit.Analyze(photo);
        var fits = toolkit.Fit(Path.GetFileName(photo), analysis);
        AlignmentJsonWriter.Write(json, Path.GetFileName(photo), analysis, toolkit.DetectorName, toolkit.AlignerName);
        Console.WriteLine($"{analysis.Faces.Count} faces; ICT fit of the first: {fits[0].Result.Views[0].RmsError:0.0} px RMS");
        // README:end
        Assert.Single(fits);
        Assert.InRange(fits[0].Result.Views[0].RmsError, 0, 5);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(1, doc.RootElement.GetProperty("faces").GetArrayLength());
    }

    [Fact]
    public void TheReadmeShowsTheCodeThisTestRuns()
    {
        string readme = File.ReadAllText(Path.Combine(NamespaceDependencies.RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        int start = readme.IndexOf("```csharp\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no csharp block");
        start += "```csharp\n".Length;
        string shown = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        Assert.Equal(RegionOfThisFile(), shown);
    }

    private static string RegionOfThisFile([CallerFilePath] string path = "")
    {
        var lines = File.ReadAllLines(path);
        int begin = Array.FindIndex(lines, l => l.Trim() == "// README:begin"), end = Array.FindIndex(lines, l => l.Trim() == "// README:end");
        return string.Concat(lines[(begin + 1)..end].Select(l => l.Trim() + "\n"));
    }
}
