using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace FaceAlign3D.Tests.Neural.TfLite;

/// <summary>
/// MediaPipe's face models for the tests. They are looked up in $FACEALIGN3D_MODELS/mediapipe, else unpacked
/// once into a cache folder from the npm package @mediapipe/face_mesh (`npm pack`), whose
/// face_mesh_solution_packed_assets.data holds the files at the offsets listed in its loader script.
/// </summary>
public static partial class MediaPipeModelFiles
{
    public const string Package = "@mediapipe/face_mesh@0.4.1633559619";
    public const string FaceDetection = "face_detection_short_range.tflite";
    public const string FaceLandmark = "face_landmark.tflite";
    public const string FaceLandmarkWithAttention = "face_landmark_with_attention.tflite";
    public const string GeometryMetadata = "geometry_pipeline_metadata_landmarks.binarypb";

    private const string CompleteMarker = "unpacked.ok";

    private static readonly Lazy<string> Folder = new(Locate);

    public static string PathOf(string file) => Path.Combine(Folder.Value, file);

    private static string Locate()
    {
        var env = Environment.GetEnvironmentVariable("FACEALIGN3D_MODELS");
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "mediapipe", FaceLandmark)))
            return Path.Combine(env, "mediapipe");
        var cache = Path.Combine(Path.GetTempPath(), "facealign3d-tests", "mediapipe-face_mesh-0.4.1633559619");
        if (File.Exists(Path.Combine(cache, CompleteMarker)))
            return cache;
        using var mutex = new Mutex(false, "facealign3d-tests-mediapipe-unpack");
        mutex.WaitOne();
        try
        {
            if (!File.Exists(Path.Combine(cache, CompleteMarker)))
                Unpack(cache);
        }
        finally
        {
            mutex.ReleaseMutex();
        }
        return cache;
    }

    private static void Unpack(string cache)
    {
        var work = Directory.CreateTempSubdirectory("facealign3d-npm-");
        try
        {
            var start = new ProcessStartInfo("npm", ["pack", Package, "--silent"]) { WorkingDirectory = work.FullName, RedirectStandardOutput = true, RedirectStandardError = true };
            using (var npm = Process.Start(start) ?? throw new InvalidOperationException("npm could not be started"))
            {
                if (!npm.WaitForExit(TimeSpan.FromMinutes(2)))
                {
                    npm.Kill();
                    throw new TimeoutException($"npm pack {Package} did not finish in 2 minutes");
                }
                if (npm.ExitCode != 0)
                    throw new InvalidOperationException($"npm pack {Package} failed: {npm.StandardError.ReadToEnd()}");
            }
            var tgz = work.GetFiles("*.tgz").Single();
            var files = new Dictionary<string, byte[]>();
            using (var gz = new GZipStream(tgz.OpenRead(), CompressionMode.Decompress))
            using (var tar = new TarReader(gz))
                while (tar.GetNextEntry() is { } entry)
                    if (entry.DataStream is { } data && entry.Name.Contains("packed_assets"))
                    {
                        var copy = new MemoryStream();
                        data.CopyTo(copy);
                        files[Path.GetFileName(entry.Name)] = copy.ToArray();
                    }
            var packed = files["face_mesh_solution_packed_assets.data"];
            var loader = System.Text.Encoding.UTF8.GetString(files["face_mesh_solution_packed_assets_loader.js"]);
            Directory.CreateDirectory(cache);
            foreach (Match m in AssetEntry().Matches(loader))
            {
                int from = int.Parse(m.Groups[2].Value), to = int.Parse(m.Groups[3].Value);
                var target = Path.Combine(cache, Path.GetFileName(m.Groups[1].Value));
                File.WriteAllBytes(target + ".part", packed[from..to]);
                File.Move(target + ".part", target, overwrite: true);
            }
            File.WriteAllText(Path.Combine(cache, CompleteMarker), Package);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [GeneratedRegex("\"filename\":\\s*\"([^\"]+)\",\\s*\"start\":\\s*(\\d+),\\s*\"end\":\\s*(\\d+)")]
    private static partial Regex AssetEntry();
}
