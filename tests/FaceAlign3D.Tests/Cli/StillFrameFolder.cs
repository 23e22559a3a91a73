namespace FaceAlign3D.Tests.Cli;

/// <summary>A frame folder for `facealign track`: the same still photo of one face, repeated.</summary>
public static class StillFrameFolder
{
    /// <summary>Creates <paramref name="folder"/> with <paramref name="frames"/> copies of obama_small.jpg and returns it.</summary>
    public static string Create(string folder, int frames)
    {
        Directory.CreateDirectory(folder);
        for (int i = 0; i < frames; i++)
            File.Copy(SharedData.PathOf("data", "samples", "obama_small.jpg"), Path.Combine(folder, $"frame{i}.jpg"));
        return folder;
    }
}
