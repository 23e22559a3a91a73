using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Tests.Neural.TfLite;

namespace FaceAlign3D.Tests.Pipeline;

/// <summary>
/// One models folder holding both the shared 3DDFA_V2 / Ultra-Light models and MediaPipe's (which come from npm,
/// see <see cref="MediaPipeModelFiles"/>): symbolic links in a temporary folder, made once per test run.
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
            MediaPipeModelFiles.PathOf(MediaPipeFiles.FaceLandmark))!)!)!;
        string folder = Directory.CreateTempSubdirectory("facealign-models-").FullName;
        foreach (var sub in Directory.GetDirectories(SharedData.PathOf("models")))
            Directory.CreateSymbolicLink(System.IO.Path.Combine(folder, System.IO.Path.GetFileName(sub)), sub);
        string link = System.IO.Path.Combine(folder, "mediapipe");
        if (!Directory.Exists(link))
            Directory.CreateSymbolicLink(link, System.IO.Path.Combine(mediapipeRoot, "mediapipe"));
        return folder;
    }
}
