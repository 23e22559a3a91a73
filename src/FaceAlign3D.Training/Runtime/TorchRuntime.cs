using TorchSharp;

namespace FaceAlign3D.Training.Runtime;

/// <summary>
/// The one entry to LibTorch: tunes malloc before the first tensor exists, sets the thread count and
/// turns a failed native load into a <see cref="TrainingRuntimeException"/> that says what to do.
/// </summary>
public static class TorchRuntime
{
    static readonly Lock Gate = new();
    static bool _ready;

    /// <summary>True when glibc's malloc thresholds were applied at start-up.</summary>
    public static bool MallocTuned { get; private set; }

    /// <summary>Loads LibTorch once; <paramref name="threads"/> &gt; 0 sets its intra-op thread count.</summary>
    public static void EnsureLoaded(int threads = 0)
    {
        lock (Gate)
        {
            if (!_ready)
            {
                MallocTuned = NativeMalloc.TuneForLargeTensors();
                try
                {
                    torch.InitializeDeviceType(DeviceType.CPU);
                }
                catch (Exception e) when (e is DllNotFoundException or NotSupportedException or TypeInitializationException or InvalidOperationException)
                {
                    throw new TrainingRuntimeException(
                        "LibTorch could not be loaded (" + Innermost(e).Message.Split('\n')[0] + "). " +
                        "Build FaceAlign3D.Training for linux-x64 so the libtorch-cpu-linux-x64 package is copied beside it; " +
                        "on libstdc++ older than GCC 13 the build marks GLIBCXX_3.4.32 weak in libLibTorchSharp.so (docs/training.md).", e);
                }
                _ready = true;
            }
            if (threads > 0) torch.set_num_threads(threads);
        }
    }

    static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
