using System.Text.Json;
using FaceAlign3D.Formats;
using FaceAlign3D.Imaging.Codecs.Jpeg;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Tests.Imaging;

/// <summary>
/// 3DDFA_V2's regressor input (cv2.imread BGR, crop_img to the roi box with zero padding, cv2.resize to 120x120
/// INTER_LINEAR, (x - 127.5) / 128) against the tensors the reference run fed ONNX Runtime.
/// </summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class TddfaPreprocessParityTests
{
    private const int Size = 120;

    private static PixelBox RoiOfFirstFace(string imageName)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(SharedData.PathOf("reference", "tddfa_v2_samples.json")));
        foreach (var entry in json.RootElement.GetProperty("images").EnumerateArray())
        {
            if (entry.GetProperty("image").GetString() != imageName)
                continue;
            var roi = entry.GetProperty("faces")[0].GetProperty("roi_box").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            return PixelBox.FromRoi(roi[0], roi[1], roi[2], roi[3]);
        }
        throw new InvalidOperationException($"{imageName} is not in tddfa_v2_samples.json");
    }

    private static float[] ReferenceInput(string imageName)
    {
        var stem = Path.GetFileNameWithoutExtension(imageName);
        var array = NpyReader.ReadFloat(SharedData.PathOf("reference", "onnx", "mb05_120x120", $"{stem}_face0.input.npy"));
        Assert.Equal(new[] { 1, 3, Size, Size }, array.Shape.ToArray());
        return array.Data.ToArray();
    }

    private static float[] Preprocess(Image photo, string imageName) =>
        ImagePreprocess.CropResizeToTensor(photo, RoiOfFirstFace(imageName), Size, Size, TensorOptions.Tddfa);

    /// <summary>Starting from OpenCV's own decode of the photo, crop + resize + normalise must reproduce the reference exactly.</summary>
    [Theory]
    [InlineData("32bit.png")]
    [InlineData("JianzhuGuo.jpg")]
    [InlineData("img11_reflection.jpg")]
    [InlineData("obama_partial_face.jpg")]
    public void MatchesReferenceExactlyFromOpenCvDecode(string imageName)
    {
        var decoded = ImageDecoder.Load(SharedData.PathOf("reference", "decoded", Path.ChangeExtension(imageName, ".png")));
        var expected = ReferenceInput(imageName);
        var actual = Preprocess(decoded, imageName);
        Assert.Equal(expected.Length, actual.Length);
        int mismatches = expected.Where((e, i) => e != actual[i]).Count();
        Assert.Equal(0, mismatches);
    }

    /// <summary>From the photo through our own decoders; JPEG IDCT/upsampling differences are allowed a small mean error.</summary>
    [Theory]
    [InlineData("32bit.png")]
    [InlineData("JianzhuGuo.jpg")]
    [InlineData("couple.jpg")]
    [InlineData("emma.jpg")]
    [InlineData("img11_reflection.jpg")]
    [InlineData("obama_partial_face.jpg")]
    public void MatchesReferenceFromOwnDecoders(string imageName)
    {
        string path = SharedData.PathOf("data", "samples", imageName);
        var bytes = File.ReadAllBytes(path);
        // cv2.imread applies the EXIF orientation; so do we.
        var options = new DecodeOptions { ApplyExifOrientation = true };
        var photo = JpegDecoder.IsJpeg(bytes) ? JpegDecoder.Decode(bytes, path, options) : ImageDecoder.Decode(bytes, path, options);
        var expected = ReferenceInput(imageName);
        var actual = Preprocess(photo, imageName);
        double meanAbs = expected.Select((e, i) => (double)Math.Abs(e - actual[i])).Average();
        Assert.True(meanAbs < 0.6 / 128, $"{imageName}: mean |difference| {meanAbs * 128:F3} levels");
    }
}
