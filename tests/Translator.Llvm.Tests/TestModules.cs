using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Llvm.Tests;

/// <summary>Builds test modules through the raw LLVM-C API (the way the lifter does).</summary>
internal static class TestModules
{
    public const string DataSection = ".xlate.data";

    /// <summary>
    /// i64 add3(i64,i64,i64);  @table = [4 x i64] [10,20,30,40] in section .xlate.data;
    /// declare i64 @ext_helper(i64);
    /// i64 compute(i64 n): acc = sum_{i&lt;n} table[i&amp;3] * scale; switch n { 5: r = add3(acc,1,2); 6: r = 7; default: r = 0 };
    /// return ext_helper(r).
    /// </summary>
    public static LlvmModule BuildSample(LlvmContext ctx, string name = "sample", long scale = 1)
    {
        var m = ctx.CreateModule(name);
        var c = ctx.Handle;
        var i64 = LLVMInt64TypeInContext(c);
        using var b = ctx.CreateBuilder();

        // global array in a named section
        var arrTy = LLVMArrayType2(i64, 4);
        var table = LLVMAddGlobal(m, arrTy, "table");
        LLVMSetInitializer(table, LLVMConstArray2(i64,
            [LLVMConstInt(i64, 10, 0), LLVMConstInt(i64, 20, 0), LLVMConstInt(i64, 30, 0), LLVMConstInt(i64, 40, 0)], 4));
        LLVMSetSection(table, DataSection);
        LLVMSetLinkage(table, LLVMLinkage.LLVMExternalLinkage);
        LLVMSetAlignment(table, 8);

        // add3
        var add3Ty = LLVMFunctionType(i64, [i64, i64, i64], 3, 0);
        var add3 = LLVMAddFunction(m, "add3", add3Ty);
        LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(c, add3, "entry"));
        var s = LLVMBuildAdd(b, LLVMGetParam(add3, 0), LLVMGetParam(add3, 1), "s");
        LLVMBuildRet(b, LLVMBuildAdd(b, s, LLVMGetParam(add3, 2), "s2"));

        // external function
        var extTy = LLVMFunctionType(i64, [i64], 1, 0);
        var ext = LLVMAddFunction(m, "ext_helper", extTy);

        // compute
        var fnTy = LLVMFunctionType(i64, [i64], 1, 0);
        var fn = LLVMAddFunction(m, "compute", fnTy);
        var n = LLVMGetParam(fn, 0);
        var entry = LLVMAppendBasicBlockInContext(c, fn, "entry");
        var loop = LLVMAppendBasicBlockInContext(c, fn, "loop");
        var after = LLVMAppendBasicBlockInContext(c, fn, "after");
        var case5 = LLVMAppendBasicBlockInContext(c, fn, "case5");
        var case6 = LLVMAppendBasicBlockInContext(c, fn, "case6");
        var dflt = LLVMAppendBasicBlockInContext(c, fn, "default");
        var join = LLVMAppendBasicBlockInContext(c, fn, "join");

        LLVMPositionBuilderAtEnd(b, entry);
        var zero = LLVMConstInt(i64, 0, 0);
        var one = LLVMConstInt(i64, 1, 0);
        LLVMBuildBr(b, loop);

        LLVMPositionBuilderAtEnd(b, loop);
        var i = LLVMBuildPhi(b, i64, "i");
        var acc = LLVMBuildPhi(b, i64, "acc");
        var idx = LLVMBuildAnd(b, i, LLVMConstInt(i64, 3, 0), "idx");
        var gep = LLVMBuildGEP2(b, arrTy, table, [zero, idx], 2, "p");
        var elt = LLVMBuildLoad2(b, i64, gep, "elt");
        var scaled = LLVMBuildMul(b, elt, LLVMConstInt(i64, unchecked((ulong)scale), 1), "scaled");
        var acc1 = LLVMBuildAdd(b, acc, scaled, "acc1");
        var i1 = LLVMBuildAdd(b, i, one, "i1");
        var cond = LLVMBuildICmp(b, LLVMIntPredicate.LLVMIntULT, i1, n, "cond");
        LLVMBuildCondBr(b, cond, loop, after);
        LLVMAddIncoming(i, [zero, i1], [entry, loop], 2);
        LLVMAddIncoming(acc, [zero, acc1], [entry, loop], 2);

        LLVMPositionBuilderAtEnd(b, after);
        var sw = LLVMBuildSwitch(b, n, dflt, 2);
        LLVMAddCase(sw, LLVMConstInt(i64, 5, 0), case5);
        LLVMAddCase(sw, LLVMConstInt(i64, 6, 0), case6);

        LLVMPositionBuilderAtEnd(b, case5);
        var r5 = LLVMBuildCall2(b, add3Ty, add3, [acc1, one, LLVMConstInt(i64, 2, 0)], 3, "r5");
        LLVMBuildBr(b, join);
        LLVMPositionBuilderAtEnd(b, case6);
        LLVMBuildBr(b, join);
        LLVMPositionBuilderAtEnd(b, dflt);
        LLVMBuildBr(b, join);

        LLVMPositionBuilderAtEnd(b, join);
        var r = LLVMBuildPhi(b, i64, "r");
        LLVMAddIncoming(r, [r5, LLVMConstInt(i64, 7, 0), zero], [case5, case6, dflt], 3);
        var res = LLVMBuildCall2(b, extTy, ext, [r], 1, "res");
        LLVMBuildRet(b, res);
        return m;
    }

    /// <summary>_start: exit(compute(5) + add3(10,20,30)); ext_helper(x) = x - 100.</summary>
    public const string SampleStart = ToolRunner.ExitSyscall + """

        extern long compute(long);
        extern long add3(long, long, long);
        long ext_helper(long x) { return x - 100; }
        void _start(void) { sys_exit(compute(5) + add3(10, 20, 30)); }
        """;

    /// <summary>Expected exit status of <see cref="SampleStart"/> linked with BuildSample(scale).</summary>
    public static int ExpectedSampleStatus(long scale) => (int)(((110 * scale + 3) - 100 + 60) & 0xff);
}
