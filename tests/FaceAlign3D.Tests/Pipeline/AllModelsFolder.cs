using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Tests.Neural.TfLite;

namespace FaceAlign3D.Tests.Pipeline;

/// <summary>
/// One models folder holding both the shared 3DDFA_V2 / Ultra-Light models and MediaPipe's (which come from npm,
/// see <see cref="MediaPipeModelFiles"/>): symbolic links in one fixed folder under the temp directory, reused by
/// later runs (links that point elsewhere are replaced).
/// </summary>
public static class AllModelsFolder
{
    private static readonly Lazy<string> Folder = new(Create);

    public static string Path => Folder.Value;

    public static ModelStore Store => new([Path]);

    private static string Create()
    {
        // .../mediapipe/face_mesh/face_landmark.tflite: the models folder is three levels up.
        string mediapipeRoot = System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(
            MediaPipeModelFiles.PathOf(ModelFiles.MediaPipeFaceLandmark.Path))!)!)!;
        string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "facealign3d-tests", $"all-models-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        foreach (var sub in Directory.GetDirectories(SharedData.PathOf("models")))
            Link(System.IO.Path.Combine(folder, System.IO.Path.GetFileName(sub)), sub);
        Link(System.IO.Path.Combine(folder, "mediapipe"), System.IO.Path.Combine(mediapipeRoot, "mediapipe"));
        return folder;
    }

    private static void Link(string link, string target)
    {
        var existing = new DirectoryInfo(link);
        if (existing.LinkTarget == target)
            return;
        // A link is removed as a file (unlink), which also works when it dangles (made where ../shared lay elsewhere).
        if (existing.LinkTarget is not null)
            File.Delete(link);
        else if (existing.Exists)
            existing.Delete();
        Directory.CreateSymbolicLink(link, target);
    }
}
