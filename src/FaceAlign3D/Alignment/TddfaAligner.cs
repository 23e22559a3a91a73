using System.Diagnostics;
using System.Numerics;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;
using FaceAlign3D.Morphable;

namespace FaceAlign3D.Alignment;

/// <summary>
/// 3DDFA_V2's aligner: a square region around the face (from a detector box or from earlier landmarks), cropped
/// with zero padding, resized to 120x120 and fed as BGR (x - 127.5) / 128 to the mb05 regressor; its 62 outputs
/// become 68 3D landmarks in image pixels and a head pose. With the full BFM (<paramref name="dense"/>, supplied
/// by the user) the mesh carries the regressed identity and expression; without it, the mean shape. A regressor
/// with a second output of 68 log-sigmas (crop pixels / 120, FlowFace's uncertainty head) also gives each
/// landmark's sigma in image pixels. With <paramref name="silhouette"/> the far side's jaw landmarks are marched to
/// the visible silhouette (<see cref="ContourConvention.Silhouette"/>).
/// </summary>
internal sealed class TddfaAligner(NetworkFunction network, TddfaReconstruction reconstruction, IMorphableModel? dense = null,
    SilhouetteContour? silhouette = null) : IMeshAligner
{
    private static readonly int[] InputShape = [1, 3, TddfaReconstruction.InputSize, TddfaReconstruction.InputSize];
    // The dense BFM shares the mean mesh's topology (38365 vertices), so one triangle list serves both.
    private readonly int[] _triangles = reconstruction.Model.Triangles.ToArray();

    public TddfaReconstruction Reconstruction { get; } = reconstruction;

    public FaceAlignment Align(Image image, FaceBox box) => AlignRegion(image, TddfaRoi.FromDetection(box.Box), box.Score);

    public FaceAlignment Align(Image image, IReadOnlyList<Vector2> previousLandmarks, float confidence = 1f) =>
        AlignRegion(image, TddfaRoi.FromLandmarks(previousLandmarks), confidence);

    [ThreadStatic]
    private static float[]? t_input;

    /// <summary>Aligns the face in a given region box (3DDFA's benchmark protocol feeds its own roi boxes).</summary>
    public FaceAlignment AlignRegion(Image image, BoundingBox roi, float confidence = 1f)
    {
        long start = Stopwatch.GetTimestamp();
        var crop = TddfaRoi.CropRectangle(roi);
        if (crop.Width <= 0 || crop.Height <= 0)
            throw new ArgumentException($"region {roi} is empty", nameof(roi));
        // One input tensor per thread, reused: 173 KB per face and frame would otherwise go to the large object heap.
        // The networks read it only during the call.
        var input = t_input ??= new float[3 * TddfaReconstruction.InputSize * TddfaReconstruction.InputSize];
        ImagePreprocess.CropResizeToTensor(image, crop, TddfaReconstruction.InputSize, TddfaReconstruction.InputSize, TensorOptions.Tddfa, input);
        return Regress(input, roi, confidence, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>
    /// Aligns an already cut 120x120 crop (the 3DDFA benchmark protocol ships them) whose region in the original
    /// image is <paramref name="roi"/>; landmarks come back in original-image pixels.
    /// </summary>
    public FaceAlignment AlignCrop(Image crop, BoundingBox roi, float confidence = 1f)
    {
        if (crop.Width != TddfaReconstruction.InputSize || crop.Height != TddfaReconstruction.InputSize)
            throw new ArgumentException($"3DDFA_V2 takes a {TddfaReconstruction.InputSize}x{TddfaReconstruction.InputSize} crop, got {crop.Width}x{crop.Height}", nameof(crop));
        long start = Stopwatch.GetTimestamp();
        var input = ImageTensor.ToArray(crop, TensorOptions.Tddfa);
        return Regress(input, roi, confidence, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>Builds the alignment from the raw (normalised) 62 network outputs for a crop region.</summary>
    public FaceAlignment FromNetworkOutput(ReadOnlySpan<float> output, BoundingBox roi, float confidence = 1f)
    {
        var parameters = Reconstruction.Denormalize(output);
        var landmarks = Reconstruction.SparseLandmarks(parameters, roi);
        return new FaceAlignment(silhouette?.March(parameters, roi, landmarks) ?? landmarks, TddfaReconstruction.Pose(parameters), parameters, roi, confidence)
        {
            Layout = AlignmentLayout.Tddfa68,
            Contour = silhouette is null ? ContourConvention.Fixed : ContourConvention.Silhouette,
        };
    }

    private FaceAlignment Regress(float[] input, BoundingBox roi, float confidence, TimeSpan cropTime)
    {
        long t = Stopwatch.GetTimestamp();
        var outputs = network(input, InputShape);
        var regressTime = AlignStageTimes.Lap(ref t);
        if (outputs.Count is not (1 or 2))
            throw new InvalidOperationException($"3DDFA_V2: the regressor returned {outputs.Count} outputs, expected 1 (parameters) or 2 (and log-sigmas)");
        var alignment = FromNetworkOutput(outputs[0], roi, confidence);
        var sigmas = outputs.Count == 2 ? SigmasInPixels(outputs[1], roi) : null;
        return alignment with { LandmarkSigmas = sigmas, Times = new AlignStageTimes(cropTime, regressTime, AlignStageTimes.Lap(ref t)) };
    }

    /// <summary>exp(log sigma) in crop pixels / 120, scaled by the crop region's side (the crop is 120 px for that side).</summary>
    private static float[] SigmasInPixels(float[] logSigmas, BoundingBox roi)
    {
        if (logSigmas.Length != Bfm3ddfa.LandmarkCount)
            throw new InvalidOperationException($"3DDFA_V2: the regressor's second output has {logSigmas.Length} values, expected {Bfm3ddfa.LandmarkCount} log-sigmas");
        return Array.ConvertAll(logSigmas, s => (float)(Math.Exp(s) * roi.Width));
    }

    /// <summary>The posed dense mesh: deformed by identity and expression when the full BFM is loaded, else the mean shape.</summary>
    public FaceMesh Mesh(FaceAlignment alignment)
    {
        var parameters = alignment.Parameters.ToArray();
        var positions = dense is null
            ? Reconstruction.DenseMeanMesh(parameters, alignment.RoiBox)
            : Reconstruction.DenseMesh(dense, parameters, alignment.RoiBox);
        return new FaceMesh(positions, _triangles);
    }
}
