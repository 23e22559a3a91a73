namespace FaceAlign3D.Imaging;

/// <summary>Fused steps that turn a region of a photo into a network input without intermediate full-size images.</summary>
internal static class ImagePreprocess
{
    /// <summary>
    /// Crop <paramref name="box"/> (zero outside the image), resize it to <paramref name="width"/> x <paramref name="height"/>
    /// with OpenCV-compatible bilinear sampling, and write it as a tensor: the same values as Crop, Resize and
    /// <see cref="ImageTensor.Write"/> in turn. 3DDFA_V2 uses this with a 120x120 size and <see cref="TensorOptions.Tddfa"/>.
    /// </summary>
    public static void CropResizeToTensor(Image source, PixelBox box, int width, int height, TensorOptions options, Span<float> destination)
    {
        var resized = ImageResize.CropResize(source, box, width, height, ResizeInterpolation.Linear);
        ImageTensor.Write(resized, destination, options);
    }

    /// <summary>As <see cref="CropResizeToTensor(Image, PixelBox, int, int, TensorOptions, Span{float})"/>, into a new array.</summary>
    public static float[] CropResizeToTensor(Image source, PixelBox box, int width, int height, TensorOptions options)
    {
        EightBitImages.RequireSize(width, height, "preprocess");
        var result = new float[checked(3 * width * height)];
        CropResizeToTensor(source, box, width, height, options, result);
        return result;
    }
}
