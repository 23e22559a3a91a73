using System.Buffers.Binary;

namespace FaceAlign3D.Imaging.Codecs.Jpeg;

/// <summary>
/// Decodes baseline, extended-sequential and progressive Huffman JPEGs (8-bit, 1/3/4 components, any integral
/// sampling factors, restart markers) to the pixels OpenCV's imread gets from libjpeg-turbo with its defaults:
/// ISLOW inverse DCT, fancy upsampling, libjpeg's colour tables; Adobe CMYK/YCCK converted as OpenCV does.
/// </summary>
internal static class JpegDecoder
{
    private const int MaxBlocksPerMcu = 10; // T.81 B.2.3 limit for interleaved scans

    /// <summary>True when <paramref name="data"/> starts with a JPEG SOI marker.</summary>
    public static bool IsJpeg(ReadOnlySpan<byte> data) => data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;

    /// <summary>Decodes a JPEG file to <see cref="PixelFormat.Rgb8"/> (colour) or <see cref="PixelFormat.Gray8"/> (one component).</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="fileName">Used only in error messages.</param>
    /// <param name="options">Pixel limit and whether to apply the EXIF orientation.</param>
    /// <exception cref="ImageFormatException">The data is corrupt, truncated, unsupported or over the pixel limit.</exception>
    public static Image Decode(ReadOnlySpan<byte> data, string? fileName, DecodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Session(data.ToArray(), fileName, options).Run();
    }

    /// <summary>State of one decode: tables and frame as the markers define them.</summary>
    private sealed class Session(byte[] data, string? fileName, DecodeOptions options)
    {
        private readonly int[]?[] _quant = new int[]?[4];
        private readonly JpegHuffmanTable?[] _dcTables = new JpegHuffmanTable?[4];
        private readonly JpegHuffmanTable?[] _acTables = new JpegHuffmanTable?[4];
        private JpegFrame? _frame;
        private int _restartInterval;
        private bool _sawJfif;
        private int _adobeTransform = -1;
        private int _orientation = 1;
        private int _scans;

        private ImageFormatException Error(string reason) => new(fileName, reason);

        public Image Run()
        {
            if (data.Length < 2 || data[0] != 0xFF || data[1] != 0xD8)
                throw Error("not a JPEG file (no SOI marker)");
            int pos = 2;
            while (pos < data.Length)
            {
                // Skip anything up to the next marker (libjpeg warns about such bytes) and the 0xFF fill bytes.
                while (pos < data.Length && data[pos] != 0xFF)
                    pos++;
                while (pos < data.Length && data[pos] == 0xFF)
                    pos++;
                if (pos >= data.Length)
                    break;
                int marker = data[pos++];
                if (marker == 0xD9)
                    break;
                if (marker is 0x01 or (>= 0xD0 and <= 0xD8))
                    continue; // TEM, stray RSTn or SOI: no payload
                if (pos + 2 > data.Length)
                    throw Error($"file is truncated in the header of marker 0x{marker:X2}");
                int length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(pos));
                if (length < 2 || pos + length > data.Length)
                    throw Error($"segment of marker 0x{marker:X2} at byte {pos - 2} has invalid length {length} ({data.Length - pos} bytes left)");
                var segment = data.AsSpan(pos + 2, length - 2);
                pos += length;
                switch (marker)
                {
                    case 0xC0 or 0xC1 or 0xC2:
                        ReadFrame(segment, progressive: marker == 0xC2);
                        break;
                    case 0xC3 or 0xC5 or 0xC6 or 0xC7 or 0xCB or 0xCD or 0xCE or 0xCF:
                        throw Error($"unsupported JPEG process (SOF{marker - 0xC0}: lossless or hierarchical)");
                    case 0xC9 or 0xCA or 0xCC:
                        throw Error("arithmetic-coded JPEG is not supported");
                    case 0xC4:
                        ReadHuffmanTables(segment);
                        break;
                    case 0xDB:
                        ReadQuantTables(segment);
                        break;
                    case 0xDD:
                        if (segment.Length < 2)
                            throw Error("DRI segment is too short");
                        _restartInterval = BinaryPrimitives.ReadUInt16BigEndian(segment);
                        break;
                    case 0xDA:
                        pos = ReadScan(segment, pos);
                        break;
                    case 0xDC:
                        throw Error("DNL marker (height defined after the first scan) is not supported");
                    case 0xE0:
                        _sawJfif |= segment.StartsWith("JFIF\0"u8);
                        break;
                    case 0xE1:
                        if (_orientation == 1)
                            _orientation = JpegExifOrientation.Read(segment);
                        break;
                    case 0xEE:
                        if (segment.Length >= 12 && segment.StartsWith("Adobe"u8))
                            _adobeTransform = segment[11];
                        break;
                }
            }
            if (_frame is null)
                throw Error("no frame header (SOF marker) found");
            if (_scans == 0)
                throw Error("no scan (SOS marker) found");

            if (_frame.Progressive)
                TransformCoefficients(_frame);
            var image = ConvertPixels(_frame);
            return options.ApplyExifOrientation ? JpegExifOrientation.Apply(image, _orientation) : image;
        }

        private void ReadFrame(ReadOnlySpan<byte> s, bool progressive)
        {
            if (_frame is not null)
                throw Error("more than one frame header (SOF marker)");
            if (s.Length < 6)
                throw Error("SOF segment is too short");
            int precision = s[0];
            int height = BinaryPrimitives.ReadUInt16BigEndian(s[1..]);
            int width = BinaryPrimitives.ReadUInt16BigEndian(s[3..]);
            int count = s[5];
            if (precision != 8)
                throw Error($"{precision}-bit sample precision is not supported (only 8-bit)");
            if (height == 0)
                throw Error("zero image height (height given by a DNL marker) is not supported");
            options.CheckDimensions(fileName, width, height);
            if (count is not (1 or 3 or 4))
                throw Error($"{count} colour components are not supported (1, 3 or 4)");
            if (s.Length < 6 + 3 * count)
                throw Error("SOF segment is too short for its components");

            var components = new JpegComponent[count];
            for (int i = 0; i < count; i++)
            {
                var c = s.Slice(6 + 3 * i, 3);
                int h = c[1] >> 4, v = c[1] & 15;
                if (h is < 1 or > 4 || v is < 1 or > 4)
                    throw Error($"component {i} has invalid sampling factors {h}x{v}");
                if (c[2] > 3)
                    throw Error($"component {i} refers to quantisation table {c[2]} (0-3 allowed)");
                for (int j = 0; j < i; j++)
                    if (components[j].Id == c[0])
                        throw Error($"component id {c[0]} appears twice in the frame header");
                components[i] = new JpegComponent { Id = c[0], H = h, V = v, QuantTableIndex = c[2] };
            }
            int maxH = components.Max(c => c.H), maxV = components.Max(c => c.V);
            foreach (var c in components)
                if (maxH % c.H != 0 || maxV % c.V != 0)
                    throw Error($"fractional sampling ({c.H}x{c.V} against {maxH}x{maxV}) is not supported");

            int mcusPerLine = (width + 8 * maxH - 1) / (8 * maxH);
            int mcusPerColumn = (height + 8 * maxV - 1) / (8 * maxV);
            foreach (var c in components)
            {
                c.Width = (int)(((long)width * c.H + maxH - 1) / maxH);
                c.Height = (int)(((long)height * c.V + maxV - 1) / maxV);
                c.BlocksPerLine = (c.Width + 7) / 8;
                c.BlocksPerColumn = (c.Height + 7) / 8;
                c.PaddedBlocksPerLine = mcusPerLine * c.H;
                c.PaddedBlocksPerColumn = mcusPerColumn * c.V;
            }
            _frame = new JpegFrame
            {
                Width = width, Height = height, Progressive = progressive, Components = components,
                MaxH = maxH, MaxV = maxV, McusPerLine = mcusPerLine, McusPerColumn = mcusPerColumn,
            };
        }

        private void ReadHuffmanTables(ReadOnlySpan<byte> s)
        {
            while (s.Length > 0)
            {
                if (s.Length < 17)
                    throw Error("DHT segment is truncated");
                int tableClass = s[0] >> 4, index = s[0] & 15;
                if (tableClass > 1 || index > 3)
                    throw Error($"invalid Huffman table class/index 0x{s[0]:X2}");
                var counts = s.Slice(1, 16);
                int total = 0;
                foreach (var n in counts)
                    total += n;
                if (s.Length < 17 + total)
                    throw Error("DHT segment is shorter than its code counts");
                var table = new JpegHuffmanTable(counts, s.Slice(17, total), fileName);
                (tableClass == 0 ? _dcTables : _acTables)[index] = table;
                s = s[(17 + total)..];
            }
        }

        private void ReadQuantTables(ReadOnlySpan<byte> s)
        {
            ReadOnlySpan<byte> zigzag = JpegTables.ZigZagToNatural;
            while (s.Length > 0)
            {
                int precision = s[0] >> 4, index = s[0] & 15;
                if (precision > 1 || index > 3)
                    throw Error($"invalid quantisation table precision/index 0x{s[0]:X2}");
                int size = 1 + 64 * (precision + 1);
                if (s.Length < size)
                    throw Error("DQT segment is truncated");
                var table = new int[64];
                for (int k = 0; k < 64; k++)
                    table[zigzag[k]] = precision == 0 ? s[1 + k] : BinaryPrimitives.ReadUInt16BigEndian(s[(1 + 2 * k)..]);
                _quant[index] = table;
                s = s[size..];
            }
        }

        /// <summary>Parses an SOS header, decodes its entropy-coded data and returns the position after it.</summary>
        private int ReadScan(ReadOnlySpan<byte> s, int dataStart)
        {
            var frame = _frame ?? throw Error("scan (SOS) before the frame header (SOF)");
            if (s.Length < 1)
                throw Error("SOS segment is too short");
            int count = s[0];
            if (count is < 1 or > 4 || s.Length < 4 + 2 * count)
                throw Error($"SOS segment is invalid for {count} components");
            int ss = s[1 + 2 * count], se = s[2 + 2 * count];
            int ah = s[3 + 2 * count] >> 4, al = s[3 + 2 * count] & 15;
            if (frame.Progressive)
            {
                bool valid = ss == 0 ? se == 0 : ss <= se && se <= 63 && count == 1;
                if (!valid || ah > 13 || al > 13)
                    throw Error($"invalid progressive scan parameters Ss={ss} Se={se} Ah={ah} Al={al}");
            }

            var components = new JpegComponent[count];
            int blocksPerMcu = 0;
            for (int i = 0; i < count; i++)
            {
                int id = s[1 + 2 * i], tables = s[2 + 2 * i];
                var c = Array.Find(frame.Components, x => x.Id == id)
                    ?? throw Error($"scan refers to unknown component id {id}");
                if (Array.IndexOf(components, c) >= 0)
                    throw Error($"component id {id} appears twice in a scan");
                components[i] = c;
                blocksPerMcu += c.H * c.V;
                int dc = tables >> 4, ac = tables & 15;
                bool needsDc = !frame.Progressive || (ss == 0 && ah == 0);
                bool needsAc = !frame.Progressive || ss > 0;
                c.DcTable = needsDc ? Table(_dcTables, dc, "DC") : null;
                c.AcTable = needsAc ? Table(_acTables, ac, "AC") : null;
                if (c.Quant is null)
                {
                    var q = (uint)c.QuantTableIndex < 4 ? _quant[c.QuantTableIndex] : null;
                    c.Quant = (int[]?)q?.Clone() ?? throw Error($"quantisation table {c.QuantTableIndex} is not defined");
                }
            }
            if (count > 1 && blocksPerMcu > MaxBlocksPerMcu)
                throw Error($"interleaved scan has {blocksPerMcu} blocks per MCU (at most {MaxBlocksPerMcu})");

            AllocatePlanes(frame);
            var reader = new JpegBitReader(data, dataStart, fileName);
            new JpegScanDecoder(frame, reader, fileName).Decode(components, ss, se, ah, al, _restartInterval);
            if (reader.ConsumedPastEnd)
                throw Error("file is truncated inside entropy-coded data");
            reader.FinishSegment();
            _scans++;
            return reader.Position;
        }

        private JpegHuffmanTable Table(JpegHuffmanTable?[] tables, int index, string kind) =>
            (index < 4 ? tables[index] : null) ?? throw Error($"{kind} Huffman table {index} is not defined");

        private static void AllocatePlanes(JpegFrame frame)
        {
            foreach (var c in frame.Components)
            {
                if (c.Plane.Length != 0)
                    continue;
                long blocks = (long)c.PaddedBlocksPerLine * c.PaddedBlocksPerColumn;
                c.Plane = new byte[checked(blocks * 64)];
                if (frame.Progressive)
                    c.Coefficients = new short[checked(blocks * 64)];
            }
        }

        private static void TransformCoefficients(JpegFrame frame)
        {
            foreach (var c in frame.Components)
            {
                if (c.Coefficients is null || c.Quant is null)
                    continue;
                for (int by = 0; by < c.BlocksPerColumn; by++)
                    for (int bx = 0; bx < c.BlocksPerLine; bx++)
                    {
                        int block = by * c.PaddedBlocksPerLine + bx;
                        JpegIdct.Transform(c.Coefficients.AsSpan(block * 64, 64), c.Quant,
                            c.Plane.AsSpan(by * 8 * c.PlaneStride + bx * 8), c.PlaneStride);
                    }
            }
        }

        private JpegColorSpace ColorSpace(JpegFrame frame)
        {
            var ids = frame.Components;
            switch (ids.Length)
            {
                case 1:
                    return JpegColorSpace.Grayscale;
                case 3:
                    if (_sawJfif)
                        return JpegColorSpace.YCbCr;
                    if (_adobeTransform >= 0)
                        return _adobeTransform == 0 ? JpegColorSpace.Rgb : JpegColorSpace.YCbCr;
                    return ids[0].Id == 'R' && ids[1].Id == 'G' && ids[2].Id == 'B' ? JpegColorSpace.Rgb : JpegColorSpace.YCbCr;
                default:
                    return _adobeTransform is >= 0 and not 0 ? JpegColorSpace.Ycck : JpegColorSpace.Cmyk;
            }
        }

        private Image ConvertPixels(JpegFrame frame)
        {
            var space = ColorSpace(frame);
            int width = frame.Width, height = frame.Height;
            var upsamplers = frame.Components.Select(c => new JpegUpsampler(c, frame.MaxH, frame.MaxV)).ToArray();
            if (space == JpegColorSpace.Grayscale)
            {
                var gray = new Image(width, height, PixelFormat.Gray8);
                for (int y = 0; y < height; y++)
                    upsamplers[0].Row(y)[..width].CopyTo(gray.Row(y));
                return gray;
            }

            var image = new Image(width, height, PixelFormat.Rgb8);
            for (int y = 0; y < height; y++)
            {
                var output = image.Row(y);
                var c0 = upsamplers[0].Row(y);
                var c1 = upsamplers[1].Row(y);
                var c2 = upsamplers[2].Row(y);
                switch (space)
                {
                    case JpegColorSpace.YCbCr:
                        JpegColorConverter.YCbCrToRgb(c0, c1, c2, output);
                        break;
                    case JpegColorSpace.Rgb:
                        JpegColorConverter.InterleaveRgb(c0, c1, c2, output);
                        break;
                    default:
                        JpegColorConverter.CmykToRgb(c0, c1, c2, upsamplers[3].Row(y), space == JpegColorSpace.Ycck, output);
                        break;
                }
            }
            return image;
        }
    }
}
