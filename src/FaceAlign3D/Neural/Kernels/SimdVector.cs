using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>
/// A float vector of a fixed hardware width. Kernels are written once against this interface and
/// instantiated with <see cref="Vec512"/>, <see cref="Vec256"/> or <see cref="Vec1"/>; the JIT specialises each.
/// </summary>
internal interface ISimdVector<TSelf> where TSelf : struct, ISimdVector<TSelf>
{
    static abstract int Count { get; }
    static abstract TSelf Zero { get; }
    static abstract TSelf Broadcast(float value);
    static abstract TSelf Load(ref float source);
    static abstract void Store(TSelf value, ref float destination);
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf addend);
    static abstract TSelf Add(TSelf a, TSelf b);
    static abstract TSelf Multiply(TSelf a, TSelf b);
    static abstract TSelf Subtract(TSelf a, TSelf b);
    static abstract TSelf Divide(TSelf a, TSelf b);
    /// <summary>Per-lane maximum with the hardware's NaN and signed-zero rules (one instruction, not IEEE maximum).</summary>
    static abstract TSelf Max(TSelf a, TSelf b);
    /// <summary>Per-lane minimum with the hardware's NaN and signed-zero rules.</summary>
    static abstract TSelf Min(TSelf a, TSelf b);
    /// <summary>Per lane: a where a &gt;= 0, else a * slope.</summary>
    static abstract TSelf LeakyMax(TSelf a, TSelf slope);
}

internal struct Vec512 : ISimdVector<Vec512>
{
    public Vector512<float> V;
    public static int Count => Vector512<float>.Count;
    public static Vec512 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Broadcast(float value) => new() { V = Vector512.Create(value) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Load(ref float source) => new() { V = Vector512.LoadUnsafe(ref source) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vec512 value, ref float destination) => value.V.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 MultiplyAdd(Vec512 a, Vec512 b, Vec512 c) => new() { V = Vector512.FusedMultiplyAdd(a.V, b.V, c.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Add(Vec512 a, Vec512 b) => new() { V = a.V + b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Multiply(Vec512 a, Vec512 b) => new() { V = a.V * b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Subtract(Vec512 a, Vec512 b) => new() { V = a.V - b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Divide(Vec512 a, Vec512 b) => new() { V = a.V / b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Max(Vec512 a, Vec512 b) => new() { V = Vector512.MaxNative(a.V, b.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Min(Vec512 a, Vec512 b) => new() { V = Vector512.MinNative(a.V, b.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 LeakyMax(Vec512 a, Vec512 slope) =>
        new() { V = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(a.V, Vector512<float>.Zero), a.V, a.V * slope.V) };
}

internal struct Vec256 : ISimdVector<Vec256>
{
    public Vector256<float> V;
    public static int Count => Vector256<float>.Count;
    public static Vec256 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Broadcast(float value) => new() { V = Vector256.Create(value) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Load(ref float source) => new() { V = Vector256.LoadUnsafe(ref source) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vec256 value, ref float destination) => value.V.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 MultiplyAdd(Vec256 a, Vec256 b, Vec256 c) => new() { V = Vector256.FusedMultiplyAdd(a.V, b.V, c.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Add(Vec256 a, Vec256 b) => new() { V = a.V + b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Multiply(Vec256 a, Vec256 b) => new() { V = a.V * b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Subtract(Vec256 a, Vec256 b) => new() { V = a.V - b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Divide(Vec256 a, Vec256 b) => new() { V = a.V / b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Max(Vec256 a, Vec256 b) => new() { V = Vector256.MaxNative(a.V, b.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Min(Vec256 a, Vec256 b) => new() { V = Vector256.MinNative(a.V, b.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 LeakyMax(Vec256 a, Vec256 slope) =>
        new() { V = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(a.V, Vector256<float>.Zero), a.V, a.V * slope.V) };
}

/// <summary>The scalar fallback: a one-lane "vector".</summary>
internal struct Vec1 : ISimdVector<Vec1>
{
    public float V;
    public static int Count => 1;
    public static Vec1 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec1 Broadcast(float value) => new() { V = value };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec1 Load(ref float source) => new() { V = source };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vec1 value, ref float destination) => destination = value.V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec1 MultiplyAdd(Vec1 a, Vec1 b, Vec1 c) => new() { V = MathF.FusedMultiplyAdd(a.V, b.V, c.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec1 Add(Vec1 a, Vec1 b) => new() { V = a.V + b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec1 Multiply(Vec1 a, Vec1 b) => new() { V = a.V * b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec1 Subtract(Vec1 a, Vec1 b) => new() { V = a.V - b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec1 Divide(Vec1 a, Vec1 b) => new() { V = a.V / b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec1 Max(Vec1 a, Vec1 b) => new() { V = MathF.Max(a.V, b.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec1 Min(Vec1 a, Vec1 b) => new() { V = MathF.Min(a.V, b.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec1 LeakyMax(Vec1 a, Vec1 slope) => new() { V = a.V >= 0 ? a.V : a.V * slope.V };
}

/// <summary>Which vector width this machine runs best.</summary>
internal enum SimdWidth
{
    Scalar,
    V256,
    V512,
}

internal static class Simd
{
    public static SimdWidth Best =>
        Vector512.IsHardwareAccelerated ? SimdWidth.V512 :
        Vector256.IsHardwareAccelerated ? SimdWidth.V256 : SimdWidth.Scalar;
}
