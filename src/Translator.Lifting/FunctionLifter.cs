using Iced.Intel;
using Translator.Cfg;
using Translator.Lifting.Semantics;
using Translator.Llvm.Interop;
using Translator.X86;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting;

/// <summary>
/// Lifts one guest function into one host function `i64 unit(ptr state, i64 entry_pc)`. Blocks become LLVM
/// blocks; calls become host calls that return the guest return address the callee popped; `ret` returns it.
/// </summary>
internal sealed class FunctionLifter
{
    private readonly ModuleContext _unit;
    private readonly GuestProgram _program;
    private readonly GuestFunction _function;
    private readonly SemanticsTable _semantics;
    private readonly LiftDiagnostics _diagnostics;
    private readonly Dictionary<ulong, LLVMBasicBlockRef> _blocks = new();
    private Emitter _e = null!;
    private LLVMValueRef _fn;

    public FunctionLifter(ModuleContext unit, GuestProgram program, GuestFunction function, SemanticsTable semantics,
        LiftDiagnostics diagnostics)
    {
        _unit = unit;
        _program = program;
        _function = function;
        _semantics = semantics;
        _diagnostics = diagnostics;
    }

    public void Lift()
    {
        _fn = _unit.UnitFunction(_function.Entry);
        LLVMSetLinkage(_fn, LLVMLinkage.LLVMExternalLinkage);
        LLVMAddAttributeAtIndex(_fn, LLVMAttributeFunctionIndex, _unit.EnumAttribute("nounwind"));
        LLVMAddAttributeAtIndex(_fn, 1, _unit.EnumAttribute("noalias"));
        var builder = LLVMCreateBuilderInContext(_unit.Types.Context);
        try
        {
            _e = new Emitter(_unit, builder, _fn, _program.Mode, RegisterUsage.Of(_function));
            _e.DispatchJump = JumpToDispatch;
            _flags = FlagLiveness.Of(_function);
            var entry = LLVMAppendBasicBlockInContext(_unit.Types.Context, _fn, "entry");
            foreach (var start in _function.Blocks.Keys)
                _blocks[start] = LLVMAppendBasicBlockInContext(_unit.Types.Context, _fn, $"b{start:x}");
            LLVMPositionBuilderAtEnd(builder, entry);
            _scope = _unit.Lines.Describe(_fn, _unit.UnitNameOf(_function.Entry), _function.Entry);
            LLVMSetCurrentDebugLocation2(builder, _unit.Lines.Location(_scope, _function.Entry));
            _e.CreateSlots();
            _e.SyncIn(withFlags: true);
            EmitEntryDispatch();
            foreach (var block in _function.Blocks.Values)
                LiftBlock(block);
        }
        finally
        {
            LLVMDisposeBuilder(builder);
        }
    }

    private FlagLiveness _flags = null!;
    private LLVMMetadataRef _scope;

    /// <summary>Makes <paramref name="insn"/> current: what the semantics see, and the guest address every host
    /// instruction emitted for it carries in the line table.</summary>
    private void Begin(in Instruction insn)
    {
        _e.Insn = insn;
        LLVMSetCurrentDebugLocation2(_e.B, _unit.Lines.Location(_scope, insn.IP));
    }
    private LLVMBasicBlockRef _dispatch;
    private LLVMValueRef _dispatchTarget, _dispatchSource;

    /// <summary>One shared exit per function for jumps to computed guest addresses: store state, look the
    /// target up, and make a sibling call to it.</summary>
    private void JumpToDispatch(LLVMValueRef target64)
    {
        var e = _e;
        var from = LLVMGetInsertBlock(e.B);
        if (_dispatch.IsNull)
        {
            _dispatch = LLVMAppendBasicBlockInContext(_unit.Types.Context, _fn, "dispatch");
            LLVMPositionBuilderAtEnd(e.B, _dispatch);
            _dispatchTarget = LLVMBuildPhi(e.B, e.T.I64, "target");
            _dispatchSource = LLVMBuildPhi(e.B, e.T.I64, "source");
            e.SyncOut(withFlags: true);
            var fn = LLVMBuildCall2(e.B, _unit.LookupType, _unit.Lookup, new[] { e.State, _dispatchTarget, _dispatchSource }, 3, "");
            var result = LLVMBuildCall2(e.B, e.T.UnitFn, fn, new[] { e.State, _dispatchTarget }, 2, "");
            LLVMSetTailCall(result, 1);
            LLVMBuildRet(e.B, result);
            LLVMPositionBuilderAtEnd(e.B, from);
        }
        LLVMAddIncoming(_dispatchTarget, new[] { target64 }, new[] { from }, 1);
        LLVMAddIncoming(_dispatchSource, new[] { e.Const(64, e.Insn.IP) }, new[] { from }, 1);
        LLVMBuildBr(e.B, _dispatch);
    }

    private void EmitEntryDispatch()
    {
        var e = _e;
        var entryPc = LLVMGetParam(_fn, 1);
        var main = _blocks[_function.Entry];
        var others = _function.ExternalEntries.Where(a => a != _function.Entry && _blocks.ContainsKey(a)).ToList();
        if (others.Count == 0)
        {
            LLVMBuildBr(e.B, main);
            return;
        }
        var slow = LLVMAppendBasicBlockInContext(_unit.Types.Context, _fn, "other_entry");
        LLVMBuildCondBr(e.B, e.Eq(entryPc, e.Const(64, _function.Entry)), main, slow);
        LLVMPositionBuilderAtEnd(e.B, slow);
        var bad = LLVMAppendBasicBlockInContext(_unit.Types.Context, _fn, "bad_entry");
        var sw = LLVMBuildSwitch(e.B, entryPc, bad, (uint)others.Count);
        foreach (var a in others) LLVMAddCase(sw, e.Const(64, a), _blocks[a]);
        LLVMPositionBuilderAtEnd(e.B, bad);
        e.Insn = default;
        e.Trap(TrapKind.Unsupported, $"entry into {_function.Name ?? "function"} at an address it does not expect");
    }

    private void LiftBlock(BasicBlock block)
    {
        var e = _e;
        LLVMPositionBuilderAtEnd(e.B, _blocks[block.Start]);
        bool precise = _unit.Options.Faults == FaultModel.Precise;
        if (precise && _function.ExternalEntries.Contains(block.Start))
        {
            // a fault in this block's first instruction shows these registers to the guest handler
            Begin(block.Instructions[0]);
            e.SyncOut(withFlags: true);
            e.StateBarrier();
        }
        var insns = block.Instructions;
        bool endsWithTransfer = block.End is BlockEnd.Jump or BlockEnd.ConditionalJump or BlockEnd.Call
            or BlockEnd.IndirectCall or BlockEnd.IndirectJump or BlockEnd.Return;
        int bodyCount = endsWithTransfer ? insns.Count - 1 : insns.Count;
        for (int i = 0; i < bodyCount; i++)
        {
            Begin(insns[i]);
            e.LiveFlags = precise ? FlagLiveness.All : _flags.LiveAfter(block.Start, i);
            if (!LiftOrdinary()) return;
        }
        if (endsWithTransfer)
        {
            Begin(insns[^1]);
            e.LiveFlags = precise ? FlagLiveness.All : _flags.LiveAfter(block.Start, insns.Count - 1);
            try
            {
                LiftTransfer(block);
            }
            catch (UnsupportedInstructionException ex)
            {
                ReportUnsupported(e.Insn, $"{e.Insn.Mnemonic.ToString().ToLowerInvariant()} ({ex.Message})");
            }
            return;
        }
        if (block.End == BlockEnd.Stop)
        {
            if (block.UndecodableAt is { } bad)
            {
                if (insns.Count > 0) e.Insn = insns[^1];
                var bytes = _program.Elf.GetFileBytes(bad, 8);
                string what = $"undecodable instruction bytes {Hex(bytes)} at 0x{bad:x}";
                _diagnostics.Report(bad, "(undecodable)", Hex(bytes));
                e.Trap(TrapKind.Ud2, what);
            }
            else
            {
                // hlt/ud2/int3 handlers already ended the block; anything else ran off the end of code.
                if (LLVMGetBasicBlockTerminator(LLVMGetInsertBlock(e.B)).IsNull)
                    e.Trap(TrapKind.Unsupported, $"execution ran past the end of decoded code at 0x{block.EndAddress:x}");
            }
            return;
        }
        // FallThrough
        ulong next = block.EndAddress;
        BranchTo(next);
    }

    /// <summary>Lifts a non-control-flow instruction; false if it ended the block (trap).</summary>
    private bool LiftOrdinary()
    {
        var e = _e;
        var insn = e.Insn;
        if (!_semantics.TryGet(insn.Mnemonic, out var handler))
        {
            ReportUnsupported(insn, insn.Mnemonic.ToString().ToLowerInvariant());
            return false;
        }
        try
        {
            handler(e);
        }
        catch (UnsupportedInstructionException ex)
        {
            ReportUnsupported(insn, $"{insn.Mnemonic.ToString().ToLowerInvariant()} ({ex.Message})");
            return false;
        }
        return LLVMGetBasicBlockTerminator(LLVMGetInsertBlock(e.B)).IsNull;
    }

    private void ReportUnsupported(in Instruction insn, string what)
    {
        var bytes = Hex(_program.Elf.GetFileBytes(insn.IP, insn.Length));
        _diagnostics.Report(insn.IP, what, bytes);
        _e.Trap(TrapKind.Unsupported, $"unsupported instruction '{insn}' (bytes {bytes})");
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant() is var h
        ? string.Join(' ', Enumerable.Range(0, h.Length / 2).Select(i => h.Substring(2 * i, 2)))
        : "";

    /// <summary>Continues at a guest address: a block of this function, or a jump out of it.</summary>
    private void BranchTo(ulong target)
    {
        if (_blocks.TryGetValue(target, out var bb))
        {
            LLVMBuildBr(_e.B, WithSignalPoll(target, bb));
            return;
        }
        _e.TailJump(_e.Const(64, target), _program.Functions.ContainsKey(target) ? target : null);
    }

    private LLVMBasicBlockRef BlockFor(ulong target)
    {
        if (_blocks.TryGetValue(target, out var bb)) return WithSignalPoll(target, bb);
        var stub = LLVMAppendBasicBlockInContext(_unit.Types.Context, _fn, $"out{target:x}");
        var saved = LLVMGetInsertBlock(_e.B);
        LLVMPositionBuilderAtEnd(_e.B, stub);
        BranchTo(target);
        LLVMPositionBuilderAtEnd(_e.B, saved);
        return stub;
    }

    private readonly Dictionary<ulong, LLVMBasicBlockRef> _signalPolls = new();

    /// <summary>On a backward edge (a loop), the block to branch to instead of <paramref name="head"/>: it checks
    /// the runtime's pending-signal word and, when set, hands the exact guest state (registers, flags, rip = the
    /// loop head) to the runtime to run the guest's handlers, then goes on where the state says. Two instructions
    /// per iteration when nothing is pending, so a signal cannot wait forever in a loop that makes no syscall.</summary>
    private LLVMBasicBlockRef WithSignalPoll(ulong target, LLVMBasicBlockRef head)
    {
        var e = _e;
        if (target > e.Insn.IP || _unit.Options.SignalChecks != SignalChecks.Loops) return head;
        if (_signalPolls.TryGetValue(target, out var poll)) return poll;
        var saved = LLVMGetInsertBlock(e.B);
        poll = e.NewBlock($"poll{target:x}");
        var deliver = e.NewBlock($"signal{target:x}");
        var resume = e.NewBlock($"resume{target:x}");
        var divert = e.NewBlock($"divert{target:x}");
        e.PositionAt(poll);
        var pending = e.LoadPtr(e.T.I64, e.StateField(GuestStateLayout.SignalsPending), 8); // per thread
        LLVMSetVolatile(pending, 1);
        LLVMBuildCondBr(e.B, e.IsZero(pending), head, deliver);
        e.PositionAt(deliver);
        e.SyncOut(withFlags: true);
        e.StorePtr(e.Const(64, target), e.StateField(GuestStateLayout.Rip), 8);
        LLVMBuildCall2(e.B, _unit.SyscallType, _unit.SignalPoll, new[] { e.State }, 1, "");
        e.SyncIn(withFlags: true);
        var rip = e.LoadPtr(e.T.I64, e.StateField(GuestStateLayout.Rip), 8);
        LLVMBuildCondBr(e.B, e.Eq(rip, e.Const(64, target)), resume, divert);
        e.PositionAt(resume);
        LLVMBuildBr(e.B, head);
        e.PositionAt(divert);
        JumpToDispatch(rip);
        e.PositionAt(saved);
        _signalPolls[target] = poll;
        return poll;
    }

    private void LiftTransfer(BasicBlock block)
    {
        var e = _e;
        var insn = e.Insn;
        switch (block.End)
        {
            case BlockEnd.Jump:
                BranchTo(insn.NearBranchTarget);
                break;
            case BlockEnd.ConditionalJump:
            {
                var cond = BranchCondition(insn);
                var taken = BlockFor(insn.NearBranchTarget);
                var notTaken = BlockFor(insn.NextIP);
                LLVMBuildCondBr(e.B, cond, taken, notTaken);
                break;
            }
            case BlockEnd.Call:
            {
                ulong target = insn.NearBranchTarget;
                e.Push(e.Const(e.AddressBits, insn.NextIP));
                if (target == insn.NextIP)
                {
                    BranchTo(insn.NextIP);
                    break;
                }
                e.SyncOut(withFlags: false);
                var returned = _program.Functions.ContainsKey(target)
                    ? e.CallUnit(target)
                    : e.CallIndirect(e.Const(64, target));
                AfterCall(returned);
                break;
            }
            case BlockEnd.IndirectCall:
            {
                if (FarPointerBits(insn) is int farBits)
                {
                    var farTarget = FarPointerTarget(farBits);
                    e.Push(e.Const(farBits, OwnCodeSelector));
                    e.Push(e.Const(farBits, insn.NextIP));
                    e.SyncOut(withFlags: false);
                    AfterCall(e.CallIndirect(farTarget));
                    break;
                }
                var target = e.HostAddress(e.Read(0, e.AddressBits));
                e.Push(e.Const(e.AddressBits, insn.NextIP));
                e.SyncOut(withFlags: false);
                AfterCall(e.CallIndirect(target));
                break;
            }
            case BlockEnd.IndirectJump:
            {
                if (FarPointerBits(insn) is int farBits)
                {
                    e.TailJump(FarPointerTarget(farBits));
                    break;
                }
                var target = e.HostAddress(e.Read(0, e.AddressBits));
                if (block.JumpTable is { } table)
                {
                    var fallback = LLVMAppendBasicBlockInContext(_unit.Types.Context, _fn, "jt_miss");
                    var targets = table.Targets.Distinct().ToList();
                    var sw = LLVMBuildSwitch(e.B, target, fallback, (uint)targets.Count);
                    foreach (var t in targets) LLVMAddCase(sw, e.Const(64, t), BlockFor(t));
                    LLVMPositionBuilderAtEnd(e.B, fallback);
                }
                e.TailJump(target);
                break;
            }
            case BlockEnd.Return when insn.Mnemonic is Mnemonic.Iret or Mnemonic.Iretd or Mnemonic.Iretq:
                InterruptReturn(insn);
                break;
            case BlockEnd.Return:
            {
                var ret = insn.Mnemonic == Mnemonic.Retf ? FarReturnOffset(insn) : e.Pop(e.AddressBits);
                if (insn.OpCount > 0 && insn.GetOpKind(0) == OpKind.Immediate16 && insn.Immediate16 != 0)
                    e.SetNative(4, e.Add(e.GetNative(4), e.Const(e.AddressBits, insn.Immediate16)));
                e.SyncOut(withFlags: false);
                LLVMBuildRet(e.B, e.ZExt(ret, 64));
                break;
            }
        }
    }

    /// <summary>The code segment selector Linux gives user code (64-bit, or i386 compat); the only one a far
    /// transfer may name here, since switching modes (another selector) has no translation.</summary>
    private ulong OwnCodeSelector => _program.Mode == GuestMode.X64 ? 0x33UL : 0x23UL;

    /// <summary>Operand size of a far jmp/call through memory (FF /5, FF /3), which is also the width of the offset
    /// and of each value a far call pushes; null for any other instruction.</summary>
    private static int? FarPointerBits(in Instruction insn) => insn.Code switch
    {
        Code.Jmp_m1616 or Code.Call_m1616 => 16,
        Code.Jmp_m1632 or Code.Call_m1632 => 32,
        Code.Jmp_m1664 or Code.Call_m1664 => 64,
        _ => null,
    };

    /// <summary>Reads the offset of a far pointer in memory, traps unless its selector is our code segment.
    /// With REX.W (m16:64) Intel reads an 8-byte offset and the selector at +8, AMD still an m16:32 (the build host
    /// and FEX's tests do so). Guest code always lies below 4 GiB, so bytes 4..5 of an Intel offset are zero and
    /// never our selector: both layouts are accepted, the AMD one when our selector sits at +4.</summary>
    private LLVMValueRef FarPointerTarget(int bits)
    {
        var e = _e;
        var address = e.Address();
        var selector = e.Const(16, OwnCodeSelector);
        LLVMValueRef At(int offset, int width) => e.Load(e.Add(address, e.Const(64, (ulong)offset)), e.T.Int(width));
        const string what = "far jmp/call to another code segment (only the program's own is supported)";
        if (bits < 64)
        {
            e.TrapIf(e.Ne(At(bits / 8, 16), selector), TrapKind.Unsupported, what);
            return e.ZExt(At(0, bits), 64);
        }
        var amd = e.Eq(At(4, 16), selector);
        var amdBlock = LLVMGetInsertBlock(e.B);
        var amdOffset = e.ZExt(At(0, 32), 64);
        var intel = e.NewBlock("far_m16_64");
        var join = e.NewBlock("far_target");
        LLVMBuildCondBr(e.B, amd, join, intel);
        e.PositionAt(intel);
        e.TrapIf(e.Ne(At(8, 16), selector), TrapKind.Unsupported, what);
        var intelOffset = At(0, 64);
        var intelBlock = LLVMGetInsertBlock(e.B);
        LLVMBuildBr(e.B, join);
        e.PositionAt(join);
        var target = LLVMBuildPhi(e.B, e.T.I64, "far_target");
        LLVMAddIncoming(target, new[] { amdOffset, intelOffset }, new[] { amdBlock, intelBlock }, 2);
        return target;
    }

    /// <summary>retf: pops the offset and the selector (operand size each: 16, 32 or, with REX.W, 64 bits) and traps
    /// on a selector other than our code segment; returns the offset (the imm16 is released by the caller).</summary>
    private LLVMValueRef FarReturnOffset(in Instruction insn)
    {
        var e = _e;
        int bits = insn.Code switch
        {
            Code.Retfw or Code.Retfw_imm16 => 16,
            Code.Retfq or Code.Retfq_imm16 => 64,
            _ => 32,
        };
        var offset = e.ZExt(e.Pop(bits), e.AddressBits);
        var selector = e.Trunc(e.Pop(bits), 16);
        e.TrapIf(e.Ne(selector, e.Const(16, OwnCodeSelector)), TrapKind.Unsupported,
            "retf to another code segment (only the program's own is supported)");
        return offset;
    }

    /// <summary>iret within user mode: pops the instruction pointer, the selector (which must be our code segment)
    /// and EFLAGS, in 64-bit mode also RSP and SS (RSP then takes the popped value); each of the operand size. The
    /// flags go to the guest state for code entered at the popped address through the runtime; a translated caller
    /// that continues after a mismatched return stores its own (flags do not live across calls and returns).</summary>
    private void InterruptReturn(in Instruction insn)
    {
        var e = _e;
        int bits = insn.Code switch { Code.Iretw => 16, Code.Iretq => 64, _ => 32 };
        var ip = e.ZExt(e.Pop(bits), e.AddressBits);
        var selector = e.Trunc(e.Pop(bits), 16);
        e.LiveFlags = FlagLiveness.All; // a return ends flag lifetimes, but these flags are the target's
        DataTransfer.LoadFlags(e, e.Pop(bits), bits);
        if (e.Is64)
        {
            var sp = e.Pop(bits);
            e.Pop(bits); // SS
            e.SetNative(4, e.ZExt(sp, 64));
        }
        e.TrapIf(e.Ne(selector, e.Const(16, OwnCodeSelector)), TrapKind.Unsupported,
            "iret to another code segment (only the program's own is supported)");
        e.SyncOut(withFlags: true);
        LLVMBuildRet(e.B, e.ZExt(ip, 64));
    }

    /// <summary>Continues natively if the callee returned to the pushed address, else follows the guest.
    /// Every register is reloaded even on a match: after a longjmp, an abandoned host frame can receive a return
    /// meant for a newer activation at the same call site, so its SSA values of callee-saved registers are stale.
    /// </summary>
    private void AfterCall(LLVMValueRef returned)
    {
        var e = _e;
        e.SyncIn(withFlags: false);
        ulong returnSite = e.Insn.NextIP;
        var mismatch = LLVMAppendBasicBlockInContext(_unit.Types.Context, _fn, "ret_mismatch");
        LLVMBuildCondBr(e.B, e.Eq(returned, e.Const(64, returnSite)), BlockFor(returnSite), mismatch);
        LLVMPositionBuilderAtEnd(e.B, mismatch);
        e.TailJump(returned);
    }

    private LLVMValueRef BranchCondition(in Instruction insn)
    {
        var e = _e;
        switch (insn.Mnemonic)
        {
            case Mnemonic.Loop:
            case Mnemonic.Loope:
            case Mnemonic.Loopne:
            {
                var count = CountRegister(insn);
                var value = e.Sub(e.GetGpr(count), e.Const(count.GetSize() * 8, 1));
                e.SetGpr(count, value);
                var nonZero = e.IsNonZero(value);
                if (insn.Mnemonic == Mnemonic.Loope) return e.And(nonZero, e.GetFlag(Flag.ZF));
                if (insn.Mnemonic == Mnemonic.Loopne) return e.And(nonZero, e.Not(e.GetFlag(Flag.ZF)));
                return nonZero;
            }
            case Mnemonic.Jcxz:
                return e.IsZero(e.GetGpr(Register.CX));
            case Mnemonic.Jecxz:
                return e.IsZero(e.GetGpr(Register.ECX));
            case Mnemonic.Jrcxz:
                return e.IsZero(e.GetGpr(Register.RCX));
            default:
                return e.Condition(insn.ConditionCode);
        }
    }

    /// <summary>loop/jcxz count with the instruction's address size (Iced encodes it in the Code name).</summary>
    private static Register CountRegister(in Instruction insn)
    {
        string code = insn.Code.ToString();
        return code.EndsWith("RCX") ? Register.RCX : code.EndsWith("ECX") ? Register.ECX : Register.CX;
    }
}

/// <summary>Instructions the lifter could not translate, collected for `inspect` and --verbose.</summary>
public sealed class LiftDiagnostics
{
    private readonly object _lock = new();
    public List<(ulong Address, string What, string Bytes)> Unsupported { get; } = new();

    public void Report(ulong address, string what, string bytes)
    {
        lock (_lock) Unsupported.Add((address, what, bytes));
    }
}
