using Translator.Llvm.Interop;
using Xunit;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Llvm.Tests;

public class CodegenTests
{
    [Fact]
    public void SampleModule_VerifiesOptimisesEmitsLinksAndRuns()
    {
        using var ctx = new LlvmContext();
        using var tm = AArch64Target.CreateTargetMachine(LLVMCodeGenOptLevel.LLVMCodeGenLevelDefault);
        using var m = TestModules.BuildSample(ctx);
        tm.ConfigureModule(m);
        m.Verify();
        Assert.Contains("section \".xlate.data\"", m.PrintToString());

        tm.Optimize(m, "default<O2>");
        m.Verify();
        var ir = m.PrintToString();
        Assert.Contains("define i64 @add3(", ir);
        Assert.Contains("@ext_helper", ir);

        var obj = tm.EmitObject(m);
        Assert.True(obj.Length > 64 && obj[0] == 0x7f && obj[1] == (byte)'E');

        using var dir = new ToolRunner.TempDir();
        var objPath = dir.File("sample.o");
        File.WriteAllBytes(objPath, obj);
        var readobj = ToolRunner.RunOk("llvm-readobj-19", "--sections", "--symbols", objPath);
        Assert.Contains("Name: .xlate.data", readobj);
        Assert.Contains("Name: add3", readobj);
        Assert.Contains("Name: compute", readobj);
        Assert.Contains("Name: table", readobj);
        Assert.Contains("Arch: aarch64", readobj);

        Assert.Equal(TestModules.ExpectedSampleStatus(1), ToolRunner.LinkAndRun(dir, TestModules.SampleStart, obj));
    }

    [Fact]
    public void EmitAssembly_And_Disassembler_CountInstructions()
    {
        using var ctx = new LlvmContext();
        using var tm = AArch64Target.CreateTargetMachine(LLVMCodeGenOptLevel.LLVMCodeGenLevelAggressive);
        using var m = ctx.CreateModule("a");
        var i64 = ctx.Int64Type;
        var fnTy = ctx.FunctionType(i64, [i64, i64, i64]);
        var f = m.AddFunction("add3", fnTy);
        using var b = ctx.CreateBuilder();
        b.PositionAtEnd(LLVMAppendBasicBlockInContext(ctx, f, "entry"));
        var s = LLVMBuildAdd(b, LLVMGetParam(f, 0), LLVMGetParam(f, 1), "");
        LLVMBuildRet(b, LLVMBuildAdd(b, s, LLVMGetParam(f, 2), ""));

        var asm = tm.EmitAssembly(m);
        Assert.Contains("add3:", asm);

        var obj = tm.EmitObject(m);
        using var dis = new AArch64Disassembler();
        Assert.Equal(3, dis.CountInstructionsInObject(obj));   // add, add, ret
        var text = ElfSections.Executable(obj).Single();
        var insns = dis.Disassemble(obj.AsSpan(text.Offset, text.Size));
        Assert.Equal("ret", insns[^1].Text);
        Assert.All(insns, i => Assert.Equal(4, i.Size));
        // undecodable words are counted, not fatal
        Assert.Equal(2, dis.CountInstructions([0, 0, 0, 0, 0xc0, 0x03, 0x5f, 0xd6]));
    }

    [Fact]
    public void BrokenModule_VerifyThrows_InsteadOfAborting()
    {
        using var ctx = new LlvmContext();
        using var m = ctx.CreateModule("broken");
        var i64 = ctx.Int64Type;
        var f = m.AddFunction("bad", ctx.FunctionType(i64, []));
        using var b = ctx.CreateBuilder();
        b.PositionAtEnd(LLVMAppendBasicBlockInContext(ctx, f, "entry"));
        LLVMBuildRet(b, LLVMConstInt(ctx.Int32Type, 1, 0));        // i32 returned from an i64 function
        LLVMAppendBasicBlockInContext(ctx, f, "noterm");           // block without terminator

        var ex = Assert.Throws<LlvmException>(() => m.Verify());
        Assert.Contains("verification failed", ex.Message);
        Assert.NotNull(m.TryVerify());
        Assert.Equal(1, LLVMVerifyFunction(f, LLVMVerifierFailureAction.LLVMReturnStatusAction));

        using var tm = AArch64Target.CreateTargetMachine();
        Assert.Throws<LlvmException>(() => tm.Optimize(m));
        Assert.Throws<LlvmException>(() => tm.EmitObject(m));
        Assert.Throws<LlvmException>(() => ctx.ParseIR("define i64 @f( {"));

        // bad pass pipeline is an error, not an abort
        using var ok = ctx.ParseIR("define i64 @f(i64 %x) {\n  ret i64 %x\n}\n");
        ok.Verify();
        var pex = Assert.Throws<LlvmException>(() => tm.Optimize(ok, "no-such-pass"));
        Assert.Contains("no-such-pass", pex.Message);
    }

    [Fact]
    public void ContextDispose_DisposesChildren()
    {
        var ctx = new LlvmContext();
        var m = ctx.CreateModule("x");
        var b = ctx.CreateBuilder();
        ctx.Dispose();
        Assert.True(m.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => b.Handle);
        m.Dispose();       // idempotent, no double free
        b.Dispose();
        ctx.Dispose();
    }

    [Fact]
    public void TwoThreads_CompileIndependentModules_InParallel()
    {
        AArch64Target.Initialize();
        const int Threads = 2, Iterations = 3;
        var results = new byte[Threads][];
        var barrier = new Barrier(Threads);
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                using var ctx = new LlvmContext();
                using var tm = AArch64Target.CreateTargetMachine(LLVMCodeGenOptLevel.LLVMCodeGenLevelDefault);
                barrier.SignalAndWait(TimeSpan.FromSeconds(20));   // start compiling at the same time
                for (int it = 0; it < Iterations; it++)
                {
                    using var m = TestModules.BuildSample(ctx, $"t{t}", scale: t + 2);
                    tm.ConfigureModule(m);
                    tm.Optimize(m, "default<O2>");
                    results[t] = tm.EmitObject(m);
                }
            }
            catch (Exception e)
            {
                errors.Add(e);   // an unhandled exception on a raw thread would kill the test host
            }
        })).ToList();
        foreach (var th in threads) th.Start();
        foreach (var th in threads) th.Join();
        Assert.Empty(errors);

        for (int t = 0; t < Threads; t++)
        {
            Assert.NotNull(results[t]);
            // serial reference compile must be byte-identical
            using var ctx = new LlvmContext();
            using var tm = AArch64Target.CreateTargetMachine(LLVMCodeGenOptLevel.LLVMCodeGenLevelDefault);
            using var m = TestModules.BuildSample(ctx, $"t{t}", scale: t + 2);
            tm.ConfigureModule(m);
            tm.Optimize(m, "default<O2>");
            Assert.Equal(tm.EmitObject(m), results[t]);

            using var dir = new ToolRunner.TempDir();
            Assert.Equal(TestModules.ExpectedSampleStatus(t + 2), ToolRunner.LinkAndRun(dir, TestModules.SampleStart, results[t]));
        }
    }
}
