using System.Text.Json;

namespace FaceAlign3D.Tests.Alignment;

/// <summary>
/// Sanity checks of the committed MediaPipe face mesh reference (tools/mediapipe-reference):
/// its structure, and that its faces agree with what 3DDFA_V2's FaceBoxes found on the same photos.
/// </summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class MediaPipeReferenceFileTests
{
    private const string ReferenceFileName = "mediapipe_face_mesh_reference.json";
    private const int LandmarkCount = 468;
    private const int NoseTip = 1;

    private static readonly Lazy<JsonDocument> Reference = new(() => Load(FindReferenceFile()));
    private static readonly Lazy<JsonDocument> Tddfa = new(() => Load(SharedData.PathOf("reference", "tddfa_v2_samples.json")));

    [Fact]
    public void Names_the_package_browser_and_options_it_came_from()
    {
        var producedBy = Reference.Value.RootElement.GetProperty("produced_by");
        Assert.Equal("@mediapipe/face_mesh@0.4.1633559619", producedBy.GetProperty("package").GetString());
        Assert.StartsWith("Chromium ", producedBy.GetProperty("browser").GetString());
        var options = producedBy.GetProperty("options");
        Assert.False(options.GetProperty("refineLandmarks").GetBoolean());
        Assert.Equal(0.5, options.GetProperty("minDetectionConfidence").GetDouble());
    }

    [Fact]
    public void Covers_the_same_photos_with_the_same_sizes_as_the_3ddfa_reference()
    {
        var tddfa = TddfaImages();
        var images = Images().ToList();
        Assert.Equal(tddfa.Keys.Order(), images.Select(i => i.GetProperty("image").GetString()!).Order());
        foreach (var image in images)
        {
            var reference = tddfa[image.GetProperty("image").GetString()!];
            Assert.Equal(reference.GetProperty("width").GetInt32(), image.GetProperty("width").GetInt32());
            Assert.Equal(reference.GetProperty("height").GetInt32(), image.GetProperty("height").GetInt32());
        }
    }

    [Fact]
    public void Every_face_has_468_finite_landmarks_and_a_box_that_encloses_them()
    {
        var faceCount = 0;
        foreach (var image in Images())
        {
            foreach (var face in image.GetProperty("faces").EnumerateArray())
            {
                faceCount++;
                var landmarks = Landmarks(face);
                Assert.Equal(LandmarkCount, landmarks.Length);
                Assert.All(landmarks, p => Assert.All(p, v => Assert.True(double.IsFinite(v))));
                var box = Numbers(face.GetProperty("landmark_box_xyxy"));
                Assert.Equal(landmarks.Min(p => p[0]), box[0], 3);
                Assert.Equal(landmarks.Min(p => p[1]), box[1], 3);
                Assert.Equal(landmarks.Max(p => p[0]), box[2], 3);
                Assert.Equal(landmarks.Max(p => p[1]), box[3], 3);
            }
        }
        Assert.True(faceCount > 0, "the reference holds no face at all");
    }

    [Fact]
    public void Pose_matrices_are_rigid_transforms()
    {
        foreach (var face in Images().SelectMany(i => i.GetProperty("faces").EnumerateArray()))
        {
            var m = face.GetProperty("pose_transform_matrix").EnumerateArray().Select(Numbers).ToArray();
            Assert.Equal(4, m.Length);
            Assert.Equal([0.0, 0.0, 0.0, 1.0], m[3]);
            for (var i = 0; i < 3; i++)
                for (var j = 0; j < 3; j++)
                {
                    var dot = m[0][i] * m[0][j] + m[1][i] * m[1][j] + m[2][i] * m[2][j];
                    Assert.Equal(i == j ? 1.0 : 0.0, dot, 3e-3); // columns of R are orthonormal (5-decimal rounding)
                }
        }
    }

    [Fact]
    public void Each_face_overlaps_its_own_3ddfa_face_box_and_has_the_nose_tip_inside_it()
    {
        var tddfa = TddfaImages();
        foreach (var image in Images())
        {
            var name = image.GetProperty("image").GetString()!;
            var referenceBoxes = tddfa[name].GetProperty("faces").EnumerateArray()
                .Select(f => Numbers(f.GetProperty("box"))).ToArray();
            var matched = new HashSet<int>();
            foreach (var face in image.GetProperty("faces").EnumerateArray())
            {
                var box = Numbers(face.GetProperty("landmark_box_xyxy"));
                var best = Enumerable.Range(0, referenceBoxes.Length).MaxBy(k => IoU(box, referenceBoxes[k]));
                Assert.True(IoU(box, referenceBoxes[best]) > 0.3, $"{name}: face at [{string.Join(", ", box)}] overlaps no 3DDFA_V2 box");
                Assert.True(matched.Add(best), $"{name}: two faces match the same 3DDFA_V2 box {best}");

                var nose = Landmarks(face)[NoseTip];
                var r = referenceBoxes[best];
                Assert.InRange(nose[0], r[0], r[2]);
                Assert.InRange(nose[1], r[1], r[3]);
                Assert.True(nose[2] < 0, $"{name}: nose tip z {nose[2]} should be in front of the head centre");
            }
        }
    }

    private static IEnumerable<JsonElement> Images() =>
        Reference.Value.RootElement.GetProperty("images").EnumerateArray();

    private static Dictionary<string, JsonElement> TddfaImages() =>
        Tddfa.Value.RootElement.GetProperty("images").EnumerateArray()
            .ToDictionary(i => i.GetProperty("image").GetString()!);

    private static double[][] Landmarks(JsonElement face) =>
        face.GetProperty("landmarks").EnumerateArray().Select(Numbers).ToArray();

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static double IoU(double[] a, double[] b)
    {
        var w = Math.Max(0, Math.Min(a[2], b[2]) - Math.Max(a[0], b[0]));
        var h = Math.Max(0, Math.Min(a[3], b[3]) - Math.Max(a[1], b[1]));
        var intersection = w * h;
        var union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection;
        return union > 0 ? intersection / union : 0;
    }

    private static JsonDocument Load(string path) => JsonDocument.Parse(File.ReadAllBytes(path));

    // The reference lives in the source tree (it is regenerated there), so look for it above the test binaries.
    private static string FindReferenceFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "FaceAlign3D.Tests", "Alignment", "generated", ReferenceFileName);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"{ReferenceFileName} was not found in tests/FaceAlign3D.Tests/Alignment/generated above {AppContext.BaseDirectory}");
    }
}
