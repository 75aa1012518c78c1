using Iced.Intel;
using Translator.Llvm.Interop;

namespace Translator.Lifting.Semantics;

/// <summary>The crypto extensions, legacy SSE encodings: AES-NI and PCLMULQDQ call the runtime's table-driven
/// helpers (runtime/src/crypto.c: portable C, so the output also runs on arm64 CPUs without the ARMv8 crypto
/// extension); the SHA instructions are plain 32-bit arithmetic and are lifted inline. Lane names follow the
/// Intel SDM pseudo-code: lane 0 is bits 31:0.</summary>
public static class Crypto
{
    public static void AddTo(SemanticsTable t)
    {
        t.Add(Mnemonic.Aesenc, e => AesRound(e, "xlate_aesenc"));
        t.Add(Mnemonic.Aesenclast, e => AesRound(e, "xlate_aesenclast"));
        t.Add(Mnemonic.Aesdec, e => AesRound(e, "xlate_aesdec"));
        t.Add(Mnemonic.Aesdeclast, e => AesRound(e, "xlate_aesdeclast"));
        t.Add(Mnemonic.Aesimc, e =>
            e.Write(0, e.CallHelper("xlate_aesimc", e.T.I128, new[] { e.T.I128 }, e.Read(1, 128))));
        t.Add(Mnemonic.Aeskeygenassist, e =>
            e.Write(0, e.CallHelper("xlate_aeskeygenassist", e.T.I128, new[] { e.T.I128, e.T.I32 },
                e.Read(1, 128), e.Const(32, (ulong)e.Insn.GetImmediate(2) & 0xff))));
        t.Add(Mnemonic.Pclmulqdq, CarryLessMultiply);
        t.Add(Mnemonic.Sha1rnds4, Sha1Rounds4);
        t.Add(Mnemonic.Sha1nexte, Sha1NextE);
        t.Add(Mnemonic.Sha1msg1, Sha1Message1);
        t.Add(Mnemonic.Sha1msg2, Sha1Message2);
        t.Add(Mnemonic.Sha256rnds2, Sha256Rounds2);
        t.Add(Mnemonic.Sha256msg1, Sha256Message1);
        t.Add(Mnemonic.Sha256msg2, Sha256Message2);
    }

    /// <summary>aesenc/aesenclast/aesdec/aesdeclast xmm1, xmm2/m128: state in xmm1, round key in the source.</summary>
    private static void AesRound(Emitter e, string helper) =>
        e.Write(0, e.CallHelper(helper, e.T.I128, new[] { e.T.I128, e.T.I128 }, e.Read(0, 128), e.Read(1, 128)));

    /// <summary>pclmulqdq xmm1, xmm2/m128, imm8: imm8 bit 0 picks the qword of xmm1, bit 4 that of the source.</summary>
    private static void CarryLessMultiply(Emitter e)
    {
        int imm = (int)e.Insn.GetImmediate(2);
        LLVMValueRef Qword(int op, bool high)
        {
            var v = e.Read(op, 128);
            return e.Trunc(high ? e.LShr(v, 64) : v, 64);
        }
        var a = Qword(0, (imm & 0x01) != 0);
        var b = Qword(1, (imm & 0x10) != 0);
        e.Write(0, e.CallHelper("xlate_clmul64", e.T.I128, new[] { e.T.I64, e.T.I64 }, a, b));
    }

    // ---- SHA ----

    private static LLVMValueRef Dwords(Emitter e, int op) => e.ReadVec(op, e.IntVec(32));

    private static LLVMValueRef[] Lanes(Emitter e, LLVMValueRef dwords) =>
        Enumerable.Range(0, 4).Select(i => e.ExtractElement(dwords, i)).ToArray();

    /// <summary>Writes four dwords, lane 0 first.</summary>
    private static void WriteLanes(Emitter e, params LLVMValueRef[] lanes)
    {
        var v = LLVM.LLVMGetPoison(e.IntVec(32).Type);
        for (int i = 0; i < 4; i++) v = e.InsertElement(v, lanes[i], i);
        e.WriteVec(0, v);
    }

    private static LLVMValueRef Rotl(Emitter e, LLVMValueRef x, int n) => e.Fshl(x, x, e.Const(32, (ulong)n));
    private static LLVMValueRef Rotr(Emitter e, LLVMValueRef x, int n) => e.Fshr(x, x, e.Const(32, (ulong)n));

    private static LLVMValueRef RotrLanes(Emitter e, LLVMValueRef v, int n) =>
        e.Fshr(v, v, e.SplatInt(e.IntVec(32), (ulong)n));

    private static LLVMValueRef ShrLanes(Emitter e, LLVMValueRef v, int n) => e.LShr(v, e.SplatInt(e.IntVec(32), (ulong)n));

    private static LLVMValueRef Xor3(Emitter e, LLVMValueRef a, LLVMValueRef b, LLVMValueRef c) => e.Xor(e.Xor(a, b), c);

    private static LLVMValueRef Majority(Emitter e, LLVMValueRef a, LLVMValueRef b, LLVMValueRef c) =>
        Xor3(e, e.And(a, b), e.And(a, c), e.And(b, c));

    private static LLVMValueRef Choose(Emitter e, LLVMValueRef x, LLVMValueRef y, LLVMValueRef z) =>
        e.Xor(e.And(x, y), e.And(e.Not(x), z));

    private static readonly uint[] Sha1Constants = { 0x5A827999, 0x6ED9EBA1, 0x8F1BBCDC, 0xCA62C1D6 };

    /// <summary>sha1rnds4 xmm1, xmm2/m128, imm8: four SHA-1 rounds on A..D = xmm1 lanes 3..0 with the message
    /// words (W0+E first) in source lanes 3..0; imm8 bits 1:0 pick the function and constant.</summary>
    private static void Sha1Rounds4(Emitter e)
    {
        int kind = (int)e.Insn.GetImmediate(2) & 3;
        var s = Lanes(e, Dwords(e, 0));
        var w = Lanes(e, Dwords(e, 1));
        LLVMValueRef a = s[3], b = s[2], c = s[1], d = s[0], k = e.Const(32, Sha1Constants[kind]);
        LLVMValueRef? eReg = null;
        for (int i = 0; i < 4; i++)
        {
            var f = kind switch
            {
                0 => Choose(e, b, c, d),
                2 => Majority(e, b, c, d),
                _ => Xor3(e, b, c, d),
            };
            var next = e.Add(e.Add(e.Add(f, Rotl(e, a, 5)), w[3 - i]), k);
            if (eReg is { } previousE) next = e.Add(next, previousE);
            eReg = d;
            d = c;
            c = Rotl(e, b, 30);
            b = a;
            a = next;
        }
        WriteLanes(e, d, c, b, a);
    }

    /// <summary>sha1nexte: source with ROL30(xmm1 lane 3) added to its lane 3 (the next round's E).</summary>
    private static void Sha1NextE(Emitter e)
    {
        var src = Dwords(e, 1);
        var top = e.Add(e.ExtractElement(src, 3), Rotl(e, e.ExtractElement(Dwords(e, 0), 3), 30));
        e.WriteVec(0, e.InsertElement(src, top, 3));
    }

    /// <summary>sha1msg1: W[i] ^ W[i+2] for the message words W0..W3 (xmm1 lanes 3..0), W4, W5 (source lanes 3, 2).</summary>
    private static void Sha1Message1(Emitter e)
    {
        var a = Dwords(e, 0);
        var b = Dwords(e, 1);
        e.WriteVec(0, e.Xor(a, e.Shuffle(a, b, new[] { 6, 7, 0, 1 })));
    }

    /// <summary>sha1msg2: W16..W19 = ROL1(xmm1 lane ^ W13..W16), W13..W15 in source lanes 2..0; W19 needs W16.</summary>
    private static void Sha1Message2(Emitter e)
    {
        var a = Dwords(e, 0);
        var b = Dwords(e, 1);
        var shape = e.IntVec(32);
        var mixed = e.Xor(a, e.Shuffle(b, e.ZeroOf(shape.Type), new[] { 4, 0, 1, 2 }));
        var rotated = e.Fshl(mixed, mixed, e.SplatInt(shape, 1));
        var w16 = e.ExtractElement(rotated, 3);
        var w19 = Rotl(e, e.Xor(e.ExtractElement(mixed, 0), w16), 1);
        e.WriteVec(0, e.InsertElement(rotated, w19, 0));
    }

    private static LLVMValueRef BigSigma0(Emitter e, LLVMValueRef x) => Xor3(e, Rotr(e, x, 2), Rotr(e, x, 13), Rotr(e, x, 22));
    private static LLVMValueRef BigSigma1(Emitter e, LLVMValueRef x) => Xor3(e, Rotr(e, x, 6), Rotr(e, x, 11), Rotr(e, x, 25));

    private static LLVMValueRef SmallSigma0(Emitter e, LLVMValueRef v) =>
        Xor3(e, RotrLanes(e, v, 7), RotrLanes(e, v, 18), ShrLanes(e, v, 3));

    private static LLVMValueRef SmallSigma1(Emitter e, LLVMValueRef v) =>
        Xor3(e, RotrLanes(e, v, 17), RotrLanes(e, v, 19), ShrLanes(e, v, 10));

    /// <summary>sha256rnds2 xmm1, xmm2/m128, &lt;xmm0&gt;: two SHA-256 rounds. State C,D,G,H in xmm1 lanes 3..0,
    /// A,B,E,F in source lanes 3..0, W+K of the two rounds in xmm0 lanes 0 and 1; the result is A,B,E,F.</summary>
    private static void Sha256Rounds2(Emitter e)
    {
        var cdgh = Lanes(e, Dwords(e, 0));
        var abef = Lanes(e, Dwords(e, 1));
        var wk = e.BitCast(e.GetXmm(0), e.IntVec(32).Type);
        LLVMValueRef a = abef[3], b = abef[2], c = cdgh[3], d = cdgh[2];
        LLVMValueRef f = abef[0], g = cdgh[1], h = cdgh[0], ee = abef[1];
        for (int i = 0; i < 2; i++)
        {
            var t = e.Add(e.Add(e.Add(Choose(e, ee, f, g), BigSigma1(e, ee)), e.ExtractElement(wk, i)), h);
            var nextA = e.Add(e.Add(t, Majority(e, a, b, c)), BigSigma0(e, a));
            var nextE = e.Add(t, d);
            h = g; g = f; f = ee; ee = nextE;
            d = c; c = b; b = a; a = nextA;
        }
        WriteLanes(e, f, ee, b, a);
    }

    /// <summary>sha256msg1: W[i] + σ0(W[i+1]) for W0..W3 in xmm1 lanes 0..3 and W4 in source lane 0.</summary>
    private static void Sha256Message1(Emitter e)
    {
        var a = Dwords(e, 0);
        var next = e.Shuffle(a, Dwords(e, 1), new[] { 1, 2, 3, 4 });
        e.WriteVec(0, e.Add(a, SmallSigma0(e, next)));
    }

    /// <summary>sha256msg2: W16..W19 = xmm1 lanes 0..3 + σ1(W14, W15, W16, W17), W14/W15 in source lanes 2/3.</summary>
    private static void Sha256Message2(Emitter e)
    {
        var a = Dwords(e, 0);
        var b = Dwords(e, 1);
        var low = e.Add(a, SmallSigma1(e, e.Shuffle(b, b, new[] { 2, 3, 2, 3 })));
        var high = e.Add(a, SmallSigma1(e, e.Shuffle(low, low, new[] { 0, 1, 0, 1 })));
        e.WriteVec(0, e.Shuffle(low, high, new[] { 0, 1, 6, 7 }));
    }
}
