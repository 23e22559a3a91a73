using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign3D.Benchmarks.Neural;

/// <summary>
/// The single-core float FMA peak the GFLOP/s of the kernels are compared with: 16 independent chains of
/// 512-bit (or 256-bit) fused multiply-adds, enough to cover the FMA latency on both pipes; best of several
/// repetitions, since a loaded machine can only slow it down. Run: dotnet run -c Release -- fma-peak
/// </summary>
internal static class FmaPeak
{
    private const int Iterations = 50_000;

    public static void Run()
    {
        double best512 = 0, best256 = 0;
        for (int rep = 0; rep < 2000; rep++)
        {
            if (Vector512.IsHardwareAccelerated) best512 = Math.Max(best512, Measure(Chains512, 16 * 16));
            best256 = Math.Max(best256, Measure(Chains256, 16 * 8));
        }
        Console.WriteLine($"FMA peak, one thread: 512-bit {best512:F1} GFLOP/s, 256-bit {best256:F1} GFLOP/s");
    }

    private static double Measure(Func<float> kernel, int lanesPerIteration)
    {
        long start = Stopwatch.GetTimestamp();
        float sink = kernel();
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (sink == 12345f) Console.Write("");
        return 2.0 * lanesPerIteration * Iterations / seconds / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chains512()
    {
        var a = Vector512.Create(0.999f);
        var b = Vector512.Create(1e-6f);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default,
            c8 = default, c9 = default, c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        for (int i = 0; i < Iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, a, b); c1 = Vector512.FusedMultiplyAdd(c1, a, b);
            c2 = Vector512.FusedMultiplyAdd(c2, a, b); c3 = Vector512.FusedMultiplyAdd(c3, a, b);
            c4 = Vector512.FusedMultiplyAdd(c4, a, b); c5 = Vector512.FusedMultiplyAdd(c5, a, b);
            c6 = Vector512.FusedMultiplyAdd(c6, a, b); c7 = Vector512.FusedMultiplyAdd(c7, a, b);
            c8 = Vector512.FusedMultiplyAdd(c8, a, b); c9 = Vector512.FusedMultiplyAdd(c9, a, b);
            c10 = Vector512.FusedMultiplyAdd(c10, a, b); c11 = Vector512.FusedMultiplyAdd(c11, a, b);
            c12 = Vector512.FusedMultiplyAdd(c12, a, b); c13 = Vector512.FusedMultiplyAdd(c13, a, b);
            c14 = Vector512.FusedMultiplyAdd(c14, a, b); c15 = Vector512.FusedMultiplyAdd(c15, a, b);
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11 + c12 + c13 + c14 + c15);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chains256()
    {
        var a = Vector256.Create(0.999f);
        var b = Vector256.Create(1e-6f);
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default,
            c8 = default, c9 = default, c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        for (int i = 0; i < Iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, a, b); c1 = Vector256.FusedMultiplyAdd(c1, a, b);
            c2 = Vector256.FusedMultiplyAdd(c2, a, b); c3 = Vector256.FusedMultiplyAdd(c3, a, b);
            c4 = Vector256.FusedMultiplyAdd(c4, a, b); c5 = Vector256.FusedMultiplyAdd(c5, a, b);
            c6 = Vector256.FusedMultiplyAdd(c6, a, b); c7 = Vector256.FusedMultiplyAdd(c7, a, b);
            c8 = Vector256.FusedMultiplyAdd(c8, a, b); c9 = Vector256.FusedMultiplyAdd(c9, a, b);
            c10 = Vector256.FusedMultiplyAdd(c10, a, b); c11 = Vector256.FusedMultiplyAdd(c11, a, b);
            c12 = Vector256.FusedMultiplyAdd(c12, a, b); c13 = Vector256.FusedMultiplyAdd(c13, a, b);
            c14 = Vector256.FusedMultiplyAdd(c14, a, b); c15 = Vector256.FusedMultiplyAdd(c15, a, b);
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11 + c12 + c13 + c14 + c15);
    }
}
