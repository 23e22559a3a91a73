namespace FaceAlign3D.Tests;

/// <summary>Locates the read-only ../shared folder (models, data, references) beside the repository.</summary>
public static class SharedData
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("FACEALIGN3D_SHARED");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
            return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "models")) && Directory.Exists(Path.Combine(candidate, "reference")))
                return candidate;
        }
        throw new DirectoryNotFoundException("../shared (models, data, references) was not found beside the repository; set FACEALIGN3D_SHARED");
    }
}
