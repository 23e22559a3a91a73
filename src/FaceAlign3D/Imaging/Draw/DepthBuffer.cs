namespace FaceAlign3D.Imaging.Draw;

/// <summary>Per-pixel depth for hidden-surface removal: smaller values are nearer; starts at +infinity (empty).</summary>
internal sealed class DepthBuffer
{
    private readonly float[] depth;

    public DepthBuffer(int width, int height)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"depth buffer size must be positive, got {width}x{height}");
        Width = width;
        Height = height;
        depth = new float[checked(width * height)];
        Clear();
    }

    public int Width { get; }
    public int Height { get; }

    public float this[int x, int y]
    {
        get => depth[y * Width + x];
        set => depth[y * Width + x] = value;
    }

    public void Clear() => Array.Fill(depth, float.PositiveInfinity);
}
