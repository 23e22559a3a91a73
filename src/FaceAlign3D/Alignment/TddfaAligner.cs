using System.Numerics;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Alignment;

/// <summary>
/// 3DDFA_V2 alignment (mb05_120x120): crop the square region around the face (from a detector box or from
/// previous landmarks), resize it to 120x120, feed it as BGR (x - 127.5) / 128 in NCHW, de-normalise the 62
/// outputs and reconstruct the 68 landmarks and the pose. The network and the crop are injected.
/// </summary>
public sealed class TddfaAligner(TddfaReconstruction reconstruction, NetworkFunction network, CropResizer crop) : IFaceAligner
{
    public FaceAlignment Align(Image image, FaceBox box) => AlignRegion(image, TddfaRoi.FromDetection(box.Box), box.Score);

    public FaceAlignment Align(Image image, IReadOnlyList<Vector2> previousLandmarks, float confidence = 1f) =>
        AlignRegion(image, TddfaRoi.FromLandmarks(previousLandmarks), confidence);

    private FaceAlignment AlignRegion(Image image, BoundingBox roi, float confidence)
    {
        var (x1, y1, x2, y2) = TddfaRoi.CropRectangle(roi);
        if (x2 <= x1 || y2 <= y1)
            throw new ArgumentException($"3DDFA_V2: the face region {roi} is empty");
        var patch = crop(image, x1, y1, x2, y2, TddfaReconstruction.InputSize, TddfaReconstruction.InputSize);
        int size = TddfaReconstruction.InputSize;
        var outputs = network(PrepareInput(patch), [1, 3, size, size]);
        if (outputs.Count == 0)
            throw new InvalidOperationException("3DDFA_V2: the network returned no output");
        return FromNetworkOutput(outputs[0], roi, confidence);
    }

    /// <summary>Builds the alignment from the raw (normalised) 62 network outputs for the given crop region.</summary>
    public FaceAlignment FromNetworkOutput(ReadOnlySpan<float> output, BoundingBox roi, float confidence)
    {
        var parameters = reconstruction.Denormalize(output);
        return new FaceAlignment(reconstruction.SparseLandmarks(parameters, roi), TddfaReconstruction.Pose(parameters), parameters, roi, confidence);
    }

    /// <summary>NCHW input from a 120x120 RGB crop: B, G, R planes, (x - 127.5) / 128.</summary>
    public static float[] PrepareInput(Image crop)
    {
        int size = TddfaReconstruction.InputSize;
        if (crop.Width != size || crop.Height != size || crop.Format is not (PixelFormat.Rgb8 or PixelFormat.Rgba8))
            throw new ArgumentException($"3DDFA_V2 needs a {size}x{size} RGB8 or RGBA8 crop, got {crop.Width}x{crop.Height} {crop.Format}", nameof(crop));
        int plane = size * size, bpp = crop.BytesPerPixel;
        var tensor = new float[3 * plane];
        for (int y = 0; y < size; y++)
        {
            var row = crop.Row(y);
            for (int x = 0; x < size; x++)
                for (int c = 0; c < 3; c++)
                    tensor[c * plane + y * size + x] = (row[x * bpp + 2 - c] - 127.5f) / 128f;
        }
        return tensor;
    }
}
