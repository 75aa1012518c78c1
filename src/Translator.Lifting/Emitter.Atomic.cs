using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting;

/// <summary>
/// Locked read-modify-writes of guest memory (LOCK prefix, xchg with memory): one sequentially consistent atomic
/// access (AArch64 LSE or an exclusive loop). x86 also allows them misaligned ("split locks"), which AArch64
/// exclusives and LSE atomics fault on; a misaligned access therefore takes a fenced plain load and store, which
/// is exact for one thread but not atomic against others (guest threads are not translated yet).
/// </summary>
public sealed partial class Emitter
{
    private const LLVMAtomicOrdering SeqCst = LLVMAtomicOrdering.LLVMAtomicOrderingSequentiallyConsistent;

    /// <summary>Whether the current instruction is a locked read-modify-write of memory operand 0.</summary>
    public bool IsLockedMemoryDestination => Insn.HasLockPrefix && IsMemory(0);

    /// <summary>Atomically applies <paramref name="op"/> with <paramref name="operand"/> to memory operand 0 and
    /// returns the value it held before.</summary>
    public LLVMValueRef AtomicRmw(LLVMAtomicRMWBinOp op, LLVMValueRef operand) => AtomicRmwAt(Address(), op, operand);

    public LLVMValueRef AtomicRmwAt(LLVMValueRef address64, LLVMAtomicRMWBinOp op, LLVMValueRef operand) =>
        ByAlignment(address64, Bits(operand),
            pointer => LLVMBuildAtomicRMW(B, op, pointer, operand, SeqCst, 0),
            old => op switch
            {
                LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpXchg => operand,
                LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpAdd => Add(old, operand),
                LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpSub => Sub(old, operand),
                LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpAnd => And(old, operand),
                LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpOr => Or(old, operand),
                LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpXor => Xor(old, operand),
                _ => throw new ArgumentOutOfRangeException(nameof(op), op, "no plain form"),
            });

    /// <summary>Atomically replaces memory operand 0 by <paramref name="update"/>(old) with a compare-exchange loop
    /// and returns the old value. <paramref name="update"/> may run more than once and must only compute.</summary>
    public LLVMValueRef AtomicUpdate(int bits, Func<LLVMValueRef, LLVMValueRef> update)
    {
        return ByAlignment(Address(), bits, pointer =>
        {
            var retry = NewBlock("atomic_retry");
            var done = NewBlock("atomic_done");
            LLVMBuildBr(B, retry);
            PositionAt(retry);
            var old = LoadPtr(T.Int(bits), pointer, (uint)bits / 8);
            LLVMSetOrdering(old, LLVMAtomicOrdering.LLVMAtomicOrderingMonotonic);
            var pair = LLVMBuildAtomicCmpXchg(B, pointer, old, update(old), SeqCst, SeqCst, 0);
            LLVMBuildCondBr(B, LLVMBuildExtractValue(B, pair, 1, ""), done, retry);
            PositionAt(done);
            return old;
        }, update);
    }

    /// <summary>Atomic compare-exchange at a host address: the old value and whether it equalled
    /// <paramref name="expected"/> (then <paramref name="replacement"/> was stored).</summary>
    public (LLVMValueRef Old, LLVMValueRef Equal) AtomicCompareExchangeAt(LLVMValueRef address64, LLVMValueRef expected,
        LLVMValueRef replacement)
    {
        var old = ByAlignment(address64, Bits(expected),
            pointer => LLVMBuildExtractValue(B, LLVMBuildAtomicCmpXchg(B, pointer, expected, replacement, SeqCst, SeqCst, 0), 0, ""),
            current => Select(Eq(current, expected), replacement, current));
        return (old, Eq(old, expected));
    }

    /// <summary>Runs <paramref name="atomic"/> when the address is aligned to the access size, else a fenced plain
    /// load, <paramref name="update"/> and store; returns the old value either way.</summary>
    private LLVMValueRef ByAlignment(LLVMValueRef address64, int bits, Func<LLVMValueRef, LLVMValueRef> atomic,
        Func<LLVMValueRef, LLVMValueRef> update)
    {
        var pointer = IntToPtr(address64);
        if (bits == 8) return atomic(pointer);
        var aligned = IsZero(And(address64, Const(64, (ulong)bits / 8 - 1)));
        var atomicBlock = NewBlock("locked_aligned");
        var splitBlock = NewBlock("locked_split");
        var join = NewBlock("locked_done");
        LLVMBuildCondBr(B, aligned, atomicBlock, splitBlock);

        PositionAt(atomicBlock);
        var atomicOld = atomic(pointer);
        var atomicEnd = LLVMGetInsertBlock(B);
        LLVMBuildBr(B, join);

        PositionAt(splitBlock);
        LLVMBuildFence(B, SeqCst, 0, "");
        var plainOld = LoadPtr(T.Int(bits), pointer);
        StorePtr(update(plainOld), pointer);
        LLVMBuildFence(B, SeqCst, 0, "");
        LLVMBuildBr(B, join);

        PositionAt(join);
        var old = LLVMBuildPhi(B, T.Int(bits), "");
        LLVMAddIncoming(old, new[] { atomicOld, plainOld }, new[] { atomicEnd, splitBlock }, 2);
        return old;
    }
}
