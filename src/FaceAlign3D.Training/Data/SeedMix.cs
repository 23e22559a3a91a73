namespace FaceAlign3D.Training.Data;

/// <summary>
/// Derives a generator seed from several integers with SplitMix64 steps; unlike HashCode.Combine it gives
/// the same value in every process, which reproducible runs and resume need.
/// </summary>
public static class SeedMix
{
    public static int Of(params int[] values)
    {
        ulong state = 0x9E3779B97F4A7C15;
        foreach (int v in values)
        {
            state += (ulong)(uint)v + 0x9E3779B97F4A7C15;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            state = z ^ (z >> 31);
        }
        return (int)(state & 0x7FFFFFFF);
    }
}
