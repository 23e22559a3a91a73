using System.Text;
using FaceAlign3D.Formats;

namespace FaceAlign3D.Tests.Formats;

public class PickleNumpyReaderTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Reads_a_dict_of_arrays(int protocol)
    {
        var bytes = NumpyPickleBuilder.Dict(protocol,
            ("u", "f8", [3, 1], false, NumpyPickleBuilder.Floats(1.5, -2, 1e-3)),
            ("keypoints", "i4", [4], false, NumpyPickleBuilder.Ints(0, 5, 7, 300)));
        var arrays = PickleNumpyReader.Read(bytes, "test.pkl");
        Assert.Equal(["keypoints", "u"], arrays.Keys.Order());
        var u = arrays["u"].ToFloat();
        Assert.Equal([3, 1], u.Shape);
        Assert.Equal([1.5f, -2f, 1e-3f], u.Data);
        Assert.Equal([0, 5, 7, 300], arrays["keypoints"].ToInt32().Data);
    }

    [Fact]
    public void Reads_python2_str_keys_and_type_codes()
    {
        var bytes = NumpyPickleBuilder.Python2Dict(("w", "f4", [2], false, [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40]));
        Assert.Equal([1f, 2f], PickleNumpyReader.Read(bytes)["w"].ToFloat().Data);
    }

    [Fact]
    public void A_memoised_array_referenced_twice_is_the_built_array()
    {
        var single = NumpyPickleBuilder.Dict(2, ("a", "f8", [2], false, NumpyPickleBuilder.Floats(3, 4)));
        // Before the final SETITEMS and STOP: key "b" -> BINGET 1 (the memo slot of the array).
        byte[] alias = [(byte)'X', 1, 0, 0, 0, (byte)'b', (byte)'h', 1];
        var bytes = single[..^2].Concat(alias).Concat(single[^2..]).ToArray();
        var arrays = PickleNumpyReader.Read(bytes);
        Assert.Equal([3f, 4f], arrays["b"].ToFloat().Data);
        Assert.Same(arrays["a"], arrays["b"]);
    }

    [Fact]
    public void Fortran_ordered_arrays_come_out_in_row_major_order()
    {
        // The 2x3 matrix [[1,2,3],[4,5,6]] stored column by column.
        var bytes = NumpyPickleBuilder.Dict(2, ("w", "f8", [2, 3], true, NumpyPickleBuilder.Floats(1, 4, 2, 5, 3, 6)));
        var w = PickleNumpyReader.Read(bytes)["w"].ToFloat();
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], w.Data);
    }

    [Fact]
    public void Refuses_globals_other_than_numpy_reconstruction()
    {
        // cos\nsystem\n(S'echo hi'\ntR. : the classic code-execution pickle, written with BINUNICODE.
        var hostile = new List<byte> { 0x80, 2 };
        hostile.AddRange(Encoding.ASCII.GetBytes("cos\nsystem\n("));
        hostile.Add((byte)'X'); hostile.AddRange(BitConverter.GetBytes(7)); hostile.AddRange(Encoding.ASCII.GetBytes("echo hi"));
        hostile.AddRange(Encoding.ASCII.GetBytes("tR."));
        var e = Assert.Throws<ModelFormatException>(() => PickleNumpyReader.Read(hostile.ToArray(), "evil.pkl"));
        Assert.Contains("os.system", e.Message);
        Assert.Contains("evil.pkl", e.Message);
    }

    [Fact]
    public void Truncated_or_inconsistent_pickles_fail_cleanly()
    {
        var good = NumpyPickleBuilder.Dict(4, ("u", "f8", [3], false, NumpyPickleBuilder.Floats(1, 2, 3)));
        for (int cut = 1; cut < good.Length; cut += 7)
            Assert.Throws<ModelFormatException>(() => PickleNumpyReader.Read(good[..cut], "cut.pkl"));
        var wrongSize = NumpyPickleBuilder.Dict(4, ("u", "f8", [4], false, NumpyPickleBuilder.Floats(1, 2, 3)));
        Assert.Contains("needs 32 bytes", Assert.Throws<ModelFormatException>(() => PickleNumpyReader.Read(wrongSize)).Message);
        Assert.Throws<ModelFormatException>(() => PickleNumpyReader.Read([0x80, 2, 0xff]));
        Assert.Throws<ModelFormatException>(() => PickleNumpyReader.Read([0x80, 2, (byte)'K', 1, (byte)'.']));
    }
}
