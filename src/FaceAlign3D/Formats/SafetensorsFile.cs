using System.Buffers.Binary;
using System.Text.Json;

namespace FaceAlign3D.Formats;

/// <summary>
/// A safetensors file: u64 little-endian header length, a JSON header {name: {dtype, shape, data_offsets}},
/// then the raw little-endian tensor bytes. The whole file is read into memory once.
/// </summary>
internal sealed class SafetensorsFile
{
    private readonly byte[] _bytes;
    private readonly long _dataStart;
    private readonly Dictionary<string, Entry> _entries;
    private readonly string _name;

    private sealed record Entry(string DType, int[] Shape, long Begin, long End);

    private SafetensorsFile(string name, byte[] bytes, long dataStart, Dictionary<string, Entry> entries, IReadOnlyDictionary<string, string> metadata)
    {
        _name = name;
        _bytes = bytes;
        _dataStart = dataStart;
        _entries = entries;
        Metadata = metadata;
    }

    /// <summary>The free-text <c>__metadata__</c> of the header.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public IEnumerable<string> Names => _entries.Keys;

    public bool Contains(string name) => _entries.ContainsKey(name);

    public static SafetensorsFile Open(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException e) { throw new ModelFormatException(path, "cannot read file: " + e.Message, e); }
        return Parse(bytes, path);
    }

    public static SafetensorsFile Parse(byte[] bytes, string name)
    {
        if (bytes.Length < 8)
            throw new ModelFormatException(name, "too short for a safetensors header");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8))
            throw new ModelFormatException(name, $"header length {headerLength} runs past the end of the file");
        long dataStart = 8 + (long)headerLength;
        long dataLength = bytes.Length - dataStart;
        var entries = new Dictionary<string, Entry>();
        var metadata = new Dictionary<string, string>();
        try
        {
            using var doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == "__metadata__")
                {
                    foreach (var m in prop.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText();
                    continue;
                }
                string dtype = prop.Value.GetProperty("dtype").GetString() ?? "";
                if (!ElementDecoder.IsSupported(dtype))
                    throw new ModelFormatException(name, $"tensor '{prop.Name}' has unsupported dtype {dtype}");
                int[] shape = prop.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                var offsets = prop.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
                    throw new ModelFormatException(name, $"tensor '{prop.Name}' has data offsets outside the file");
                long count = shape.Aggregate(1L, (a, d) => d < 0 ? throw new ModelFormatException(name, $"tensor '{prop.Name}' has a negative dimension") : a * d);
                if (count * ElementDecoder.SizeOf(dtype) != offsets[1] - offsets[0])
                    throw new ModelFormatException(name, $"tensor '{prop.Name}' shape [{string.Join(",", shape)}] does not match its {offsets[1] - offsets[0]} bytes");
                entries[prop.Name] = new Entry(dtype, shape, offsets[0], offsets[1]);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new ModelFormatException(name, "malformed header: " + e.Message, e);
        }
        return new SafetensorsFile(name, bytes, dataStart, entries, metadata);
    }

    public int[] Shape(string tensor) => Get(tensor).Shape;

    public string DType(string tensor) => Get(tensor).DType;

    public DenseArray<float> ReadFloat(string tensor) => Read(tensor, ElementDecoder.ToFloat);

    public DenseArray<double> ReadDouble(string tensor) => Read(tensor, ElementDecoder.ToDouble);

    public DenseArray<int> ReadInt32(string tensor) => Read(tensor, ElementDecoder.ToInt32);

    private DenseArray<T> Read<T>(string tensor, RawConverter<T> convert)
    {
        var e = Get(tensor);
        var raw = _bytes.AsSpan((int)(_dataStart + e.Begin), (int)(e.End - e.Begin));
        return new DenseArray<T>((int[])e.Shape.Clone(), convert(e.DType, raw));
    }

    private Entry Get(string tensor) =>
        _entries.TryGetValue(tensor, out var e) ? e : throw new ModelFormatException(_name, $"no tensor named '{tensor}'");
}
