using FaceAlign3D.Imaging;

namespace FaceAlign3D.Detection;

/// <summary>Resizes an image to the given size, bilinear with half-pixel centres as OpenCV's INTER_LINEAR.</summary>
internal delegate Image ImageResizer(Image image, int width, int height);
