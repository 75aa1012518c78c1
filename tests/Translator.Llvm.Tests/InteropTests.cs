using Xunit;
using System.Reflection;
using System.Runtime.InteropServices;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Llvm.Tests;

public class InteropTests
{
    [Fact]
    public void EveryImportedEntryPointResolves()
    {
        var lib = LLVM.LibraryHandle;
        var methods = typeof(LLVM).GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Select(m => (m, a: m.GetCustomAttribute<LibraryImportAttribute>()))
            .Where(x => x.a != null)
            .ToList();
        Assert.True(methods.Count > 900, $"only {methods.Count} imports found");
        var missing = methods
            .Select(x => x.a!.EntryPoint ?? x.m.Name)
            .Distinct()
            .Where(name => !NativeLibrary.TryGetExport(lib, name, out _))
            .ToList();
        Assert.Empty(missing);
        Assert.All(methods, x => Assert.Equal(LLVM.LibraryName, x.a!.LibraryName));
    }

    [Fact]
    public void RawApiBuildsAndPrintsFunction()
    {
        var ctx = LLVMContextCreate();
        try
        {
            var mod = LLVMModuleCreateWithNameInContext("m", ctx);
            var i64 = LLVMInt64TypeInContext(ctx);
            var fnTy = LLVMFunctionType(i64, [i64, i64], 2, 0);
            Assert.Equal(2u, LLVMCountParamTypes(fnTy));
            var got = new LLVMTypeRef[2];
            LLVMGetParamTypes(fnTy, got);           // output array is filled in place
            Assert.Equal(i64, got[0]);
            Assert.Equal(i64, got[1]);

            var fn = LLVMAddFunction(mod, "mul2", fnTy);
            var bb = LLVMAppendBasicBlockInContext(ctx, fn, "entry");
            var b = LLVMCreateBuilderInContext(ctx);
            LLVMPositionBuilderAtEnd(b, bb);
            var prod = LLVMBuildMul(b, LLVMGetParam(fn, 0), LLVMGetParam(fn, 1), "p");
            LLVMBuildRet(b, prod);
            LLVMDisposeBuilder(b);

            Assert.Equal("p", LLVM.GetString(LLVMGetValueName2(prod, out var len), len));
            Assert.Equal(0, LLVMVerifyModule(mod, LLVMVerifierFailureAction.LLVMReturnStatusAction, out var msg));
            LLVM.TakeMessage(msg);
            var text = LLVM.TakeMessage(LLVMPrintModuleToString(mod));
            Assert.Contains("define i64 @mul2(i64 %0, i64 %1)", text);
            Assert.Contains("%p = mul i64 %0, %1", text);

            var big = LLVMConstIntOfArbitraryPrecision(LLVMInt128TypeInContext(ctx), 2, [5UL, 1UL]);
            Assert.Contains("18446744073709551621", LLVM.TakeMessage(LLVMPrintValueToString(big)));
            LLVMDisposeModule(mod);
        }
        finally
        {
            LLVMContextDispose(ctx);
        }
    }
}
