namespace FaceAlign3D.Imaging;

/// <summary>How <see cref="ImageResize"/> samples the source.</summary>
internal enum ResizeInterpolation
{
    /// <summary>
    /// Bilinear with OpenCV's INTER_LINEAR conventions: source = (dst + 0.5) * scale - 0.5, edges clamped,
    /// 11-bit fixed-point weights; an exact 2x shrink becomes a 2x2 block mean as in OpenCV.
    /// </summary>
    Linear,

    /// <summary>
    /// Pixel-area averaging (OpenCV INTER_AREA) when both axes shrink; otherwise OpenCV's area-mode
    /// bilinear weights.
    /// </summary>
    Area,
}

/// <summary>Resizing of 8-bit images (Gray8, Rgb8, Rgba8), matching OpenCV's cv::resize to within one level.</summary>
internal static class ImageResize
{
    public static Image Resize(Image source, int width, int height, ResizeInterpolation interpolation = ResizeInterpolation.Linear)
    {
        ArgumentNullException.ThrowIfNull(source);
        return CropResize(source, PixelBox.Of(source), width, height, interpolation);
    }

    /// <summary>
    /// Resizes the window <paramref name="box"/> of <paramref name="source"/> (zero outside the image) to
    /// <paramref name="width"/> x <paramref name="height"/>: the same result as <see cref="ImageCrop.Crop"/>
    /// followed by <see cref="Resize"/>, without materialising the crop.
    /// </summary>
    public static Image CropResize(Image source, PixelBox box, int width, int height, ResizeInterpolation interpolation = ResizeInterpolation.Linear)
    {
        EightBitImages.Require(source, "resize");
        EightBitImages.RequireSize(width, height, "resize");
        var destination = new Image(width, height, source.Format);
        CropResize(source, box, destination, interpolation);
        return destination;
    }

    /// <summary>As <see cref="CropResize(Image, PixelBox, int, int, ResizeInterpolation)"/>, into an existing image of the same format.</summary>
    public static void CropResize(Image source, PixelBox box, Image destination, ResizeInterpolation interpolation = ResizeInterpolation.Linear)
    {
        EightBitImages.Require(source, "resize");
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Format != source.Format)
            throw new ArgumentException($"resize: destination is {destination.Format} but the source is {source.Format}", nameof(destination));
        if (box.Width <= 0 || box.Height <= 0)
            throw new ArgumentException($"resize: source box {box} is empty", nameof(box));

        // OpenCV derives the scales from the size ratio exactly this way; the rounding of 1/(d/s) matters.
        double invScaleX = (double)destination.Width / box.Width, invScaleY = (double)destination.Height / box.Height;
        double scaleX = 1.0 / invScaleX, scaleY = 1.0 / invScaleY;
        int intScaleX = (int)Math.Round(scaleX), intScaleY = (int)Math.Round(scaleY);
        bool integerShrink = Math.Abs(scaleX - intScaleX) < DoubleEpsilon && Math.Abs(scaleY - intScaleY) < DoubleEpsilon;

        if (interpolation == ResizeInterpolation.Linear && integerShrink && intScaleX == 2 && intScaleY == 2)
            interpolation = ResizeInterpolation.Area;
        if (interpolation == ResizeInterpolation.Area && scaleX >= 1 && scaleY >= 1)
        {
            if (integerShrink)
                AreaResampler.IntegerFactor(source, box, destination, intScaleX, intScaleY);
            else
                AreaResampler.General(source, box, destination, scaleX, scaleY);
            return;
        }
        var axes = new LinearResampler.Scales(scaleX, invScaleX, scaleY, invScaleY, interpolation == ResizeInterpolation.Area);
        LinearResampler.Run(source, box, destination, axes);
    }

    /// <summary>C's DBL_EPSILON (not <see cref="double.Epsilon"/>, which is the smallest subnormal).</summary>
    private const double DoubleEpsilon = 2.220446049250313e-16;
}
