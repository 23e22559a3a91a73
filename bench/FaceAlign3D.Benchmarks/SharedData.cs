namespace FaceAlign3D.Benchmarks;

/// <summary>Locates the read-only ../shared folder (models, data): FACEALIGN3D_SHARED, or a 'shared' folder above the working binaries.</summary>
internal static class SharedData
{
    public static string Root()
    {
        var env = Environment.GetEnvironmentVariable("FACEALIGN3D_SHARED");
        if (!string.IsNullOrEmpty(env))
            return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "shared", "models")))
                return Path.Combine(dir.FullName, "shared");
        throw new DirectoryNotFoundException("../shared was not found; set FACEALIGN3D_SHARED");
    }
}
