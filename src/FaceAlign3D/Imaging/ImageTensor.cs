using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign3D.Imaging;

/// <summary>Converts 8-bit images (Gray8, Rgb8, Rgba8; alpha ignored) into normalised float tensors of 3 channels.</summary>
internal static class ImageTensor
{
    /// <summary>Number of floats <see cref="Write"/> produces for <paramref name="image"/>: 3 x H x W.</summary>
    public static int ElementCount(Image image) => checked(3 * image.Width * image.Height);

    public static float[] ToArray(Image image, TensorOptions options)
    {
        EightBitImages.Require(image, "tensor conversion");
        var result = new float[ElementCount(image)];
        Write(image, result, options);
        return result;
    }

    /// <summary>Fills <paramref name="destination"/> (at least <see cref="ElementCount"/> floats) with the image as a tensor.</summary>
    public static void Write(Image image, Span<float> destination, TensorOptions options)
    {
        EightBitImages.Require(image, "tensor conversion");
        ArgumentNullException.ThrowIfNull(options);
        int count = ElementCount(image);
        if (destination.Length < count)
            throw new ArgumentException($"tensor conversion: destination holds {destination.Length} floats, {count} needed", nameof(destination));

        int bpp = image.BytesPerPixel;
        Span<int> sourceChannel = stackalloc int[3];
        for (int c = 0; c < 3; c++)
            sourceChannel[c] = bpp == 1 ? 0 : options.Order == ChannelOrder.Bgr ? 2 - c : c;
        Span<float> mean = [options.Normalization.Mean.X, options.Normalization.Mean.Y, options.Normalization.Mean.Z];
        Span<float> scale = [options.Normalization.Scale.X, options.Normalization.Scale.Y, options.Normalization.Scale.Z];
        bool planar = options.Layout == TensorLayout.Chw;
        var kernel = FourPixelKernel.TryCreate(bpp, sourceChannel, mean, scale, planar);

        int width = image.Width, plane = width * image.Height;
        for (int y = 0; y < image.Height; y++)
        {
            // Whole 16-byte loads may run past the row into padding or the next row; they stay inside Data.
            ReadOnlySpan<byte> source = image.Data.AsSpan(y * image.Stride);
            int x = 0;
            if (kernel is { } k)
                x = planar
                    ? k.Planar(source, width, destination.Slice(y * width), destination.Slice(plane + y * width), destination.Slice(2 * plane + y * width))
                    : k.Interleaved(source, width, destination.Slice(3 * y * width, 3 * width));
            for (; x < width; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    float v = (source[x * bpp + sourceChannel[c]] - mean[c]) * scale[c];
                    int index = planar ? c * plane + y * width + x : 3 * (y * width + x) + c;
                    destination[index] = v;
                }
            }
        }
    }

    /// <summary>
    /// Converts four pixels per step: one byte shuffle gathers their channels in output order, then the bytes are
    /// widened to floats and normalised four at a time.
    /// </summary>
    private readonly struct FourPixelKernel
    {
        private readonly int bpp;
        private readonly Vector128<byte> shuffle;
        private readonly Vector128<float> mean0, mean1, mean2, scale0, scale1, scale2;

        private FourPixelKernel(int bpp, Vector128<byte> shuffle, Vector128<float>[] means, Vector128<float>[] scales)
        {
            this.bpp = bpp;
            this.shuffle = shuffle;
            (mean0, mean1, mean2) = (means[0], means[1], means[2]);
            (scale0, scale1, scale2) = (scales[0], scales[1], scales[2]);
        }

        /// <summary>Null when the CPU has no byte shuffle; the caller then converts pixel by pixel.</summary>
        public static FourPixelKernel? TryCreate(int bpp, ReadOnlySpan<int> sourceChannel, ReadOnlySpan<float> mean, ReadOnlySpan<float> scale, bool planar)
        {
            if (!Ssse3.IsSupported && !AdvSimd.Arm64.IsSupported)
                return null;
            // Output byte slot s (0..11) takes pixel j, tensor channel c: planar slots group by channel
            // (c*4 + j), interleaved slots follow the tensor (j*3 + c). 0x80 zeroes the unused slots.
            Span<byte> indices = stackalloc byte[16];
            indices.Fill(0x80);
            Span<float> slotMean = stackalloc float[12], slotScale = stackalloc float[12];
            for (int j = 0; j < 4; j++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int slot = planar ? c * 4 + j : j * 3 + c;
                    indices[slot] = (byte)(j * bpp + sourceChannel[c]);
                    slotMean[slot] = mean[c];
                    slotScale[slot] = scale[c];
                }
            }
            var means = new Vector128<float>[3];
            var scales = new Vector128<float>[3];
            for (int g = 0; g < 3; g++)
            {
                means[g] = Vector128.Create(slotMean.Slice(g * 4, 4));
                scales[g] = Vector128.Create(slotScale.Slice(g * 4, 4));
            }
            return new FourPixelKernel(bpp, Vector128.Create(indices), means, scales);
        }

        /// <summary>Converts whole blocks of four pixels from the row start while 16 bytes can be loaded; returns the pixels done.</summary>
        public unsafe int Planar(ReadOnlySpan<byte> source, int width, Span<float> plane0, Span<float> plane1, Span<float> plane2)
        {
            int blocks = Blocks(source.Length, width);
            if (plane0.Length < blocks * 4 || plane1.Length < blocks * 4 || plane2.Length < blocks * 4)
                throw new ArgumentException("tensor plane is too short");
            fixed (byte* src = source)
            fixed (float* d0 = plane0, d1 = plane1, d2 = plane2)
            {
                for (int i = 0; i < blocks; i++)
                {
                    Convert(Vector128.Load(src + i * 4 * bpp), out var a, out var b, out var c);
                    a.Store(d0 + i * 4);
                    b.Store(d1 + i * 4);
                    c.Store(d2 + i * 4);
                }
            }
            return blocks * 4;
        }

        /// <summary>As <see cref="Planar"/>, writing 12 interleaved floats per block.</summary>
        public unsafe int Interleaved(ReadOnlySpan<byte> source, int width, Span<float> destination)
        {
            int blocks = Blocks(source.Length, width);
            if (destination.Length < blocks * 12)
                throw new ArgumentException("tensor row is too short");
            fixed (byte* src = source)
            fixed (float* d = destination)
            {
                for (int i = 0; i < blocks; i++)
                {
                    Convert(Vector128.Load(src + i * 4 * bpp), out var a, out var b, out var c);
                    a.Store(d + i * 12);
                    b.Store(d + i * 12 + 4);
                    c.Store(d + i * 12 + 8);
                }
            }
            return blocks * 4;
        }

        /// <summary>Blocks of four pixels in the row whose 16-byte load stays inside the available bytes.</summary>
        private int Blocks(int available, int width) => available < 16 ? 0 : Math.Min(width / 4, (available - 16) / (4 * bpp) + 1);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Convert(Vector128<byte> bytes, out Vector128<float> a, out Vector128<float> b, out Vector128<float> c)
        {
            var gathered = Ssse3.IsSupported ? Ssse3.Shuffle(bytes, shuffle) : AdvSimd.Arm64.VectorTableLookup(bytes, shuffle);
            var (low, high) = Vector128.Widen(gathered);
            var (v0, v1) = Vector128.Widen(low);
            var v2 = Vector128.WidenLower(high);
            a = (Vector128.ConvertToSingle(v0.AsInt32()) - mean0) * scale0;
            b = (Vector128.ConvertToSingle(v1.AsInt32()) - mean1) * scale1;
            c = (Vector128.ConvertToSingle(v2.AsInt32()) - mean2) * scale2;
        }
    }
}
