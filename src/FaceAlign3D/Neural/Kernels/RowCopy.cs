using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign3D.Neural.Kernels;

/// <summary>Short contiguous copies inside kernels, with whole vectors (the last one overlapping) instead of a memmove call.</summary>
internal static class RowCopy
{
    /// <summary>Copies <paramref name="count"/> floats; source and destination must not overlap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(ref float source, ref float destination, int count)
    {
        if (count >= 16)
        {
            int i = 0;
            for (; i <= count - 16; i += 16)
                Vector512.LoadUnsafe(ref source, (nuint)i).StoreUnsafe(ref destination, (nuint)i);
            if (i < count)
                Vector512.LoadUnsafe(ref source, (nuint)(count - 16)).StoreUnsafe(ref destination, (nuint)(count - 16));
        }
        else if (count >= 8)
        {
            Vector256.LoadUnsafe(ref source).StoreUnsafe(ref destination);
            Vector256.LoadUnsafe(ref source, (nuint)(count - 8)).StoreUnsafe(ref destination, (nuint)(count - 8));
        }
        else if (count >= 4)
        {
            Vector128.LoadUnsafe(ref source).StoreUnsafe(ref destination);
            Vector128.LoadUnsafe(ref source, (nuint)(count - 4)).StoreUnsafe(ref destination, (nuint)(count - 4));
        }
        else
            for (int i = 0; i < count; i++)
                Unsafe.Add(ref destination, i) = Unsafe.Add(ref source, i);
    }
}
