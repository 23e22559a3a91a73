using System.Runtime.InteropServices;

namespace FaceAlign3D.Training.Runtime;

/// <summary>
/// glibc malloc tuning for LibTorch: with the default thresholds every large activation buffer is
/// mmap'ed and returned to the kernel each step, and the page faults cost about a third of a
/// training step. Keeping blocks up to 32 MiB on the heap and trimming only past 1 GiB removes that.
/// </summary>
internal static partial class NativeMalloc
{
    const int TrimThreshold = -1;  // M_TRIM_THRESHOLD
    const int MmapThreshold = -3;  // M_MMAP_THRESHOLD

    public const int MmapThresholdBytes = 32 << 20;
    public const int TrimThresholdBytes = 1 << 30;

    /// <summary>Applies the thresholds; false where glibc's mallopt is unavailable (other C libraries).</summary>
    public static bool TuneForLargeTensors()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return mallopt(MmapThreshold, MmapThresholdBytes) == 1 && mallopt(TrimThreshold, TrimThresholdBytes) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int param, int value);
}
