using System.Text;
using System.Text.RegularExpressions;

namespace FaceAlign3D.Tests.Architecture;

/// <summary>
/// Which rooms (top-level namespaces of src/FaceAlign3D) each room's source names, read from its using directives
/// and fully qualified names, and the matrix of it as docs/architecture.md prints it.
/// </summary>
public static partial class NamespaceDependencies
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string LibraryFolder => Path.Combine(RepositoryRoot, "src", "FaceAlign3D");

    /// <summary>Room -> the other rooms its files refer to.</summary>
    public static SortedDictionary<string, SortedSet<string>> Scan()
    {
        var rooms = Directory.GetDirectories(LibraryFolder).Select(Path.GetFileName).Where(r => r is not ("bin" or "obj")).Select(r => r!).ToHashSet();
        var result = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var room in rooms)
            result[room] = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(LibraryFolder, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(LibraryFolder, file);
            string room = relative.Split(Path.DirectorySeparatorChar)[0];
            if (!rooms.Contains(room))
                continue;
            foreach (Match m in Reference().Matches(File.ReadAllText(file)))
            {
                string target = m.Groups[1].Value;
                if (target != room && rooms.Contains(target))
                    result[room].Add(target);
            }
        }
        return result;
    }

    /// <summary>The matrix as a Markdown table: a row per room, an x under each room it depends on.</summary>
    public static string Matrix(SortedDictionary<string, SortedSet<string>> dependencies)
    {
        var rooms = dependencies.Keys.ToList();
        var text = new StringBuilder();
        text.Append("| depends on → |").Append(string.Concat(rooms.Select(r => $" {r} |"))).Append('\n');
        text.Append("|---|").Append(string.Concat(rooms.Select(_ => "---|"))).Append('\n');
        foreach (var room in rooms)
            text.Append($"| **{room}** |").Append(string.Concat(rooms.Select(r => dependencies[room].Contains(r) ? " x |" : " |"))).Append('\n');
        return text.ToString();
    }

    [GeneratedRegex(@"\bFaceAlign3D\.(\w+)")]
    private static partial Regex Reference();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FaceAlign3D.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("the repository root (FaceAlign3D.sln) is not above the test binaries");
    }
}
