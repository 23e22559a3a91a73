using System.Buffers.Binary;

namespace FaceAlign3D.Formats;

internal delegate T[] RawConverter<T>(string dtype, ReadOnlySpan<byte> raw);

/// <summary>Converts little-endian raw tensor bytes of a named dtype into float, double or int arrays.</summary>
internal static class ElementDecoder
{
    /// <summary>Bytes per element of a dtype name as numpy ("f4", "i8") or safetensors ("F32", "I64") spell it.</summary>
    public static int SizeOf(string dtype) => Normalise(dtype) switch
    {
        "f2" or "i2" or "u2" => 2,
        "f4" or "i4" or "u4" => 4,
        "f8" or "i8" or "u8" => 8,
        "i1" or "u1" or "b1" => 1,
        _ => throw new NotSupportedException($"dtype {dtype}"),
    };

    public static bool IsSupported(string dtype)
    {
        try { SizeOf(dtype); return true; }
        catch (NotSupportedException) { return false; }
    }

    public static double[] ToDouble(string dtype, ReadOnlySpan<byte> raw)
    {
        string t = Normalise(dtype);
        int size = SizeOf(t);
        var result = new double[raw.Length / size];
        for (int i = 0; i < result.Length; i++)
        {
            var b = raw.Slice(i * size, size);
            result[i] = t switch
            {
                "f2" => (double)BinaryPrimitives.ReadHalfLittleEndian(b),
                "f4" => BinaryPrimitives.ReadSingleLittleEndian(b),
                "f8" => BinaryPrimitives.ReadDoubleLittleEndian(b),
                "i1" => (sbyte)b[0],
                "u1" or "b1" => b[0],
                "i2" => BinaryPrimitives.ReadInt16LittleEndian(b),
                "u2" => BinaryPrimitives.ReadUInt16LittleEndian(b),
                "i4" => BinaryPrimitives.ReadInt32LittleEndian(b),
                "u4" => BinaryPrimitives.ReadUInt32LittleEndian(b),
                "i8" => BinaryPrimitives.ReadInt64LittleEndian(b),
                "u8" => BinaryPrimitives.ReadUInt64LittleEndian(b),
                _ => throw new NotSupportedException($"dtype {dtype}"),
            };
        }
        return result;
    }

    public static float[] ToFloat(string dtype, ReadOnlySpan<byte> raw)
    {
        if (Normalise(dtype) == "f4")
        {
            var fast = new float[raw.Length / 4];
            for (int i = 0; i < fast.Length; i++)
                fast[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * 4, 4));
            return fast;
        }
        return Array.ConvertAll(ToDouble(dtype, raw), v => (float)v);
    }

    public static int[] ToInt32(string dtype, ReadOnlySpan<byte> raw) =>
        Array.ConvertAll(ToDouble(dtype, raw), v => checked((int)v));

    private static string Normalise(string dtype) => dtype switch
    {
        "F16" => "f2", "F32" => "f4", "F64" => "f8",
        "I8" => "i1", "U8" => "u1", "BOOL" => "b1",
        "I16" => "i2", "U16" => "u2", "I32" => "i4", "U32" => "u4", "I64" => "i8", "U64" => "u8",
        _ => dtype,
    };
}
