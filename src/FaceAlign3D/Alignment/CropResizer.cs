using FaceAlign3D.Imaging;

namespace FaceAlign3D.Alignment;

/// <summary>
/// Cuts the integer rectangle x1..x2, y1..y2 (end exclusive) out of an image, filling the parts outside the
/// image with zeros, and resizes it to width x height (bilinear, as OpenCV's INTER_LINEAR).
/// </summary>
public delegate Image CropResizer(Image image, int x1, int y1, int x2, int y2, int width, int height);
