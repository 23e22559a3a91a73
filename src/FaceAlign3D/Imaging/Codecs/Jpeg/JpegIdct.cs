using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign3D.Imaging.Codecs.Jpeg;

/// <summary>
/// Dequantisation and the accurate integer inverse DCT of libjpeg's jidctint.c ("ISLOW": Loeffler-Ligtenberg-
/// Moschytz with 13-bit fixed-point constants and 2 extra bits kept between the passes), including its
/// output range limiting. The AVX2 path computes the same integers as the scalar one, eight lanes at a time.
/// </summary>
internal static class JpegIdct
{
    private const int ConstBits = 13;
    private const int Pass1Bits = 2;

    // FIX(x) = round(x * 2^13)
    private const int Fix0_298631336 = 2446;
    private const int Fix0_390180644 = 3196;
    private const int Fix0_541196100 = 4433;
    private const int Fix0_765366865 = 6270;
    private const int Fix0_899976223 = 7373;
    private const int Fix1_175875602 = 9633;
    private const int Fix1_501321110 = 12299;
    private const int Fix1_847759065 = 15137;
    private const int Fix1_961570560 = 16069;
    private const int Fix2_053119869 = 16819;
    private const int Fix2_562915447 = 20995;
    private const int Fix3_072711026 = 25172;

    /// <summary>
    /// libjpeg's post-IDCT range limit: the sample (before the +128 level shift) is taken modulo 1024, values
    /// in [-128, 127] map to 0..255, [128, 511] saturate to 255 and [-512, -129] to 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte RangeLimit(int sample)
    {
        int u = (sample + 128) & 1023;
        return u < 256 ? (byte)u : u < 640 ? (byte)255 : (byte)0;
    }

    /// <summary>Dequantises <paramref name="coefficients"/> (natural order) and writes the 8x8 pixel block.</summary>
    public static void Transform(ReadOnlySpan<short> coefficients, ReadOnlySpan<int> quant, Span<byte> output, int stride)
    {
        if (Avx2.IsSupported)
            TransformAvx2(coefficients, quant, output, stride);
        else
            TransformScalar(coefficients, quant, output, stride);
    }

    public static void TransformScalar(ReadOnlySpan<short> coefficients, ReadOnlySpan<int> quant, Span<byte> output, int stride)
    {
        coefficients = coefficients[..64];
        quant = quant[..64];
        Span<int> ws = stackalloc int[64];

        // Pass 1: columns, results scaled up by 2^Pass1Bits.
        for (int c = 0; c < 8; c++)
        {
            int z2 = coefficients[16 + c] * quant[16 + c];
            int z3 = coefficients[48 + c] * quant[48 + c];
            int z1 = (z2 + z3) * Fix0_541196100;
            int tmp2 = z1 - z3 * Fix1_847759065;
            int tmp3 = z1 + z2 * Fix0_765366865;
            z2 = coefficients[c] * quant[c];
            z3 = coefficients[32 + c] * quant[32 + c];
            int tmp0 = (z2 + z3) << ConstBits;
            int tmp1 = (z2 - z3) << ConstBits;
            int tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;

            tmp0 = coefficients[56 + c] * quant[56 + c];
            tmp1 = coefficients[40 + c] * quant[40 + c];
            tmp2 = coefficients[24 + c] * quant[24 + c];
            tmp3 = coefficients[8 + c] * quant[8 + c];
            OddPart(ref tmp0, ref tmp1, ref tmp2, ref tmp3);

            const int shift = ConstBits - Pass1Bits, round = 1 << (shift - 1);
            ws[c] = (tmp10 + tmp3 + round) >> shift;
            ws[56 + c] = (tmp10 - tmp3 + round) >> shift;
            ws[8 + c] = (tmp11 + tmp2 + round) >> shift;
            ws[48 + c] = (tmp11 - tmp2 + round) >> shift;
            ws[16 + c] = (tmp12 + tmp1 + round) >> shift;
            ws[40 + c] = (tmp12 - tmp1 + round) >> shift;
            ws[24 + c] = (tmp13 + tmp0 + round) >> shift;
            ws[32 + c] = (tmp13 - tmp0 + round) >> shift;
        }

        // Pass 2: rows, removing the 2^Pass1Bits and the factor 8 of the transform.
        for (int r = 0; r < 8; r++)
        {
            var row = ws.Slice(r * 8, 8);
            int z2 = row[2], z3 = row[6];
            int z1 = (z2 + z3) * Fix0_541196100;
            int tmp2 = z1 - z3 * Fix1_847759065;
            int tmp3 = z1 + z2 * Fix0_765366865;
            int tmp0 = (row[0] + row[4]) << ConstBits;
            int tmp1 = (row[0] - row[4]) << ConstBits;
            int tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;

            tmp0 = row[7];
            tmp1 = row[5];
            tmp2 = row[3];
            tmp3 = row[1];
            OddPart(ref tmp0, ref tmp1, ref tmp2, ref tmp3);

            const int shift = ConstBits + Pass1Bits + 3, round = 1 << (shift - 1);
            var o = output.Slice(r * stride, 8);
            o[0] = RangeLimit((tmp10 + tmp3 + round) >> shift);
            o[7] = RangeLimit((tmp10 - tmp3 + round) >> shift);
            o[1] = RangeLimit((tmp11 + tmp2 + round) >> shift);
            o[6] = RangeLimit((tmp11 - tmp2 + round) >> shift);
            o[2] = RangeLimit((tmp12 + tmp1 + round) >> shift);
            o[5] = RangeLimit((tmp12 - tmp1 + round) >> shift);
            o[3] = RangeLimit((tmp13 + tmp0 + round) >> shift);
            o[4] = RangeLimit((tmp13 - tmp0 + round) >> shift);
        }
    }

    /// <summary>Odd part shared by both passes: inputs are the values at rows/columns 7, 5, 3, 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OddPart(ref int tmp0, ref int tmp1, ref int tmp2, ref int tmp3)
    {
        int z1 = tmp0 + tmp3, z2 = tmp1 + tmp2, z3 = tmp0 + tmp2, z4 = tmp1 + tmp3;
        int z5 = (z3 + z4) * Fix1_175875602;
        tmp0 *= Fix0_298631336;
        tmp1 *= Fix2_053119869;
        tmp2 *= Fix3_072711026;
        tmp3 *= Fix1_501321110;
        z1 *= -Fix0_899976223;
        z2 *= -Fix2_562915447;
        z3 = z3 * -Fix1_961570560 + z5;
        z4 = z4 * -Fix0_390180644 + z5;
        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;
    }

    private static void TransformAvx2(ReadOnlySpan<short> coefficients, ReadOnlySpan<int> quant, Span<byte> output, int stride)
    {
        ref short cref = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(coefficients[..64]);
        ref int qref = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(quant[..64]);
        _ = output[7 * stride + 7]; // the unaligned 8-byte stores below rely on this bound

        // Pass 1 with one vector per coefficient row: lane c works on column c.
        var (w0, w1, w2, w3, w4, w5, w6, w7) = Butterfly(
            Dequantise(ref cref, ref qref, 0), Dequantise(ref cref, ref qref, 1),
            Dequantise(ref cref, ref qref, 2), Dequantise(ref cref, ref qref, 3),
            Dequantise(ref cref, ref qref, 4), Dequantise(ref cref, ref qref, 5),
            Dequantise(ref cref, ref qref, 6), Dequantise(ref cref, ref qref, 7),
            ConstBits - Pass1Bits);
        // Transpose so that lane r now works on row r.
        Transpose(ref w0, ref w1, ref w2, ref w3, ref w4, ref w5, ref w6, ref w7);
        var (o0, o1, o2, o3, o4, o5, o6, o7) = Butterfly(w0, w1, w2, w3, w4, w5, w6, w7, ConstBits + Pass1Bits + 3);
        Transpose(ref o0, ref o1, ref o2, ref o3, ref o4, ref o5, ref o6, ref o7);

        Store(RangeLimit(o0), RangeLimit(o1), output, 0, stride);
        Store(RangeLimit(o2), RangeLimit(o3), output, 2, stride);
        Store(RangeLimit(o4), RangeLimit(o5), output, 4, stride);
        Store(RangeLimit(o6), RangeLimit(o7), output, 6, stride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Dequantise(ref short coefficients, ref int quant, int row) =>
        Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref coefficients, (nuint)(row * 8)))
        * Vector256.LoadUnsafe(ref quant, (nuint)(row * 8));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<int>, Vector256<int>, Vector256<int>, Vector256<int>, Vector256<int>, Vector256<int>, Vector256<int>, Vector256<int>)
        Butterfly(Vector256<int> in0, Vector256<int> in1, Vector256<int> in2, Vector256<int> in3,
                  Vector256<int> in4, Vector256<int> in5, Vector256<int> in6, Vector256<int> in7, int shift)
    {
        var z1 = (in2 + in6) * Vector256.Create(Fix0_541196100);
        var tmp2 = z1 - in6 * Vector256.Create(Fix1_847759065);
        var tmp3 = z1 + in2 * Vector256.Create(Fix0_765366865);
        var tmp0 = (in0 + in4) << ConstBits;
        var tmp1 = (in0 - in4) << ConstBits;
        var tmp10 = tmp0 + tmp3;
        var tmp13 = tmp0 - tmp3;
        var tmp11 = tmp1 + tmp2;
        var tmp12 = tmp1 - tmp2;

        tmp0 = in7;
        tmp1 = in5;
        tmp2 = in3;
        tmp3 = in1;
        z1 = tmp0 + tmp3;
        var z2 = tmp1 + tmp2;
        var z3 = tmp0 + tmp2;
        var z4 = tmp1 + tmp3;
        var z5 = (z3 + z4) * Vector256.Create(Fix1_175875602);
        tmp0 *= Vector256.Create(Fix0_298631336);
        tmp1 *= Vector256.Create(Fix2_053119869);
        tmp2 *= Vector256.Create(Fix3_072711026);
        tmp3 *= Vector256.Create(Fix1_501321110);
        z1 *= Vector256.Create(-Fix0_899976223);
        z2 *= Vector256.Create(-Fix2_562915447);
        z3 = z3 * Vector256.Create(-Fix1_961570560) + z5;
        z4 = z4 * Vector256.Create(-Fix0_390180644) + z5;
        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;

        var round = Vector256.Create(1 << (shift - 1));
        tmp10 += round;
        tmp11 += round;
        tmp12 += round;
        tmp13 += round;
        return (
            Vector256.ShiftRightArithmetic(tmp10 + tmp3, shift),
            Vector256.ShiftRightArithmetic(tmp11 + tmp2, shift),
            Vector256.ShiftRightArithmetic(tmp12 + tmp1, shift),
            Vector256.ShiftRightArithmetic(tmp13 + tmp0, shift),
            Vector256.ShiftRightArithmetic(tmp13 - tmp0, shift),
            Vector256.ShiftRightArithmetic(tmp12 - tmp1, shift),
            Vector256.ShiftRightArithmetic(tmp11 - tmp2, shift),
            Vector256.ShiftRightArithmetic(tmp10 - tmp3, shift));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> RangeLimit(Vector256<int> sample)
    {
        var u = (sample + Vector256.Create(128)) & Vector256.Create(1023);
        return Vector256.Min(u, Vector256.Create(255)) & Vector256.LessThan(u, Vector256.Create(640));
    }

    /// <summary>Packs two rows of eight 0..255 ints to bytes and stores them at rows r and r+1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<int> a, Vector256<int> b, Span<byte> output, int r, int stride)
    {
        // packs interleaves 128-bit lanes: [a0..3 b0..3 | a4..7 b4..7] as shorts; then to bytes.
        var s = Avx2.PackSignedSaturate(a, b);
        var bytes = Avx2.PackUnsignedSaturate(s, s).AsUInt64();
        // bytes lane 0 = a0..3 b0..3 (u64 element 0), lane 1 = a4..7 b4..7 (u64 element 2)
        ulong lo = bytes.GetElement(0), hi = bytes.GetElement(2);
        ulong rowA = (lo & 0xFFFFFFFFUL) | (hi << 32);
        ulong rowB = (lo >> 32) | (hi & 0xFFFFFFFF00000000UL);
        Unsafe.WriteUnaligned(ref output[r * stride], rowA);
        Unsafe.WriteUnaligned(ref output[(r + 1) * stride], rowB);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(ref Vector256<int> r0, ref Vector256<int> r1, ref Vector256<int> r2, ref Vector256<int> r3,
        ref Vector256<int> r4, ref Vector256<int> r5, ref Vector256<int> r6, ref Vector256<int> r7)
    {
        var t0 = Avx2.UnpackLow(r0, r1);
        var t1 = Avx2.UnpackHigh(r0, r1);
        var t2 = Avx2.UnpackLow(r2, r3);
        var t3 = Avx2.UnpackHigh(r2, r3);
        var t4 = Avx2.UnpackLow(r4, r5);
        var t5 = Avx2.UnpackHigh(r4, r5);
        var t6 = Avx2.UnpackLow(r6, r7);
        var t7 = Avx2.UnpackHigh(r6, r7);
        var u0 = Avx2.UnpackLow(t0.AsInt64(), t2.AsInt64()).AsInt32();
        var u1 = Avx2.UnpackHigh(t0.AsInt64(), t2.AsInt64()).AsInt32();
        var u2 = Avx2.UnpackLow(t1.AsInt64(), t3.AsInt64()).AsInt32();
        var u3 = Avx2.UnpackHigh(t1.AsInt64(), t3.AsInt64()).AsInt32();
        var u4 = Avx2.UnpackLow(t4.AsInt64(), t6.AsInt64()).AsInt32();
        var u5 = Avx2.UnpackHigh(t4.AsInt64(), t6.AsInt64()).AsInt32();
        var u6 = Avx2.UnpackLow(t5.AsInt64(), t7.AsInt64()).AsInt32();
        var u7 = Avx2.UnpackHigh(t5.AsInt64(), t7.AsInt64()).AsInt32();
        r0 = Avx2.Permute2x128(u0, u4, 0x20);
        r1 = Avx2.Permute2x128(u1, u5, 0x20);
        r2 = Avx2.Permute2x128(u2, u6, 0x20);
        r3 = Avx2.Permute2x128(u3, u7, 0x20);
        r4 = Avx2.Permute2x128(u0, u4, 0x31);
        r5 = Avx2.Permute2x128(u1, u5, 0x31);
        r6 = Avx2.Permute2x128(u2, u6, 0x31);
        r7 = Avx2.Permute2x128(u3, u7, 0x31);
    }
}
