using System.Buffers.Binary;
using System.Text;

namespace FaceAlign3D.Formats;

/// <summary>
/// Reads Python pickles (protocols 2-5) whose top level is a dict of numpy arrays, as the 3DDFA
/// configuration files (bfm_noneck_v3.pkl, param_mean_std_62d_120x120.pkl) are stored. This is a data-only
/// interpreter: it knows the handful of callables numpy uses to rebuild arrays and dtypes and refuses any
/// other global, so a hostile pickle cannot run code; it only fails with <see cref="ModelFormatException"/>.
/// </summary>
internal static class PickleNumpyReader
{
    /// <summary>Largest accepted length prefix, to refuse absurd sizes before allocating.</summary>
    private const long MaxChunk = int.MaxValue - 64;

    public static IReadOnlyDictionary<string, PickledArray> ReadFile(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException e) { throw new ModelFormatException(path, "cannot read file: " + e.Message, e); }
        return Read(bytes, path);
    }

    /// <summary>
    /// Parses <paramref name="bytes"/> and returns the ndarray entries of the top-level dict
    /// (entries of other types, such as plain numbers, are left out).
    /// </summary>
    public static IReadOnlyDictionary<string, PickledArray> Read(byte[] bytes, string? name = null)
    {
        object? top;
        try { top = new Machine(bytes, name).Run(); }
        catch (Exception e) when (e is InvalidCastException or ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException or DecoderFallbackException)
        {
            throw new ModelFormatException(name, "malformed pickle: " + e.Message, e);
        }
        if (top is not Dictionary<object, object?> dict)
            throw new ModelFormatException(name, $"the pickle holds a {Describe(top)}, not a dict of arrays");
        var result = new Dictionary<string, PickledArray>();
        foreach (var (key, value) in dict)
            if (key is string k && value is PickledArray a)
                result[k] = a;
        return result;
    }

    private static string Describe(object? o) => o switch
    {
        null => "None",
        PyGlobal g => $"{g.Module}.{g.Name}",
        _ => o.GetType().Name,
    };

    private sealed record PyGlobal(string Module, string Name);

    private sealed class Mark
    {
        public static readonly Mark Instance = new();
    }

    /// <summary>A numpy dtype being rebuilt: numpy.dtype('f8', False, True) then BUILD with its state.</summary>
    private sealed class PyDType(string code)
    {
        public string Code { get; } = code;
        public char ByteOrder { get; set; } = '=';
    }

    /// <summary>An ndarray created by _reconstruct whose shape, dtype and bytes arrive with BUILD.</summary>
    private sealed class PendingArray;

    private sealed class Machine(byte[] data, string? name)
    {
        private readonly List<object?> _stack = [];
        private readonly Dictionary<long, object?> _memo = [];
        private int _pos;

        public object? Run()
        {
            while (true)
            {
                byte op = ReadByte();
                switch (op)
                {
                    case 0x80: ReadByte(); break; // PROTO
                    case 0x95: ReadBytes(8); break; // FRAME: only a length hint
                    case (byte)'.': return _stack.Count == 1 ? _stack[0] : Fail<object?>("stack is not a single object at STOP");
                    case (byte)'(': _stack.Add(Mark.Instance); break;
                    case (byte)'}': _stack.Add(new Dictionary<object, object?>()); break;
                    case (byte)']': _stack.Add(new List<object?>()); break;
                    case (byte)')': _stack.Add(Array.Empty<object?>()); break;
                    case (byte)'t': _stack.Add(PopToMark().ToArray()); break;
                    case 0x85: _stack.Add(new[] { Pop() }); break;
                    case 0x86: { var b = Pop(); var a = Pop(); _stack.Add(new[] { a, b }); break; }
                    case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); _stack.Add(new[] { a, b, c }); break; }
                    case (byte)'N': _stack.Add(null); break;
                    case 0x88: _stack.Add(true); break;
                    case 0x89: _stack.Add(false); break;
                    case (byte)'J': _stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break;
                    case (byte)'K': _stack.Add((long)ReadByte()); break;
                    case (byte)'M': _stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))); break;
                    case 0x8a: _stack.Add(ReadLong1()); break;
                    case (byte)'G': _stack.Add(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break;
                    case (byte)'X': _stack.Add(Encoding.UTF8.GetString(ReadBytes(ReadLength(4)))); break;
                    case 0x8c: _stack.Add(Encoding.UTF8.GetString(ReadBytes(ReadByte()))); break;
                    case 0x8d: _stack.Add(Encoding.UTF8.GetString(ReadBytes(ReadLength(8)))); break;
                    case (byte)'T': _stack.Add(ReadBytes(ReadLength(4)).ToArray()); break; // Python 2 str: raw bytes
                    case (byte)'U': _stack.Add(ReadBytes(ReadByte()).ToArray()); break;
                    case (byte)'B': _stack.Add(ReadBytes(ReadLength(4)).ToArray()); break;
                    case (byte)'C': _stack.Add(ReadBytes(ReadByte()).ToArray()); break;
                    case 0x8e: _stack.Add(ReadBytes(ReadLength(8)).ToArray()); break;
                    case 0x96: _stack.Add(ReadBytes(ReadLength(8)).ToArray()); break; // BYTEARRAY8
                    case (byte)'c': { string module = ReadLine(); string attr = ReadLine(); _stack.Add(new PyGlobal(module, attr)); break; }
                    case 0x93:
                        {
                            // STACK_GLOBAL: both names come off the stack; a None there would pass a null-forgiving cast.
                            object? attr = Pop(), module = Pop();
                            _stack.Add(module is string m && attr is string a ? new PyGlobal(m, a) : Fail<object>("STACK_GLOBAL needs a module and a name string"));
                            break;
                        }
                    case (byte)'R':
                        {
                            var args = Pop() as object?[] ?? Fail<object?[]>("REDUCE without an argument tuple");
                            var callable = Pop();
                            _stack.Add(Call(callable, args));
                            break;
                        }
                    case (byte)'b': { var state = Pop(); Build(Peek(), state); break; }
                    case (byte)'q': _memo[ReadByte()] = Peek(); break;
                    case (byte)'r': _memo[BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))] = Peek(); break;
                    case 0x94: _memo[_memo.Count] = Peek(); break;
                    case (byte)'h': _stack.Add(Recall(ReadByte())); break;
                    case (byte)'j': _stack.Add(Recall(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break;
                    case (byte)'s': { var v = Pop(); var k = Pop(); AsDict(Peek())[Key(k)] = v; break; }
                    case (byte)'u':
                        {
                            var items = PopToMark();
                            if (items.Count % 2 != 0) Fail<object>("SETITEMS with an odd number of items");
                            var d = AsDict(Peek());
                            for (int i = 0; i < items.Count; i += 2) d[Key(items[i])] = items[i + 1];
                            break;
                        }
                    case (byte)'a': { var v = Pop(); AsList(Peek()).Add(v); break; }
                    case (byte)'e': { var items = PopToMark(); AsList(Peek()).AddRange(items); break; }
                    case 0x97 or 0x98: Fail<object>("out-of-band pickle buffers are not supported"); break;
                    default: Fail<object>($"unsupported pickle opcode 0x{op:x2} at byte {_pos - 1}"); break;
                }
            }
        }

        private object? Call(object? callable, object?[] args)
        {
            if (callable is not PyGlobal g)
                return Fail<object?>($"REDUCE on a {Describe(callable)}");
            string module = g.Module.Replace("numpy._core", "numpy.core");
            switch (module, g.Name)
            {
                case ("numpy.core.multiarray", "_reconstruct"):
                    return new PendingArray();
                case ("numpy", "dtype"):
                    return args.Length >= 1 && AsText(args[0]) is { } code ? new PyDType(code) : Fail<object?>("numpy.dtype without a type code");
                case ("_codecs", "encode"):
                    // Protocol-2 pickles written by Python 3 carry bytes as _codecs.encode(text, 'latin1').
                    return args.Length >= 1 && args[0] is string text ? Encoding.Latin1.GetBytes(text) : Fail<object?>("_codecs.encode without text");
                case ("numpy.core.numeric", "_frombuffer"):
                    // Protocol 5: _frombuffer(buffer, dtype, shape, order).
                    if (args.Length != 4 || args[0] is not byte[] buffer || args[1] is not PyDType dt || args[2] is not object?[] shape || AsText(args[3]) is not { } order)
                        return Fail<object?>("unexpected _frombuffer arguments");
                    return MakeArray(dt, shape, order == "F", buffer);
                default:
                    return Fail<object?>($"refusing to call {g.Module}.{g.Name}: only numpy array reconstruction is allowed");
            }
        }

        private void Build(object? target, object? state)
        {
            switch (target)
            {
                case PyDType dt:
                    // (version, byteorder, subarray, names, fields, elsize, alignment, flags)
                    if (state is object?[] s && s.Length >= 2 && AsText(s[1]) is { Length: 1 } order)
                        dt.ByteOrder = order[0];
                    else
                        Fail<object>("unexpected dtype state");
                    break;
                case PendingArray:
                    // (version, shape, dtype, is_fortran, raw bytes)
                    if (state is not object?[] st || st.Length != 5 || st[1] is not object?[] shape || st[2] is not PyDType dtype || st[3] is not bool fortran)
                    {
                        Fail<object>("unexpected ndarray state");
                        return;
                    }
                    if (st[4] is not byte[] raw)
                    {
                        Fail<object>("object arrays (elements stored as a list) are not supported");
                        return;
                    }
                    var array = MakeArray(dtype, shape, fortran, raw);
                    _stack[^1] = array;
                    // The memo took the placeholder right after REDUCE: later references must see the array.
                    foreach (var key in _memo.Where(m => ReferenceEquals(m.Value, target)).Select(m => m.Key).ToList())
                        _memo[key] = array;
                    break;
                default:
                    Fail<object>($"BUILD on a {Describe(target)}");
                    break;
            }
        }

        private PickledArray MakeArray(PyDType dtype, object?[] shapeItems, bool fortran, byte[] raw)
        {
            if (dtype.ByteOrder == '>')
                Fail<object>($"big-endian dtype {dtype.Code} is not supported");
            string code = dtype.Code.TrimStart('<', '=', '|');
            if (!ElementDecoder.IsSupported(code))
                Fail<object>($"unsupported dtype '{dtype.Code}'");
            var shape = new int[shapeItems.Length];
            long count = 1;
            for (int i = 0; i < shape.Length; i++)
            {
                if (shapeItems[i] is not long d || d < 0 || d > int.MaxValue)
                    return Fail<PickledArray>("bad array dimension");
                shape[i] = (int)d;
                count *= d;
                if (count > int.MaxValue)
                    return Fail<PickledArray>("array is too large");
            }
            long expected = count * ElementDecoder.SizeOf(code);
            if (raw.LongLength != expected)
                Fail<object>($"array {code}[{string.Join(",", shape)}] needs {expected} bytes but has {raw.LongLength}");
            return new PickledArray(code, shape, fortran && shape.Length > 1, raw);
        }

        private object? Recall(long key) => _memo.TryGetValue(key, out var v) ? v : Fail<object?>($"memo key {key} is not defined");

        /// <summary>Dict keys as text; Python 2 str keys arrive as bytes.</summary>
        private static object Key(object? k) => AsText(k) ?? k ?? "None";

        /// <summary>Text from a Python 3 str, or from a Python 2 str (stored as raw bytes, read as Latin-1).</summary>
        private static string? AsText(object? o) => o switch
        {
            string s => s,
            byte[] b when b.Length <= 256 => Encoding.Latin1.GetString(b),
            _ => null,
        };

        private Dictionary<object, object?> AsDict(object? o) => o as Dictionary<object, object?> ?? Fail<Dictionary<object, object?>>($"SETITEM on a {Describe(o)}");

        private List<object?> AsList(object? o) => o as List<object?> ?? Fail<List<object?>>($"APPEND on a {Describe(o)}");

        private object? Pop()
        {
            if (_stack.Count == 0 || _stack[^1] is Mark)
                return Fail<object?>("stack underflow");
            var v = _stack[^1];
            _stack.RemoveAt(_stack.Count - 1);
            return v;
        }

        private object? Peek() => _stack.Count > 0 && _stack[^1] is not Mark ? _stack[^1] : Fail<object?>("stack underflow");

        private List<object?> PopToMark()
        {
            int m = _stack.FindLastIndex(o => o is Mark);
            if (m < 0)
                Fail<object>("no MARK on the stack");
            var items = _stack.GetRange(m + 1, _stack.Count - m - 1);
            _stack.RemoveRange(m, _stack.Count - m);
            return items;
        }

        private byte ReadByte() => _pos < data.Length ? data[_pos++] : Fail<byte>("unexpected end of data");

        private ReadOnlySpan<byte> ReadBytes(long n)
        {
            if (n < 0 || n > data.Length - _pos)
                Fail<object>($"a {n}-byte field runs past the end of the data");
            var span = data.AsSpan(_pos, (int)n);
            _pos += (int)n;
            return span;
        }

        private long ReadLength(int size)
        {
            long n = size == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)) : BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8));
            return n < 0 || n > MaxChunk ? Fail<long>($"field length {n} is out of range") : n;
        }

        private long ReadLong1()
        {
            int n = ReadByte();
            if (n > 8)
                return Fail<long>("integer wider than 64 bits");
            var b = ReadBytes(n);
            long v = 0;
            for (int i = n - 1; i >= 0; i--)
                v = (v << 8) | b[i];
            if (n is > 0 and < 8 && (b[n - 1] & 0x80) != 0)
                v -= 1L << (8 * n); // two's complement sign
            return v;
        }

        private string ReadLine()
        {
            int end = Array.IndexOf(data, (byte)'\n', _pos);
            if (end < 0 || end - _pos > 256)
                return Fail<string>("unterminated GLOBAL name");
            string s = Encoding.ASCII.GetString(data, _pos, end - _pos);
            _pos = end + 1;
            return s;
        }

        private T Fail<T>(string reason) => throw new ModelFormatException(name, reason);
    }
}
