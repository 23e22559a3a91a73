namespace FaceAlign3D.Neural.Graph;

/// <summary>One operator attribute; only the members matching its kind are meaningful.</summary>
internal sealed record AttributeValue
{
    public float Float { get; init; }
    public long Int { get; init; }
    public string? String { get; init; }
    public ConstantTensor? Tensor { get; init; }
    public float[]? Floats { get; init; }
    public long[]? Ints { get; init; }
}

/// <summary>The attributes of a node, with typed getters that name the node when a value is missing or wrong.</summary>
internal sealed class NodeAttributes
{
    private readonly Dictionary<string, AttributeValue> _values;

    public NodeAttributes(Dictionary<string, AttributeValue> values) => _values = values;

    public static NodeAttributes Empty { get; } = new([]);

    public IEnumerable<string> Names => _values.Keys;

    public bool Has(string name) => _values.ContainsKey(name);

    public long GetInt(string name, long fallback) => _values.TryGetValue(name, out var v) ? v.Int : fallback;

    public float GetFloat(string name, float fallback) => _values.TryGetValue(name, out var v) ? v.Float : fallback;

    public string GetString(string name, string fallback) => _values.TryGetValue(name, out var v) && v.String is not null ? v.String : fallback;

    public long[]? GetInts(string name) => _values.TryGetValue(name, out var v) ? v.Ints ?? [] : null;

    public float[]? GetFloats(string name) => _values.TryGetValue(name, out var v) ? v.Floats ?? [] : null;

    public ConstantTensor? GetTensor(string name) => _values.TryGetValue(name, out var v) ? v.Tensor : null;
}
