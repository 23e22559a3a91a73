using System.Buffers.Binary;
using System.Text;

namespace FaceAlign3D.Tests.Formats;

/// <summary>
/// Assembles pickle bytes the way Python's pickler writes a dict of numpy arrays, opcode by opcode,
/// for protocol 2 (GLOBAL, bytes as _codecs.encode; with <paramref name="python2Strings"/> text as Python 2 str),
/// protocol 4 (STACK_GLOBAL, BINBYTES, MEMOIZE) or protocol 5 (arrays through numpy's _frombuffer).
/// </summary>
public sealed class NumpyPickleBuilder(int protocol, bool python2Strings = false)
{
    private readonly List<byte> _bytes = [0x80, (byte)protocol];

    public static byte[] Dict(int protocol, params (string Key, string DType, int[] Shape, bool Fortran, byte[] Raw)[] arrays) =>
        Dict(new NumpyPickleBuilder(protocol), arrays);

    public static byte[] Python2Dict(params (string Key, string DType, int[] Shape, bool Fortran, byte[] Raw)[] arrays) =>
        Dict(new NumpyPickleBuilder(2, python2Strings: true), arrays);

    private static byte[] Dict(NumpyPickleBuilder b, (string Key, string DType, int[] Shape, bool Fortran, byte[] Raw)[] arrays)
    {
        b.Op('}');
        b.Op('(');
        foreach (var a in arrays)
        {
            b.Text(a.Key);
            b.Array(a.DType, a.Shape, a.Fortran, a.Raw);
        }
        b.Op('u');
        b.Op('.');
        return b._bytes.ToArray();
    }

    public static byte[] Floats(params double[] values) => values.SelectMany(v => BitConverter.GetBytes(v)).ToArray();

    public static byte[] Ints(params int[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    private void Array(string dtype, int[] shape, bool fortran, byte[] raw)
    {
        if (protocol >= 5)
        {
            // _frombuffer(buffer, dtype, shape, order) with the buffer in-band as BYTEARRAY8.
            Global("numpy.core.numeric", "_frombuffer");
            Op('(');
            _bytes.Add(0x96); _bytes.AddRange(BitConverter.GetBytes((long)raw.Length)); _bytes.AddRange(raw);
            DType(dtype);
            Op('(');
            foreach (int d in shape) Int(d);
            Op('t');
            Text(fortran ? "F" : "C");
            Op('t');
            Op('R');
            return;
        }
        Global("numpy.core.multiarray", "_reconstruct");
        Global("numpy", "ndarray");
        Int(0); _bytes.Add(0x85);               // (0,)
        Bytes("b"u8.ToArray());
        _bytes.Add(0x87);                       // TUPLE3
        Op('R');
        Op('q'); _bytes.Add(1);                 // memoised before BUILD, as the pickler does (BINPUT 1)
        Op('(');                                // state
        Int(1);
        Op('(');
        foreach (int d in shape) Int(d);
        Op('t');
        DType(dtype);
        _bytes.Add(fortran ? (byte)0x88 : (byte)0x89);
        Bytes(raw);
        Op('t');
        Op('b');
    }

    private void DType(string dtype)
    {
        Global("numpy", "dtype");
        Text(dtype); _bytes.Add(0x89); _bytes.Add(0x88); _bytes.Add(0x87); // ('f8', False, True)
        Op('R');
        Op('(');
        Int(3); Text("<"); Op('N'); Op('N'); Op('N'); Int(-1); Int(-1); Int(0);
        Op('t');
        Op('b');
    }

    private void Global(string module, string name)
    {
        if (protocol >= 4)
        {
            Text(module); Text(name); _bytes.Add(0x93); _bytes.Add(0x94);
        }
        else
        {
            Op('c'); _bytes.AddRange(Encoding.ASCII.GetBytes(module + "\n" + name + "\n"));
            Op('q'); _bytes.Add(0);
        }
    }

    private void Text(string s)
    {
        var utf8 = Encoding.UTF8.GetBytes(s);
        if (python2Strings && utf8.Length < 256) { Op('U'); _bytes.Add((byte)utf8.Length); _bytes.AddRange(utf8); return; }
        if (protocol >= 4 && utf8.Length < 256) { _bytes.Add(0x8c); _bytes.Add((byte)utf8.Length); }
        else { Op('X'); Le32(utf8.Length); }
        _bytes.AddRange(utf8);
    }

    private void Bytes(byte[] raw)
    {
        if (protocol >= 3) { Op('B'); Le32(raw.Length); _bytes.AddRange(raw); return; }
        if (python2Strings) { Op('T'); Le32(raw.Length); _bytes.AddRange(raw); return; } // a Python 2 str holds the bytes
        // Protocol 2 from Python 3: _codecs.encode(latin-1 text, 'latin1').
        Global("_codecs", "encode");
        Text(Encoding.Latin1.GetString(raw));
        Text("latin1");
        _bytes.Add(0x86);
        Op('R');
    }

    private void Int(int v)
    {
        if (v is >= 0 and < 256) { Op('K'); _bytes.Add((byte)v); }
        else { Op('J'); Le32(v); }
    }

    private void Le32(int v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, v);
        _bytes.AddRange(b.ToArray());
    }

    private void Op(char c) => _bytes.Add((byte)c);
}
