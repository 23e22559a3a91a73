using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using FaceAlign3D.Formats;
using FaceAlign3D.Models;

namespace FaceAlign3D.Tests.Models;

public sealed class MediaPipeFaceMeshInstallerTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("facealign3d-npm-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static readonly byte[] Landmark = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
    private static readonly byte[] Detector = Encoding.ASCII.GetBytes("detector model bytes");

    private static ModelEntry Entry(byte[] landmark, byte[] detector) => new("mp-test", "test", "Apache-2.0", "test",
    [
        new ModelFile("mediapipe/face_mesh/face_landmark.tflite", FileChecksum.Sha256(landmark), landmark.Length),
        new ModelFile("mediapipe/face_mesh/face_detection_short_range.tflite", FileChecksum.Sha256(detector), detector.Length),
    ], "test");

    private static string Loader(params (string Name, int Start, int End)[] files) =>
        "var Module = {};\n(function() {\n  loadPackage({\"files\": [" +
        string.Join(", ", files.Select(f => $"{{\"filename\": \"/third_party/mediapipe/modules/x/{f.Name}\", \"start\": {f.Start}, \"end\": {f.End}, \"audio\": 0}}")) +
        "], \"remote_package_size\": 999});\n})();\n";

    private static MemoryStream TarGz(params (string Name, byte[] Data)[] entries)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
        }
        output.Position = 0;
        return output;
    }

    private static MemoryStream Package(string loader) => TarGz(
        ("package/package.json", "{}"u8.ToArray()),
        (MediaPipeFaceMeshInstaller.DataEntry, [.. Landmark, .. Detector]),
        (MediaPipeFaceMeshInstaller.LoaderEntry, Encoding.UTF8.GetBytes(loader)));

    [Fact]
    public void Extracts_the_packed_assets_of_a_package()
    {
        using var tgz = Package(Loader(("face_landmark.tflite", 0, 300), ("face_detection_short_range.tflite", 300, 300 + Detector.Length)));
        MediaPipeFaceMeshInstaller.Extract(tgz, "test.tgz", _temp, Entry(Landmark, Detector));
        Assert.Equal(Landmark, File.ReadAllBytes(Path.Combine(_temp, "mediapipe", "face_mesh", "face_landmark.tflite")));
        Assert.Equal(Detector, File.ReadAllBytes(Path.Combine(_temp, "mediapipe", "face_mesh", "face_detection_short_range.tflite")));
        Assert.Equal(_temp, new ModelStore([_temp]).Resolve(Entry(Landmark, Detector)).Folder);
    }

    [Fact]
    public void Wrong_offsets_fail_the_checksum_and_write_nothing()
    {
        using var tgz = Package(Loader(("face_landmark.tflite", 1, 301), ("face_detection_short_range.tflite", 300, 300 + Detector.Length)));
        var e = Assert.Throws<ModelFormatException>(() => MediaPipeFaceMeshInstaller.Extract(tgz, "test.tgz", _temp, Entry(Landmark, Detector)));
        Assert.Contains("face_landmark.tflite", e.Message);
        Assert.False(Directory.Exists(Path.Combine(_temp, "mediapipe")));
    }

    [Fact]
    public void Offsets_past_the_data_and_missing_entries_are_reported()
    {
        using (var tgz = Package(Loader(("face_landmark.tflite", 0, 300), ("face_detection_short_range.tflite", 300, 100000))))
            Assert.Contains("ends at byte 100000", Assert.Throws<ModelFormatException>(() => MediaPipeFaceMeshInstaller.Extract(tgz, "t.tgz", _temp, Entry(Landmark, Detector))).Message);
        using (var tgz = TarGz(("package/package.json", "{}"u8.ToArray())))
            Assert.Contains("lacks", Assert.Throws<ModelFormatException>(() => MediaPipeFaceMeshInstaller.Extract(tgz, "t.tgz", _temp, Entry(Landmark, Detector))).Message);
        using (var junk = new MemoryStream(Encoding.ASCII.GetBytes("this is not gzip")))
            Assert.Throws<ModelFormatException>(() => MediaPipeFaceMeshInstaller.Extract(junk, "t.tgz", _temp, Entry(Landmark, Detector)));
    }

    [Fact]
    public void Loader_parsing_reduces_paths_to_file_names_and_rejects_garbage()
    {
        var assets = PackedAssets.ParseLoader(Loader(("a.tflite", 0, 10), ("b.binarypb", 10, 25)), "loader.js");
        Assert.Equal([new PackedAssets.Asset("a.tflite", 0, 10), new PackedAssets.Asset("b.binarypb", 10, 25)], assets);
        Assert.Throws<ModelFormatException>(() => PackedAssets.ParseLoader("no metadata here", "loader.js"));
        Assert.Throws<ModelFormatException>(() => PackedAssets.ParseLoader(Loader(("a", 10, 5)), "loader.js"));
        Assert.Throws<ModelFormatException>(() => PackedAssets.ParseLoader("{\"filename\": \"/x/..\", \"start\": 0, \"end\": 1}", "loader.js"));
    }
}
