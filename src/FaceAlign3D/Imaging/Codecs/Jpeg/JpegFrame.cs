namespace FaceAlign3D.Imaging.Codecs.Jpeg;

/// <summary>One colour component of a frame and the decoded samples it owns.</summary>
internal sealed class JpegComponent
{
    public required int Id { get; init; }
    public required int H { get; init; }
    public required int V { get; init; }
    public required int QuantTableIndex { get; init; }

    /// <summary>Real sample size of the component: ceil(frame size * factor / max factor).</summary>
    public int Width { get; set; }
    public int Height { get; set; }

    /// <summary>Blocks that cover the real samples (what a single-component scan codes).</summary>
    public int BlocksPerLine { get; set; }
    public int BlocksPerColumn { get; set; }

    /// <summary>Blocks padded to whole MCUs (what interleaved scans code); the planes use this size.</summary>
    public int PaddedBlocksPerLine { get; set; }
    public int PaddedBlocksPerColumn { get; set; }

    /// <summary>Quantisation table in natural order, latched when the component first appears in a scan.</summary>
    public int[]? Quant { get; set; }

    /// <summary>Progressive frames: all coefficients, 64 per block, natural order.</summary>
    public short[]? Coefficients { get; set; }

    /// <summary>Decoded samples, <see cref="PlaneStride"/> bytes per row.</summary>
    public byte[] Plane { get; set; } = [];
    public int PlaneStride => PaddedBlocksPerLine * 8;

    public JpegHuffmanTable? DcTable { get; set; }
    public JpegHuffmanTable? AcTable { get; set; }
    public int DcPredictor { get; set; }
}

/// <summary>The SOFn header: size, coding process and components.</summary>
internal sealed class JpegFrame
{
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required bool Progressive { get; init; }
    public required JpegComponent[] Components { get; init; }
    public int MaxH { get; init; }
    public int MaxV { get; init; }
    public int McusPerLine { get; init; }
    public int McusPerColumn { get; init; }
}
