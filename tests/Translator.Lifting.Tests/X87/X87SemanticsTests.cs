using Iced.Intel;
using Translator.Lifting.Semantics;
using Xunit;

namespace Translator.Lifting.Tests.X87;

/// <summary>The x87 handlers are registered (without clashing with other categories) for every form gcc emits.
/// End-to-end behaviour is checked by x87_basic.c (see docs/x87.md).</summary>
public class X87SemanticsTests
{
    [Theory]
    [InlineData(new byte[] { 0xd9, 0x00 })]             // fld m32
    [InlineData(new byte[] { 0xdd, 0x00 })]             // fld m64
    [InlineData(new byte[] { 0xdb, 0x28 })]             // fld m80
    [InlineData(new byte[] { 0xdb, 0x38 })]             // fstp m80
    [InlineData(new byte[] { 0xdf, 0x38 })]             // fistp m64
    [InlineData(new byte[] { 0xdb, 0x08 })]             // fisttp m32
    [InlineData(new byte[] { 0xde, 0xc1 })]             // faddp
    [InlineData(new byte[] { 0xde, 0xe9 })]             // fsubp
    [InlineData(new byte[] { 0xde, 0xf9 })]             // fdivp
    [InlineData(new byte[] { 0xda, 0x00 })]             // fiadd m32
    [InlineData(new byte[] { 0xdf, 0xe9 })]             // fucomip
    [InlineData(new byte[] { 0xda, 0xe9 })]             // fucompp
    [InlineData(new byte[] { 0xdf, 0xe0 })]             // fnstsw ax
    [InlineData(new byte[] { 0xd9, 0x38 })]             // fnstcw
    [InlineData(new byte[] { 0xd9, 0x28 })]             // fldcw
    [InlineData(new byte[] { 0xd9, 0xfc })]             // frndint
    [InlineData(new byte[] { 0xd9, 0xe5 })]             // fxam
    [InlineData(new byte[] { 0xd9, 0xf8 })]             // fprem
    [InlineData(new byte[] { 0xd9, 0xfd })]             // fscale
    [InlineData(new byte[] { 0xd9, 0xf0 })]             // f2xm1
    [InlineData(new byte[] { 0xd9, 0xf1 })]             // fyl2x
    [InlineData(new byte[] { 0xd9, 0x30 })]             // fnstenv
    [InlineData(new byte[] { 0xdd, 0x30 })]             // fnsave
    [InlineData(new byte[] { 0xda, 0xc1 })]             // fcmovb
    [InlineData(new byte[] { 0xd9, 0xc9 })]             // fxch
    [InlineData(new byte[] { 0xdb, 0xe3 })]             // fninit
    public void IsSupported(byte[] code)
    {
        var insn = Decoder.Create(32, code).Decode();
        Assert.True(SemanticsTable.Default.IsSupported(insn), insn.ToString());
    }
}
