using System.Diagnostics;
using System.Numerics;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;
using FaceAlign3D.Morphable;
using Region = FaceAlign3D.Detection.BlazeFaceImageToTensor.Region;

namespace FaceAlign3D.Alignment;

/// <summary>
/// MediaPipe Face Mesh (face_landmark.tflite, 468 points) behind the crop of its face_landmark_front graph
/// (<see cref="MediaPipeFaceMeshRoi"/>): the rotated square region is sampled into 192x192 RGB in [0, 1] (edge
/// pixels replicated), fed as NCHW [1, 3, 192, 192], and the landmarks (x, y, z in crop pixels) are mapped back
/// through the region's rotation and scale to image pixels ((0, 0) the centre of the top-left pixel). z is relative
/// (MediaPipe's z: origin near the head centre, smaller is closer to the camera) in the pixel units of x.
/// <see cref="FaceAlignment.Confidence"/> is the face presence score (sigmoid of the flag output);
/// <see cref="FaceAlignment.Pose"/> and <see cref="FaceAlignment.Parameters"/> (the 4x4 row-major pose transform,
/// canonical face in centimetres to camera) come from MediaPipe's face geometry; <see cref="FaceAlignment.RoiBox"/>
/// encloses the rotated crop.
/// </summary>
internal sealed class MediaPipeFaceMeshAligner(NetworkFunction network, MediaPipeFaceGeometry geometry) : IFaceAligner
{
    public const int InputSize = 192;
    public const int LandmarkCount = 468;

    public FaceAlignment Align(Image image, FaceBox box) => AlignRegion(image, MediaPipeFaceMeshRoi.FromDetection(box));

    /// <summary>
    /// Tracking: the crop comes from the previous frame's 468 landmarks. <paramref name="confidence"/> is not used:
    /// the model scores the face itself.
    /// </summary>
    public FaceAlignment Align(Image image, IReadOnlyList<Vector2> previousLandmarks, float confidence = 1f) =>
        AlignRegion(image, MediaPipeFaceMeshRoi.FromLandmarks(previousLandmarks));

    /// <summary>Runs the model on one crop region.</summary>
    public FaceAlignment AlignRegion(Image image, Region region)
    {
        long t = Stopwatch.GetTimestamp();
        var input = BlazeFaceImageToTensor.ToTensor(image, region, InputSize, InputSize, 0f, 1f, BlazeFaceImageToTensor.Border.Replicate);
        var cropTime = AlignStageTimes.Lap(ref t);
        var outputs = network(input, [1, 3, InputSize, InputSize]);
        var regressTime = AlignStageTimes.Lap(ref t);
        var mesh = outputs.FirstOrDefault(o => o.Length == 3 * LandmarkCount);
        var flag = outputs.FirstOrDefault(o => o.Length == 1);
        if (mesh is null || flag is null)
            throw new InvalidOperationException("MediaPipe face mesh: the network outputs are not 468x3 landmarks and a face flag");
        var landmarks = ToImage(mesh, region);
        var pose = geometry.Estimate(landmarks, image.Width, image.Height);
        var headPose = new HeadPose(pose.Rotation, pose.YawDegrees, pose.PitchDegrees, pose.RollDegrees, MediaPipeFaceGeometry.EulerFormula);
        float presence = (float)(1 / (1 + Math.Exp(-Math.Clamp(flag[0], -100, 100))));
        return new FaceAlignment(landmarks, headPose, pose.Transform.Select(v => (float)v).ToArray(), MediaPipeFaceMeshRoi.Bounds(region), presence)
        {
            Layout = AlignmentLayout.FaceMesh468,
            Times = new AlignStageTimes(cropTime, regressTime, AlignStageTimes.Lap(ref t)),
        };
    }

    /// <summary>Landmarks in 192x192 crop pixels to image pixels: rotate and scale about the region's centre; z scales like x.</summary>
    public static Vector3[] ToImage(ReadOnlySpan<float> mesh, Region region)
    {
        var landmarks = new Vector3[mesh.Length / 3];
        for (int i = 0; i < landmarks.Length; i++)
        {
            var p = region.ToImage(mesh[3 * i] / (double)InputSize, mesh[3 * i + 1] / (double)InputSize);
            landmarks[i] = new Vector3(p.X, p.Y, (float)(mesh[3 * i + 2] / InputSize * region.Width));
        }
        return landmarks;
    }
}
