using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;

namespace FaceAlign3D.Training.Data;

/// <summary>
/// Cuts a record's 3DDFA_V2 region box to a 120x120 network input, with optional augmentation. One affine
/// map (crop pixel to image pixel) carries the image and its landmarks, so they stay aligned under jitter,
/// scale, rotation and flip. With a <see cref="CropCache"/>, crops of fixed geometry are warped once per run.
/// </summary>
public static class TrainingCrop
{
    public const int Size = 120;

    public static TrainingExample Render(FaceRecord record, Augmentation augmentation, Random random, CropCache? cache = null)
    {
        bool flip = random.NextDouble() < augmentation.FlipProbability;
        var cropToImage = CropToImage(record, augmentation, random, flip);
        CropKey? key = augmentation.MovesGeometryBesidesFlip ? null : new CropKey(record, flip);
        var pixels = ImageTensor.ToArray(Warp(record, cropToImage, key, cache), TensorOptions.Tddfa);
        ApplyPhotometric(pixels, augmentation, random);

        var imageToCrop = cropToImage.Invert();
        int count = record.PointCount;
        var landmarks = new float[2 * count];
        var visibility = new float[count];
        for (int k = 0; k < count; k++)
        {
            int source = flip ? record.Layout.FlipPermutation[k] : k;
            float x = record.Landmarks[2 * source], y = record.Landmarks[2 * source + 1];
            if (!float.IsFinite(x) || !float.IsFinite(y)) continue;
            var (cx, cy) = imageToCrop.Apply(x, y);
            landmarks[2 * k] = (float)cx;
            landmarks[2 * k + 1] = (float)cy;
            visibility[k] = 1;
        }
        var parameters = augmentation.MovesGeometry ? null : record.Params;
        var teacherKey = augmentation.ChangesPixels ? null : key;
        return new TrainingExample(pixels, landmarks, visibility, record.Layout, parameters, teacherKey);
    }

    /// <summary>The network input of a face at its region box, mirrored or not, without other augmentation.</summary>
    public static float[] Pixels(CropKey key, CropCache? cache = null)
    {
        var cropToImage = CropToImage(key.Face, Augmentation.None, new Random(0), key.Flipped);
        return ImageTensor.ToArray(Warp(key.Face, cropToImage, key, cache), TensorOptions.Tddfa);
    }

    /// <summary>
    /// A 3x4 image-pixel camera (row-major) as seen from the face's unaugmented crop: the crop's image-to-crop
    /// affine map applied to its first two rows, so it projects straight into crop pixels.
    /// </summary>
    public static double[] CropCamera(FaceRecord record, double[] imageCamera)
    {
        var m = CropToImage(record, Augmentation.None, new Random(0), flip: false).Invert();
        var crop = (double[])imageCamera.Clone();
        for (int j = 0; j < 4; j++)
        {
            crop[j] = m.M00 * imageCamera[j] + m.M01 * imageCamera[4 + j] + m.M02 * imageCamera[8 + j];
            crop[4 + j] = m.M10 * imageCamera[j] + m.M11 * imageCamera[4 + j] + m.M12 * imageCamera[8 + j];
        }
        return crop;
    }

    static Image Warp(FaceRecord record, AffineMatrix cropToImage, CropKey? key, CropCache? cache)
    {
        Image Render() => ImageWarp.AffineInverse(ImageDecoder.Load(record.ImagePath), cropToImage, Size, Size);
        return cache is not null && key is { } k ? cache.GetOrRender(k, Render) : Render();
    }

    /// <summary>Crop pixel to image pixel: centre of the (jittered) box plus the rotated, scaled, optionally mirrored offset.</summary>
    static AffineMatrix CropToImage(FaceRecord record, Augmentation augmentation, Random random, bool flip)
    {
        var roi = record.Roi;
        double side = (roi.X2 - roi.X1 + roi.Y2 - roi.Y1) / 2;
        double cx = (roi.X1 + roi.X2) / 2 + Uniform(random, augmentation.Jitter) * side;
        double cy = (roi.Y1 + roi.Y2) / 2 + Uniform(random, augmentation.Jitter) * side;
        double scale = augmentation.ScaleMin + random.NextDouble() * (augmentation.ScaleMax - augmentation.ScaleMin);
        double angle = Uniform(random, augmentation.RotationDegrees) * Math.PI / 180;
        double sx = (roi.X2 - roi.X1) * scale / Size, sy = (roi.Y2 - roi.Y1) * scale / Size;
        double mirror = flip ? -1 : 1;
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        // image = centre + Rot(angle) * diag(sx * mirror, sy) * (crop - 60)
        double m00 = cos * sx * mirror, m01 = -sin * sy, m10 = sin * sx * mirror, m11 = cos * sy;
        double half = Size / 2.0;
        return new AffineMatrix(m00, m01, cx - m00 * half - m01 * half, m10, m11, cy - m10 * half - m11 * half);
    }

    static void ApplyPhotometric(float[] pixels, Augmentation augmentation, Random random)
    {
        const int plane = Size * Size;
        if (augmentation.ColorJitter > 0)
        {
            for (int c = 0; c < 3; c++)
            {
                float gain = (float)(1 + Uniform(random, augmentation.ColorJitter));
                float offset = (float)Uniform(random, augmentation.ColorJitter);
                var span = pixels.AsSpan(c * plane, plane);
                for (int i = 0; i < span.Length; i++) span[i] = span[i] * gain + offset;
            }
        }
        if (random.NextDouble() < augmentation.BlurProbability)
            for (int c = 0; c < 3; c++) BoxBlur3(pixels.AsSpan(c * plane, plane));
        if (random.NextDouble() < augmentation.OcclusionProbability)
        {
            int w = random.Next(Size / 8, Size / 2), h = random.Next(Size / 8, Size / 2);
            int x0 = random.Next(0, Size - w), y0 = random.Next(0, Size - h);
            for (int c = 0; c < 3; c++)
            {
                float fill = (float)(random.NextDouble() * 2 - 1);
                for (int y = y0; y < y0 + h; y++) pixels.AsSpan(c * plane + y * Size + x0, w).Fill(fill);
            }
        }
    }

    static void BoxBlur3(Span<float> plane)
    {
        var source = plane.ToArray();
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                float sum = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int yy = y + dy, xx = x + dx;
                        if ((uint)yy >= Size || (uint)xx >= Size) continue;
                        sum += source[yy * Size + xx];
                        n++;
                    }
                plane[y * Size + x] = sum / n;
            }
    }

    static double Uniform(Random random, double amplitude) => amplitude == 0 ? 0 : (random.NextDouble() * 2 - 1) * amplitude;
}
