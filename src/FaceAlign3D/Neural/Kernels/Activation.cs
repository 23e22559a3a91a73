using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FaceAlign3D.Neural.Planning;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// A per-row shift (bias) followed by an activation, applied as a kernel writes its output rows.
/// Rows are output channels for convolutions and Gemm.
/// </summary>
internal sealed class Activation
{
    public Activation(float[] shift, ActivationKind kind, float clipMin = float.NegativeInfinity, float clipMax = float.PositiveInfinity,
        float[]? slopes = null, int mirrorOffset = 0)
    {
        Shift = shift;
        Kind = kind;
        bool relu = kind is ActivationKind.Relu or ActivationKind.CRelu;
        ClipMin = relu ? 0f : clipMin;
        ClipMax = relu ? float.PositiveInfinity : clipMax;
        Slopes = slopes;
        MirrorOffset = mirrorOffset;
        if (kind == ActivationKind.PRelu && (slopes is null || slopes.Length != shift.Length))
            throw new ArgumentException("PRelu needs one slope per row");
        if ((kind == ActivationKind.CRelu) != (mirrorOffset > 0))
            throw new ArgumentException("CRelu, and only CRelu, needs the offset of the negated half");
    }

    public float[] Shift { get; }
    public ActivationKind Kind { get; }
    public float ClipMin { get; }
    public float ClipMax { get; }
    public float[]? Slopes { get; }
    /// <summary>For CRelu: how far after an output element its Relu(-y) twin is stored.</summary>
    public int MirrorOffset { get; }

    /// <summary>Applies row <paramref name="row"/>'s shift and activation and stores the result (and, for CRelu, its negated twin).</summary>
    /// <remarks>
    /// This and <see cref="Apply{TV}(TV, int)"/> must inline completely into the GEMM blocks: a call left in their
    /// epilogue makes the JIT keep the accumulators on the stack, several times slower.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store<TV>(TV value, int row, ref float destination) where TV : struct, ISimdVector<TV>
    {
        if (Kind == ActivationKind.CRelu)
        {
            value = TV.Add(value, TV.Broadcast(Shift[row]));
            TV.Store(TV.Max(value, TV.Zero), ref destination);
            TV.Store(TV.Max(TV.Subtract(TV.Zero, value), TV.Zero), ref Unsafe.Add(ref destination, MirrorOffset));
            return;
        }
        TV.Store(Apply(value, row), ref destination);
    }

    public static Activation Identity(int rows) => new(new float[rows], ActivationKind.None);

    /// <summary>Like <see cref="Store{TV}"/> for the lanes of <paramref name="mask"/> only (AVX-512).</summary>
    public unsafe void StoreMasked(Vector512<float> value, int row, float* destination, Vector512<float> mask)
    {
        if (Kind == ActivationKind.CRelu)
        {
            value += Vector512.Create(Shift[row]);
            Avx512F.MaskStore(destination, mask, Vector512.MaxNative(value, Vector512<float>.Zero));
            Avx512F.MaskStore(destination + MirrorOffset, mask, Vector512.MaxNative(-value, Vector512<float>.Zero));
            return;
        }
        Avx512F.MaskStore(destination, mask, Apply(new Vec512 { V = value }, row).V);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Apply<TV>(TV value, int row) where TV : struct, ISimdVector<TV> =>
        Apply(value, Kind, TV.Broadcast(Shift[row]), TV.Broadcast(ClipMin), TV.Broadcast(ClipMax),
            Kind == ActivationKind.PRelu ? TV.Broadcast(Slopes![row]) : TV.Zero);

    /// <summary>Row <paramref name="row"/>'s shift, clip bounds and PRelu slope as vectors, for loops that hoist them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (TV Shift, TV Min, TV Max, TV Slope) Operands<TV>(int row) where TV : struct, ISimdVector<TV> =>
        (TV.Broadcast(Shift[row]), TV.Broadcast(ClipMin), TV.Broadcast(ClipMax), Kind == ActivationKind.PRelu ? TV.Broadcast(Slopes![row]) : TV.Zero);

    /// <summary>The activation of <paramref name="kind"/> with its operands already broadcast (see <see cref="Operands{TV}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply<TV>(TV value, ActivationKind kind, TV shift, TV min, TV max, TV slope) where TV : struct, ISimdVector<TV>
    {
        value = TV.Add(value, shift);
        return kind switch
        {
            ActivationKind.None => value,
            ActivationKind.PRelu => TV.LeakyMax(value, slope),
            _ => TV.Min(TV.Max(value, min), max),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Apply(float value, int row)
    {
        value += Shift[row];
        return Kind switch
        {
            ActivationKind.None => value,
            ActivationKind.PRelu => value >= 0 ? value : value * Slopes![row],
            _ => MathF.Min(MathF.Max(value, ClipMin), ClipMax),
        };
    }

    /// <summary>Applies row <paramref name="row"/>'s shift and activation to every element of <paramref name="data"/>.</summary>
    public void ApplyInPlace(Span<float> data, int row)
    {
        switch (Simd.Best)
        {
            case SimdWidth.V512: ApplyInPlace<Vec512>(data, row); break;
            case SimdWidth.V256: ApplyInPlace<Vec256>(data, row); break;
            default: ApplyInPlace<Vec1>(data, row); break;
        }
    }

    private void ApplyInPlace<TV>(Span<float> data, int row) where TV : struct, ISimdVector<TV>
    {
        ref float d = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(data);
        int i = 0;
        for (; i <= data.Length - TV.Count; i += TV.Count)
            TV.Store(Apply(TV.Load(ref Unsafe.Add(ref d, i)), row), ref Unsafe.Add(ref d, i));
        for (; i < data.Length; i++)
            Unsafe.Add(ref d, i) = Apply(Unsafe.Add(ref d, i), row);
    }
}
