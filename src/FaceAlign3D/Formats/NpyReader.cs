using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace FaceAlign3D.Formats;

/// <summary>Reads numpy .npy files (format versions 1-3, little-endian numeric dtypes, C order).</summary>
internal static partial class NpyReader
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static DenseArray<float> ReadFloat(string path) => Read(path, ElementDecoder.ToFloat);

    public static DenseArray<double> ReadDouble(string path) => Read(path, ElementDecoder.ToDouble);

    public static DenseArray<float> ReadFloat(ReadOnlySpan<byte> bytes, string? name = null) => Parse(bytes, name, ElementDecoder.ToFloat);

    private static DenseArray<T> Read<T>(string path, RawConverter<T> convert)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException e) { throw new ModelFormatException(path, "cannot read file: " + e.Message, e); }
        return Parse(bytes, path, convert);
    }

    private static DenseArray<T> Parse<T>(ReadOnlySpan<byte> bytes, string? name, RawConverter<T> convert)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
            throw new ModelFormatException(name, "not a .npy file (bad magic)");
        int major = bytes[6];
        int headerLength, headerStart;
        if (major == 1) { headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]); headerStart = 10; }
        else if (major is 2 or 3 && bytes.Length >= 12) { headerLength = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..])); headerStart = 12; }
        else throw new ModelFormatException(name, $"unsupported .npy version {major}");
        if (headerLength > bytes.Length - headerStart)
            throw new ModelFormatException(name, "header runs past the end of the file");
        string header = Encoding.Latin1.GetString(bytes.Slice(headerStart, headerLength));

        var descr = DescrPattern().Match(header);
        var order = FortranPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shapeMatch.Success)
            throw new ModelFormatException(name, $"malformed header: {header.Trim()}");
        if (order.Groups[1].Value == "True")
            throw new ModelFormatException(name, "Fortran-ordered arrays are not supported");
        string dtype = descr.Groups[1].Value;
        if (dtype.Length < 3 || dtype[0] == '>' || !ElementDecoder.IsSupported(dtype[1..]))
            throw new ModelFormatException(name, $"unsupported dtype '{dtype}'");
        dtype = dtype[1..];

        var shape = shapeMatch.Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, out int d) && d >= 0 ? d : throw new ModelFormatException(name, $"bad dimension '{s}'"))
            .ToArray();
        long count = shape.Aggregate(1L, (a, d) => a * d);
        long dataBytes = count * ElementDecoder.SizeOf(dtype);
        var data = bytes[(headerStart + headerLength)..];
        if (data.Length < dataBytes)
            throw new ModelFormatException(name, $"data is truncated: {data.Length} bytes for {count} elements of {dtype}");
        return new DenseArray<T>(shape, convert(dtype, data[..(int)dataBytes]));
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
