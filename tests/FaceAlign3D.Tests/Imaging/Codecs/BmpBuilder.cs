using System.Buffers.Binary;

namespace FaceAlign3D.Tests.Imaging.Codecs;

/// <summary>Writes BMP files with a BITMAPINFOHEADER (or V4 when an alpha mask is given) for tests.</summary>
internal static class BmpBuilder
{
    /// <param name="rows">Stored rows in file order, unpadded; padding to 4 bytes is added here.</param>
    public static byte[] Build(int width, int height, int bitCount, byte[][] rows, uint compression = 0,
        byte[]? paletteBgrx = null, uint[]? masks = null)
    {
        int headerSize = masks is { Length: 4 } ? 108 : 40;
        int masksLength = masks is null || headerSize == 108 ? 0 : 12;
        int paletteLength = paletteBgrx?.Length ?? 0;
        int offset = 14 + headerSize + masksLength + paletteLength;
        int stride = (Math.Abs(width) * bitCount + 31) / 32 * 4;
        var file = new byte[offset + stride * rows.Length];
        file[0] = (byte)'B';
        file[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(2), file.Length);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(10), offset);
        var info = file.AsSpan(14);
        BinaryPrimitives.WriteInt32LittleEndian(info, headerSize);
        BinaryPrimitives.WriteInt32LittleEndian(info[4..], width);
        BinaryPrimitives.WriteInt32LittleEndian(info[8..], height);
        BinaryPrimitives.WriteInt16LittleEndian(info[12..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(info[14..], (short)bitCount);
        BinaryPrimitives.WriteUInt32LittleEndian(info[16..], compression);
        BinaryPrimitives.WriteInt32LittleEndian(info[32..], paletteLength / 4);
        if (masks is not null)
            for (int i = 0; i < masks.Length; i++)
                BinaryPrimitives.WriteUInt32LittleEndian(info[(40 + 4 * i)..], masks[i]);
        paletteBgrx?.CopyTo(file, 14 + headerSize + masksLength);
        for (int r = 0; r < rows.Length; r++)
            rows[r].CopyTo(file, offset + r * stride);
        return file;
    }
}
