using System.Numerics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Imaging;
using FaceAlign3D.Morphable;
using Region = FaceAlign3D.Detection.BlazeFaceImageToTensor.Region;

namespace FaceAlign3D.Pipeline;

/// <summary>
/// MediaPipe Face Mesh as the analyzer uses it: any detector's boxes, and a dense mesh made of the 468 landmarks
/// with the canonical face's triangles. Boxes with BlazeFace's eye keypoints get MediaPipe's rotated crop; boxes
/// without keypoints (FaceBoxes, Ultra-Light, a user's box) are aligned from the upright square of the box scaled
/// by <see cref="MediaPipeFaceMeshRoi.Scale"/>, then once more from the crop of those landmarks, which carries the
/// face's roll as MediaPipe's own tracking crop does.
/// </summary>
internal sealed class MediaPipeMeshAligner : IMeshAligner
{
    private readonly int[] _triangles;

    public MediaPipeMeshAligner(MediaPipeFaceMeshAligner aligner, MediaPipeCanonicalFace canonical)
    {
        ArgumentNullException.ThrowIfNull(aligner);
        ArgumentNullException.ThrowIfNull(canonical);
        Inner = aligner;
        _triangles = ImageWinding(canonical.Triangles);
    }

    public MediaPipeFaceMeshAligner Inner { get; }

    public FaceAlignment Align(Image image, FaceBox box)
    {
        if (box.Keypoints is { Count: >= 2 })
            return Inner.Align(image, box);
        var first = Inner.AlignRegion(image, UprightRegion(box.Box));
        var second = Inner.Align(image, first.Landmarks2D);
        return second with { Times = first.Times + second.Times };
    }

    public FaceAlignment Align(Image image, IReadOnlyList<Vector2> previousLandmarks, float confidence = 1f) =>
        Inner.Align(image, previousLandmarks, confidence);

    /// <summary>The 468 landmarks (image pixels, MediaPipe's z) with the canonical face's triangles.</summary>
    public FaceMesh Mesh(FaceAlignment alignment)
    {
        var landmarks = alignment.Landmarks3D;
        if (alignment.Layout != AlignmentLayout.FaceMesh468)
            throw new ArgumentException($"a face mesh needs a {AlignmentLayout.FaceMesh468} alignment, got {alignment.Layout}", nameof(alignment));
        var positions = new float[3 * landmarks.Count];
        for (int i = 0; i < landmarks.Count; i++)
        {
            positions[3 * i] = landmarks[i].X;
            positions[3 * i + 1] = landmarks[i].Y;
            positions[3 * i + 2] = landmarks[i].Z;
        }
        return new FaceMesh(positions, _triangles);
    }

    /// <summary>The upright square crop of a box without keypoints: centred on the box, its longer side times the crop scale.</summary>
    public static Region UprightRegion(BoundingBox box)
    {
        double side = Math.Max(box.Width, box.Height) * MediaPipeFaceMeshRoi.Scale;
        if (!(side > 0) || !double.IsFinite(side + box.CenterX + box.CenterY))
            throw new ArgumentException($"the face region from box {box} is empty or not finite", nameof(box));
        return new Region(box.CenterX, box.CenterY, side, side, 0);
    }

    // The canonical triangles wind counter-clockwise seen from the front with y up; in image pixels (y down) the
    // same faces must wind the other way for front-facing triangles to have positive signed area, as the overlay
    // and the 3DDFA meshes expect.
    private static int[] ImageWinding(IReadOnlyList<int> triangles)
    {
        var result = triangles.ToArray();
        for (int t = 0; t + 2 < result.Length; t += 3)
            (result[t + 1], result[t + 2]) = (result[t + 2], result[t + 1]);
        return result;
    }
}
