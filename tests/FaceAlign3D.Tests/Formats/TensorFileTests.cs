using System.Buffers.Binary;
using System.Text;
using FaceAlign3D.Formats;

namespace FaceAlign3D.Tests.Formats;

[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class TensorFileTests
{
    [Fact]
    public void Npy_reads_reference_input_shape_and_values()
    {
        var a = NpyReader.ReadFloat(SharedData.PathOf("reference", "onnx", "mb05_120x120", "emma_face0.input.npy"));
        Assert.Equal([1, 3, 120, 120], a.Shape);
        Assert.Equal(3 * 120 * 120, a.Data.Length);
        Assert.All(a.Data, v => Assert.InRange(v, -1.0f, 1.0f)); // (x-127.5)/128 of bytes
    }

    [Fact]
    public void Npy_round_trips_a_handmade_file()
    {
        var bytes = MakeNpy("<f8", "(2, 3)", [1.5, -2, 3, 4, 5, 6.25]);
        var a = NpyReader.ReadFloat(bytes);
        Assert.Equal([2, 3], a.Shape);
        Assert.Equal([1.5f, -2f, 3f, 4f, 5f, 6.25f], a.Data);
    }

    [Theory]
    [InlineData("<f4", "(1000000000,)")]
    [InlineData(">f4", "(2,)")]
    [InlineData("<c8", "(2,)")]
    public void Npy_rejects_bad_headers(string descr, string shape)
    {
        var bytes = MakeNpy(descr, shape, [1, 2]);
        Assert.Throws<ModelFormatException>(() => NpyReader.ReadFloat(bytes, "bad.npy"));
    }

    [Fact]
    public void Safetensors_reads_bfm_tensors()
    {
        var f = SafetensorsFile.Open(SharedData.PathOf("models", "tddfa_v2", "bfm_3ddfa_v2.safetensors"));
        Assert.Equal([62], f.Shape("param_mean"));
        Assert.Equal([204, 40], f.Shape("w_shp_base"));
        Assert.Equal(68, f.ReadInt32("keypoints").Data.Length);
    }

    [Fact]
    public void Safetensors_rejects_offsets_outside_the_file()
    {
        var header = Encoding.UTF8.GetBytes("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}");
        var bytes = new byte[8 + header.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        var e = Assert.Throws<ModelFormatException>(() => SafetensorsFile.Parse(bytes, "t.safetensors"));
        Assert.Contains("'x'", e.Message);
    }

    private static byte[] MakeNpy(string descr, string shape, double[] values)
    {
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        header = header.PadRight(118) + "\n";
        var ms = new MemoryStream();
        ms.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        ms.Write(BitConverter.GetBytes((ushort)header.Length));
        ms.Write(Encoding.Latin1.GetBytes(header));
        foreach (var v in values)
            ms.Write(descr == "<f8" ? BitConverter.GetBytes(v) : BitConverter.GetBytes((float)v));
        return ms.ToArray();
    }
}
