namespace FaceAlign3D.Imaging.Codecs.Jpeg;

/// <summary>How the components of a frame encode colour (libjpeg's J_COLOR_SPACE for the file).</summary>
internal enum JpegColorSpace
{
    Grayscale,
    YCbCr,
    Rgb,
    /// <summary>Four components stored as written by Adobe applications (inverted CMYK).</summary>
    Cmyk,
    /// <summary>Adobe transform 2: C, M, Y stored as YCbCr of their inverses, K as is.</summary>
    Ycck,
}
