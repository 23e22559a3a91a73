using System.Runtime.CompilerServices;
using FaceAlign3D.Neural.Planning;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// A per-row shift (bias) followed by an activation, applied as a kernel writes its output rows.
/// Rows are output channels for convolutions and Gemm.
/// </summary>
internal sealed class Activation
{
    public Activation(float[] shift, ActivationKind kind, float clipMin = float.NegativeInfinity, float clipMax = float.PositiveInfinity, float[]? slopes = null)
    {
        Shift = shift;
        Kind = kind;
        ClipMin = kind == ActivationKind.Relu ? 0f : clipMin;
        ClipMax = kind == ActivationKind.Relu ? float.PositiveInfinity : clipMax;
        Slopes = slopes;
        if (kind == ActivationKind.PRelu && (slopes is null || slopes.Length != shift.Length))
            throw new ArgumentException("PRelu needs one slope per row");
    }

    public float[] Shift { get; }
    public ActivationKind Kind { get; }
    public float ClipMin { get; }
    public float ClipMax { get; }
    public float[]? Slopes { get; }

    public static Activation Identity(int rows) => new(new float[rows], ActivationKind.None);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Apply<TV>(TV value, int row) where TV : struct, ISimdVector<TV>
    {
        value = TV.Add(value, TV.Broadcast(Shift[row]));
        return Kind switch
        {
            ActivationKind.None => value,
            ActivationKind.PRelu => TV.LeakyMax(value, TV.Broadcast(Slopes![row])),
            _ => TV.Min(TV.Max(value, TV.Broadcast(ClipMin)), TV.Broadcast(ClipMax)),
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
