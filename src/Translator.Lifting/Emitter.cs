using Iced.Intel;
using Translator.Llvm.Interop;
using Translator.X86;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting;

/// <summary>
/// What instruction semantics see: the current instruction, guest registers and flags as values, guest memory,
/// and calls into the runtime. Guest registers live in allocas (promoted to SSA by LLVM) and are synchronised
/// with the GuestState in memory only where control leaves the function.
/// </summary>
public sealed partial class Emitter : IrBuilder
{
    public readonly GuestMode Mode;
    public readonly LLVMValueRef Function;
    public readonly LLVMValueRef State;
    internal readonly ModuleContext Unit;
    public Instruction Insn;

    private readonly LLVMValueRef[] _gpr = new LLVMValueRef[16];
    private readonly LLVMValueRef[] _flag = new LLVMValueRef[7];
    /// <summary>xmm0-15, then scratch registers XMM16.. used by <see cref="Semantics.Avx"/> (never synced).</summary>
    private readonly LLVMValueRef[] _xmm = new LLVMValueRef[16 + ScratchXmmCount];
    private readonly LLVMValueRef[] _ymmHigh = new LLVMValueRef[16];
    public const int ScratchXmmCount = 4;
    private readonly RegisterUsage _usage;
    private readonly Dictionary<int, LLVMValueRef> _fieldPointers = new();

    /// <summary>Where the function leaves for a computed guest address (set by the function lifter).</summary>
    public Action<LLVMValueRef>? DispatchJump { get; set; }

    internal Emitter(ModuleContext unit, LLVMBuilderRef builder, LLVMValueRef function, GuestMode mode, RegisterUsage usage)
        : base(builder, unit.Types, unit.Module)
    {
        Unit = unit;
        Mode = mode;
        Function = function;
        State = LLVMGetParam(function, 0);
        _usage = usage;
    }

    public bool Is64 => Mode == GuestMode.X64;
    /// <summary>Natural register/pointer width of the guest in bits.</summary>
    public int AddressBits => Is64 ? 64 : 32;
    public int StackSlotBytes => Is64 ? 8 : 4;

    /// <summary>Creates the register slots; the builder must be positioned in the function's entry block.</summary>
    internal void CreateSlots()
    {
        for (int i = 0; i < 16; i++) _gpr[i] = LLVMBuildAlloca(B, T.I64, RegisterNames64[i]);
        for (int i = 0; i < 7; i++) _flag[i] = LLVMBuildAlloca(B, T.I1, ((Flag)i).ToString());
        for (int i = 0; i < _xmm.Length; i++) _xmm[i] = LLVMBuildAlloca(B, T.I128, "xmm" + i);
        for (int i = 0; i < 16; i++) _ymmHigh[i] = LLVMBuildAlloca(B, T.I128, "ymmh" + i);
        foreach (int offset in Enumerable.Range(0, 16).Select(GuestStateLayout.GprOffset)
                     .Concat(Enumerable.Range(0, 16).Select(GuestStateLayout.XmmOffset))
                     .Concat(Enumerable.Range(0, 16).Select(GuestStateLayout.YmmHighOffset))
                     .Concat(Enumerable.Range(0, 7).Select(f => GuestStateLayout.FlagOffset((Flag)f))))
            _fieldPointers[offset] = BytePtr(State, offset);
    }

    private static readonly string[] RegisterNames64 =
        { "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };

    public LLVMValueRef StateField(int offset) =>
        _fieldPointers.TryGetValue(offset, out var p) ? p : BytePtr(State, offset);

    /// <summary>Stores the values the function may have changed back into GuestState.</summary>
    public void SyncOut(bool withFlags)
    {
        for (int i = 0; i < 16; i++)
            if (_usage.GprWritten[i]) StorePtr(LoadPtr(T.I64, _gpr[i]), StateField(GuestStateLayout.GprOffset(i)), 8);
        for (int i = 0; i < 16; i++)
            if (_usage.XmmWritten[i]) StorePtr(LoadPtr(T.I128, _xmm[i]), StateField(GuestStateLayout.XmmOffset(i)), 16);
        for (int i = 0; i < 16; i++)
            if (_usage.YmmHighWritten[i]) StorePtr(LoadPtr(T.I128, _ymmHigh[i]), StateField(GuestStateLayout.YmmHighOffset(i)), 16);
        if (withFlags)
            for (int i = 0; i < 7; i++)
                StorePtr(ZExt(LoadPtr(T.I1, _flag[i]), 8), StateField(GuestStateLayout.FlagOffset((Flag)i)), 1);
    }

    /// <summary>Reloads the register slots the function uses from GuestState (after something outside ran).</summary>
    public void SyncIn(bool withFlags)
    {
        for (int i = 0; i < 16; i++)
            if (_usage.GprUsed[i]) StorePtr(LoadPtr(T.I64, StateField(GuestStateLayout.GprOffset(i)), 8), _gpr[i]);
        for (int i = 0; i < 16; i++)
            if (_usage.XmmUsed[i]) StorePtr(LoadPtr(T.I128, StateField(GuestStateLayout.XmmOffset(i)), 16), _xmm[i]);
        for (int i = 0; i < 16; i++)
            if (_usage.YmmHighUsed[i]) StorePtr(LoadPtr(T.I128, StateField(GuestStateLayout.YmmHighOffset(i)), 16), _ymmHigh[i]);
        if (withFlags)
        {
            _lastCompare = null;
            for (int i = 0; i < 7; i++)
                StorePtr(Trunc(LoadPtr(T.I8, StateField(GuestStateLayout.FlagOffset((Flag)i))), 1), _flag[i]);
        }
    }

    // ---- registers ----

    public static bool IsHighByte(Register r) => r is Register.AH or Register.CH or Register.DH or Register.BH;

    public static int GprIndex(Register r)
    {
        if (IsHighByte(r)) return r - Register.AH;
        if (!r.IsGPR()) throw new UnsupportedInstructionException($"register {r} used as a general-purpose register");
        return r.GetFullRegister() - Register.RAX;
    }

    public LLVMValueRef GetGpr64(int index) => LoadPtr(T.I64, _gpr[index]);
    public void SetGpr64(int index, LLVMValueRef value) => StorePtr(value, _gpr[index]);

    /// <summary>Reads a general-purpose register of any width (incl. AH..BH).</summary>
    public LLVMValueRef GetGpr(Register r)
    {
        var full = GetGpr64(GprIndex(r));
        if (IsHighByte(r)) return Trunc(LShr(full, 8), 8);
        return Trunc(full, r.GetSize() * 8);
    }

    /// <summary>Writes a GPR with x86 semantics: 32-bit writes zero the upper half, 8/16-bit writes merge.</summary>
    public void SetGpr(Register r, LLVMValueRef value)
    {
        int index = GprIndex(r);
        int bits = Bits(value);
        if (IsHighByte(r))
        {
            var old = GetGpr64(index);
            SetGpr64(index, Or(And(old, Const(64, ~0xff00UL)), Shl(ZExt(value, 64), 8)));
            return;
        }
        switch (r.GetSize())
        {
            case 8:
                SetGpr64(index, Resize(value, 64));
                break;
            case 4:
                SetGpr64(index, ZExt(Trunc(value, 32), 64));
                break;
            default:
            {
                int w = r.GetSize() * 8;
                var old = GetGpr64(index);
                ulong mask = w == 8 ? ~0xffUL : ~0xffffUL;
                SetGpr64(index, Or(And(old, Const(64, mask)), ZExt(Trunc(value, Math.Min(bits, w)), 64)));
                break;
            }
        }
    }

    /// <summary>The guest stack pointer / a natural-width register by index.</summary>
    public LLVMValueRef GetNative(int index) => Trunc(GetGpr64(index), AddressBits);
    public void SetNative(int index, LLVMValueRef v) => SetGpr64(index, ZExt(Resize(v, AddressBits), 64));

    public LLVMValueRef GetXmm(int index) => LoadPtr(T.I128, _xmm[index]);
    public void SetXmm(int index, LLVMValueRef value128) => StorePtr(Resize(value128, 128), _xmm[index]);
    public static int XmmIndex(Register r) => r - Register.XMM0;

    /// <summary>Number of a vector register named at any width: xmmN, ymmN and zmmN are N (Iced names a VEX write
    /// zmmN, since it zeroes the register up to the widest vector length).</summary>
    public static int VectorIndex(Register r) =>
        r.IsYMM() ? r - Register.YMM0 : r.IsZMM() ? r - Register.ZMM0 : r - Register.XMM0;

    public static bool IsVectorRegister(Register r) => r.IsXMM() || r.IsYMM() || r.IsZMM();

    /// <summary>Bits 128..255 of ymm<paramref name="index"/> (AVX).</summary>
    public LLVMValueRef GetYmmHigh(int index) => LoadPtr(T.I128, _ymmHigh[index]);
    public void SetYmmHigh(int index, LLVMValueRef value128) => StorePtr(Resize(value128, 128), _ymmHigh[index]);

    // ---- flags ----

    /// <summary>Flags some later instruction may read (set per instruction by the function lifter).</summary>
    public int LiveFlags { get; set; } = FlagLiveness.All;
    public bool IsLive(Flag f) => (LiveFlags & (1 << (int)f)) != 0;

    public LLVMValueRef GetFlag(Flag f) => LoadPtr(T.I1, _flag[(int)f]);

    /// <summary>Sets a flag; a flag nothing reads later is not stored (and its computation dies).</summary>
    public void SetFlag(Flag f, LLVMValueRef value1)
    {
        ForgetCompare();
        if (IsLive(f)) StorePtr(value1, _flag[(int)f]);
    }
}
