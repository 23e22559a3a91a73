using FaceAlign3D.Imaging;

namespace FaceAlign3D.Video;

/// <summary>One decoded frame: its index from 0, its presentation time in seconds, and its RGB pixels.</summary>
public sealed record VideoFrame(int Index, double Time, Image Image);
