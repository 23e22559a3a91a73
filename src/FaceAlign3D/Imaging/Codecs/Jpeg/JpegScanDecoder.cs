namespace FaceAlign3D.Imaging.Codecs.Jpeg;

/// <summary>
/// Entropy-decodes one scan (T.81 Annex F for sequential, Annex G for progressive Huffman coding). Sequential
/// blocks go straight through the inverse DCT into the component planes; progressive scans accumulate into the
/// coefficient buffers, transformed once all scans are read.
/// </summary>
internal sealed class JpegScanDecoder
{
    private readonly JpegFrame _frame;
    private readonly JpegBitReader _reader;
    private readonly string? _fileName;
    private readonly short[] _block = new short[64];
    private int _eobRun;

    public JpegScanDecoder(JpegFrame frame, JpegBitReader reader, string? fileName)
    {
        _frame = frame;
        _reader = reader;
        _fileName = fileName;
    }

    private enum Mode { Sequential, DcFirst, DcRefine, AcFirst, AcRefine }

    public void Decode(JpegComponent[] components, int ss, int se, int ah, int al, int restartInterval)
    {
        var mode = !_frame.Progressive ? Mode.Sequential
            : ss == 0 ? (ah == 0 ? Mode.DcFirst : Mode.DcRefine)
            : (ah == 0 ? Mode.AcFirst : Mode.AcRefine);

        foreach (var c in components)
            c.DcPredictor = 0;
        _eobRun = 0;

        bool single = components.Length == 1;
        int mcusPerLine = single ? components[0].BlocksPerLine : _frame.McusPerLine;
        int mcuRows = single ? components[0].BlocksPerColumn : _frame.McusPerColumn;
        long totalMcus = (long)mcusPerLine * mcuRows;
        int untilRestart = restartInterval;

        for (long mcu = 0; mcu < totalMcus; mcu++)
        {
            if (restartInterval > 0 && untilRestart == 0)
            {
                Restart(components);
                untilRestart = restartInterval;
            }
            int mcuX = (int)(mcu % mcusPerLine), mcuY = (int)(mcu / mcusPerLine);
            if (single)
            {
                DecodeBlock(components[0], mcuX, mcuY, mode, ss, se, al);
            }
            else
            {
                foreach (var c in components)
                    for (int by = 0; by < c.V; by++)
                        for (int bx = 0; bx < c.H; bx++)
                            DecodeBlock(c, mcuX * c.H + bx, mcuY * c.V + by, mode, ss, se, al);
            }
            untilRestart--;
        }
    }

    private void Restart(JpegComponent[] components)
    {
        int marker = _reader.FinishSegment();
        if (marker is >= 0xD0 and <= 0xD7)
            _reader.SkipMarker();
        // Otherwise the next marker is left in place and the interval decodes from zero bits, as libjpeg does.
        foreach (var c in components)
            c.DcPredictor = 0;
        _eobRun = 0;
    }

    private void DecodeBlock(JpegComponent c, int blockX, int blockY, Mode mode, int ss, int se, int al)
    {
        if (mode == Mode.Sequential)
        {
            var block = _block;
            DecodeSequential(c, block);
            JpegIdct.Transform(block, c.Quant!, c.Plane.AsSpan(blockY * 8 * c.PlaneStride + blockX * 8), c.PlaneStride);
            Array.Clear(block);
            return;
        }
        var coefficients = c.Coefficients.AsSpan((blockY * c.PaddedBlocksPerLine + blockX) * 64, 64);
        switch (mode)
        {
            case Mode.DcFirst:
                c.DcPredictor += DecodeDcDiff(c);
                coefficients[0] = (short)(c.DcPredictor << al);
                break;
            case Mode.DcRefine:
                if (_reader.ReadBit() != 0)
                    coefficients[0] |= (short)(1 << al);
                break;
            case Mode.AcFirst:
                DecodeAcFirst(c, coefficients, ss, se, al);
                break;
            default:
                DecodeAcRefine(c, coefficients, ss, se, al);
                break;
        }
    }

    private int DecodeDcDiff(JpegComponent c)
    {
        int s = _reader.DecodeSymbol(c.DcTable!);
        if (s > 15)
            throw new ImageFormatException(_fileName, $"invalid DC difference category {s}");
        return _reader.ReceiveExtend(s);
    }

    private void DecodeSequential(JpegComponent c, short[] block)
    {
        var reader = _reader;
        c.DcPredictor += DecodeDcDiff(c);
        block[0] = (short)c.DcPredictor;

        var ac = c.AcTable!;
        ReadOnlySpan<byte> zigzag = JpegTables.ZigZagToNatural;
        for (int k = 1; k < 64; k++)
        {
            int rs = reader.DecodeSymbol(ac);
            int r = rs >> 4, s = rs & 15;
            if (s != 0)
            {
                k += r;
                block[zigzag[k]] = (short)reader.ReceiveExtend(s);
            }
            else
            {
                if (r != 15)
                    break;
                k += 15;
            }
        }
    }

    private void DecodeAcFirst(JpegComponent c, Span<short> coefficients, int ss, int se, int al)
    {
        if (_eobRun > 0)
        {
            _eobRun--;
            return;
        }
        var reader = _reader;
        var ac = c.AcTable!;
        ReadOnlySpan<byte> zigzag = JpegTables.ZigZagToNatural;
        for (int k = ss; k <= se; k++)
        {
            int rs = reader.DecodeSymbol(ac);
            int r = rs >> 4, s = rs & 15;
            if (s != 0)
            {
                k += r;
                coefficients[zigzag[k]] = (short)(reader.ReceiveExtend(s) * (1 << al));
            }
            else if (r < 15)
            {
                _eobRun = (1 << r) - 1;
                if (r > 0)
                    _eobRun += reader.ReadBits(r);
                break;
            }
            else
            {
                k += 15;
            }
        }
    }

    private void DecodeAcRefine(JpegComponent c, Span<short> coefficients, int ss, int se, int al)
    {
        var reader = _reader;
        ReadOnlySpan<byte> zigzag = JpegTables.ZigZagToNatural;
        int p1 = 1 << al, m1 = -1 << al;
        int k = ss;
        if (_eobRun == 0)
        {
            var ac = c.AcTable!;
            for (; k <= se; k++)
            {
                int rs = reader.DecodeSymbol(ac);
                int r = rs >> 4, s = rs & 15, value = 0;
                if (s != 0)
                {
                    // s must be 1 here; libjpeg tolerates other values the same way.
                    value = reader.ReadBit() != 0 ? p1 : m1;
                }
                else if (r != 15)
                {
                    _eobRun = 1 << r;
                    if (r > 0)
                        _eobRun += reader.ReadBits(r);
                    break;
                }
                // Skip r zero-history coefficients, refining the nonzero ones passed on the way.
                for (; k <= se; k++)
                {
                    ref short coef = ref coefficients[zigzag[k]];
                    if (coef != 0)
                    {
                        RefineNonZero(ref coef, p1, m1);
                    }
                    else
                    {
                        if (r == 0)
                            break;
                        r--;
                    }
                }
                if (value != 0 && k <= se)
                    coefficients[zigzag[k]] = (short)value;
            }
        }
        if (_eobRun > 0)
        {
            for (; k <= se; k++)
            {
                ref short coef = ref coefficients[zigzag[k]];
                if (coef != 0)
                    RefineNonZero(ref coef, p1, m1);
            }
            _eobRun--;
        }
    }

    private void RefineNonZero(ref short coef, int p1, int m1)
    {
        if (_reader.ReadBit() != 0 && (coef & p1) == 0)
            coef = (short)(coef >= 0 ? coef + p1 : coef + m1);
    }
}
