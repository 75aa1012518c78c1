using Iced.Intel;
using Translator.X86;

namespace Translator.Cfg;

/// <summary>Switch-table recovery for the indirect jumps of one function.</summary>
internal sealed partial class FunctionExplorer
{
    private const int MaxBackwardSteps = 64;
    // Iced's InstructionInfoFactory reuses internal buffers: one per thread, since translations run concurrently.
    [ThreadStatic] private static InstructionInfoFactory? t_infoFactory;
    private static InstructionInfoFactory InfoFactory => t_infoFactory ??= new InstructionInfoFactory();

    private JumpTable? TryRecoverJumpTable(ulong jmpAddr, Dictionary<ulong, List<ulong>> preds)
    {
        var jmp = _insns[jmpAddr];
        int ptr = _d.PointerSize;

        if (jmp.Op0Kind == OpKind.Memory)
            return AbsoluteTable(jmp, jmpAddr, preds);

        if (jmp.Op0Kind != OpKind.Register)
            return null;
        var r = jmp.Op0Register.GetFullRegister();
        ulong? defAddr = FindDef(r, jmpAddr, preds);
        if (defAddr is null) return null;
        var def = _insns[defAddr.Value];

        // mov TABLE(,%idx,8),%r ; jmp *%r
        if (def.Mnemonic == Mnemonic.Mov && def.Op1Kind == OpKind.Memory && def.MemorySize.GetSize() == ptr)
            return AbsoluteTable(def, defAddr.Value, preds);

        // lea (%a,%b),%r ; jmp *%r   (glibc string-function asm)
        if (def.Mnemonic == Mnemonic.Lea && !def.IsIPRelativeMemoryOperand && def.MemoryBase != Register.None
            && def.MemoryIndex != Register.None && def.MemoryIndexScale == 1 && def.MemoryDisplacement64 == 0)
        {
            var a = def.MemoryBase.GetFullRegister();
            var b = def.MemoryIndex.GetFullRegister();
            foreach (var (loadReg, baseReg) in new[] { (b, a), (a, b) })
            {
                var t = RelativeTable(loadReg, baseReg, defAddr.Value, preds);
                if (t is not null) return t;
            }
        }

        // i386 PIC: add T@GOTOFF(%got,%idx,4),%got ; jmp *%got
        if (def.Mnemonic == Mnemonic.Add && def.Op0Kind == OpKind.Register && def.Op1Kind == OpKind.Memory
            && def.MemoryIndex != Register.None && def.MemoryIndexScale == 4 && def.MemorySize.GetSize() == 4
            && !def.IsIPRelativeMemoryOperand)
        {
            var mb = def.MemoryBase.GetFullRegister();
            ulong? baseVal = ValueBefore(r, defAddr.Value, preds);
            ulong? memBase = def.MemoryBase == Register.None ? 0 : mb == r ? baseVal : ValueBefore(mb, defAddr.Value, preds);
            if (_d.Mode == GuestMode.I386 && baseVal is null && mb == r) baseVal = memBase = _d.GotAddress;
            if (baseVal is not null && memBase is not null)
            {
                ulong table = (memBase.Value + def.MemoryDisplacement64) & _d.AddrMask;
                int? bound = FindBound(defAddr.Value, def.MemoryIndex.GetFullRegister(), preds);
                return ReadTable(table, 4, relative: true, baseVal.Value, bound);
            }
        }

        // add %a,%b ; jmp *%b   (one of a/b is a movslq/mov from the table, the other the table (x64) or GOT (i386) base)
        if (def.Mnemonic == Mnemonic.Add && def.Op0Kind == OpKind.Register && def.Op1Kind == OpKind.Register)
        {
            var other = def.Op1Register.GetFullRegister();
            foreach (var (loadReg, baseReg) in new[] { (r, other), (other, r) })
            {
                var t = RelativeTable(loadReg, baseReg, defAddr.Value, preds);
                if (t is not null) return t;
            }
        }
        return null;
    }

    /// <summary><paramref name="ins"/> reads an absolute pointer from [base + idx*ptr + disp].</summary>
    private JumpTable? AbsoluteTable(in Instruction ins, ulong insAddr, Dictionary<ulong, List<ulong>> preds)
    {
        int ptr = _d.PointerSize;
        if (ins.MemoryIndex == Register.None || ins.MemoryIndexScale != ptr || ins.IsIPRelativeMemoryOperand)
            return null;
        if (ins.MemorySize.GetSize() != ptr) return null;
        ulong table = ins.MemoryDisplacement64 & _d.AddrMask;
        if (ins.MemoryBase != Register.None)
        {
            var bv = ValueBefore(ins.MemoryBase.GetFullRegister(), insAddr, preds);
            if (bv is null) return null;
            table = (table + bv.Value) & _d.AddrMask;
        }
        int? bound = FindBound(insAddr, ins.MemoryIndex.GetFullRegister(), preds);
        return ReadTable(table, ptr, relative: false, 0, bound);
    }

    /// <summary>
    /// x86-64: <c>lea T(%rip),%base; movslq (%base,%idx,4),%load; add %base,%load</c>.
    /// i386 PIC: <c>mov T@GOTOFF(%got,%idx,4),%load; add %got,%load</c>.
    /// </summary>
    private JumpTable? RelativeTable(Register loadReg, Register baseReg, ulong addAddr, Dictionary<ulong, List<ulong>> preds)
    {
        ulong? lAddr = FindDef(loadReg, addAddr, preds);
        if (lAddr is null) return null;
        var l = _insns[lAddr.Value];
        bool ok = l.Op1Kind == OpKind.Memory && l.MemoryIndex != Register.None && l.MemoryIndexScale == 4
                  && l.MemorySize.GetSize() == 4 && !l.IsIPRelativeMemoryOperand
                  && (l.Mnemonic == Mnemonic.Movsxd || l.Mnemonic == Mnemonic.Mov);
        if (!ok) return null;

        ulong? baseVal = ValueBefore(baseReg, addAddr, preds);
        ulong? memBase = null;
        var mb = l.MemoryBase.GetFullRegister();
        if (l.MemoryBase == Register.None) memBase = 0;
        else
        {
            memBase = ValueBefore(mb, lAddr.Value, preds);
            if (memBase is null && mb == baseReg) memBase = baseVal;
        }
        if (_d.Mode == GuestMode.I386)
        {
            // GOTOFF tables: the base register holds _GLOBAL_OFFSET_TABLE_.
            if (baseVal is null && mb == baseReg) baseVal = memBase = _d.GotAddress;
            if (baseVal is null) return null;
        }
        int? bound = FindBound(lAddr.Value, l.MemoryIndex.GetFullRegister(), preds);
        if ((memBase is null || baseVal is null) && mb == baseReg && bound is not null && _d.Mode == GuestMode.X64
            && NearestRipLea(baseReg, lAddr.Value) is ulong guess)
            // The data-flow walk found other values on paths it cannot rule out (it is path-insensitive); the nearest
            // `lea T(%rip),%base` before the load is taken when every one of the bounded table's entries is code.
            memBase = baseVal = guess;
        if (memBase is null || baseVal is null) return null;

        ulong table = (memBase.Value + l.MemoryDisplacement64) & _d.AddrMask;
        return ReadTable(table, 4, relative: true, baseVal.Value, bound);
    }

    private ulong? NearestRipLea(Register full, ulong before)
    {
        foreach (var a in _insns.Keys.Where(a => a < before).OrderByDescending(a => a).Take(64))
        {
            var ins = _insns[a];
            if (ins.Mnemonic == Mnemonic.Lea && ins.IsIPRelativeMemoryOperand && ins.Op0Register.GetFullRegister() == full)
                return ins.IPRelativeMemoryAddress;
        }
        return null;
    }

    /// <summary>When set, ReadTable only records table addresses (first pass over a round of indirect jumps).</summary>
    private bool _collectTableStartsOnly;
    private readonly HashSet<ulong> _tableStarts = new();

    private JumpTable? ReadTable(ulong table, int size, bool relative, ulong relBase, int? bound)
    {
        if (_collectTableStartsOnly)
        {
            _tableStarts.Add(table);
            return null;
        }
        var targets = new List<ulong>();
        int limit = bound ?? (_tableLimits.TryGetValue(table, out int lim) ? lim : MaxUnboundedTableEntries);
        if (limit <= 0 || limit > MaxBoundedTableEntries) return null;
        ulong lo = _entry, hi = ulong.MaxValue;
        if (bound is null)
        {
            var size0 = _d.SymbolSize(_entry);
            hi = size0 is ulong s ? _entry + s : _d.NextEntryAfter(_entry) ?? ulong.MaxValue;
        }
        for (int i = 0; i < limit; i++)
        {
            ulong at = table + (ulong)(i * size);
            // An unbounded table ends where another table starts.
            if (bound is null && i > 0 && (_tableStarts.Contains(at) || _d.IsKnownTableStart(at))) break;
            if (!_d.TryReadUInt(at, size, out ulong v))
            {
                if (bound is not null) return null;
                break;
            }
            ulong target = relative
                ? (relBase + (ulong)(long)(int)(uint)v) & _d.AddrMask
                : v & _d.AddrMask;
            bool good = _d.Decoder.IsExecutable(target);
            if (bound is null)
                good = good && target >= lo && target < hi && _d.TryDecode(target, out _) && !InsideKnownInstruction(target);
            if (!good)
            {
                if (bound is not null) return null;
                break;
            }
            targets.Add(target);
        }
        if (targets.Count == 0) return null;
        _d.AddKnownTableStart(table);
        if (bound is null) _unboundedTables.Add(table);
        return new JumpTable(table, size, relative, targets) { RelativeBase = relative ? relBase : null };
    }

    private const int MaxUnboundedTableEntries = 1024;

    private ulong[]? _sortedInsns;

    /// <summary>True when <paramref name="a"/> lies strictly inside an instruction this function already decoded.</summary>
    private bool InsideKnownInstruction(ulong a)
    {
        if (_insns.ContainsKey(a)) return false;
        if (_sortedInsns is null || _sortedInsns.Length != _insns.Count) _sortedInsns = _insns.Keys.Order().ToArray();
        int i = Array.BinarySearch(_sortedInsns, a);
        if (i >= 0) return false;
        i = ~i - 1;
        return i >= 0 && _insns[_sortedInsns[i]].NextIP > a;
    }
    private const int MaxBoundedTableEntries = 65_536;

    // ----- backward analysis helpers -----

    private static readonly Register[] CallerSaved64 =
        [Register.RAX, Register.RCX, Register.RDX, Register.RSI, Register.RDI, Register.R8, Register.R9, Register.R10, Register.R11];
    private static readonly Register[] CallerSaved32 = [Register.RAX, Register.RCX, Register.RDX];

    /// <summary>Does <paramref name="ins"/> (possibly) write full register <paramref name="full"/>?</summary>
    private bool Writes(in Instruction ins, Register full)
    {
        var k = Classify(in ins);
        if (k is Kind.Call or Kind.IndirectCall)
        {
            if (k == Kind.Call && _d.PcThunkRegister(ins.NearBranchTarget) == full) return true;
            return Array.IndexOf(_d.Mode == GuestMode.X64 ? CallerSaved64 : CallerSaved32, full) >= 0;
        }
        var info = InfoFactory.GetInfo(ins);
        foreach (var u in info.GetUsedRegisters())
        {
            if (u.Register.GetFullRegister() != full) continue;
            if (u.Access is OpAccess.Write or OpAccess.ReadWrite or OpAccess.CondWrite or OpAccess.ReadCondWrite)
                return true;
        }
        return false;
    }

    /// <summary>The unique predecessor instruction of <paramref name="a"/>, if it has exactly one.</summary>
    private static ulong? SinglePred(ulong a, Dictionary<ulong, List<ulong>> preds)
        => preds.TryGetValue(a, out var l) && l.Count == 1 ? l[0] : null;

    /// <summary>Walks back along single-predecessor edges from <paramref name="before"/> (exclusive) to the last writer of a register.</summary>
    private ulong? FindDef(Register full, ulong before, Dictionary<ulong, List<ulong>> preds)
    {
        ulong cur = before;
        for (int i = 0; i < MaxBackwardSteps; i++)
        {
            ulong? p = SinglePred(cur, preds);
            if (p is null) return null;
            if (Writes(_insns[p.Value], full)) return p;
            cur = p.Value;
        }
        return null;
    }

    private enum EvalState { Fail, Neutral, Value }

    /// <summary>Constant value of a register just before the instruction at <paramref name="before"/>, if it can be determined.</summary>
    private ulong? ValueBefore(Register full, ulong before, Dictionary<ulong, List<ulong>> preds)
    {
        int budget = 400;
        var visited = new HashSet<ulong>();
        var (st, v) = EvalBefore(full, before, preds, ref budget, visited, 0);
        return st == EvalState.Value ? v & _d.AddrMask : null;
    }

    private (EvalState, ulong) EvalBefore(Register full, ulong a, Dictionary<ulong, List<ulong>> preds, ref int budget, HashSet<ulong> visited, int depth)
    {
        if (depth > 200 || !preds.TryGetValue(a, out var list) || list.Count == 0) return (EvalState.Fail, 0);
        var result = (EvalState.Neutral, 0UL);
        foreach (var p in list)
        {
            var r = EvalAfter(full, p, preds, ref budget, visited, depth + 1);
            if (r.Item1 == EvalState.Fail) return r;
            if (r.Item1 == EvalState.Value)
            {
                if (result.Item1 == EvalState.Value && result.Item2 != r.Item2) return (EvalState.Fail, 0);
                result = r;
            }
        }
        return result;
    }

    private (EvalState, ulong) EvalAfter(Register full, ulong p, Dictionary<ulong, List<ulong>> preds, ref int budget, HashSet<ulong> visited, int depth)
    {
        if (--budget <= 0) return (EvalState.Fail, 0);
        // Walk a straight line without recursion where possible.
        while (true)
        {
            if (!visited.Add(p)) return (EvalState.Neutral, 0);
            var ins = _insns[p];
            if (Writes(ins, full)) return Interpret(in ins, full, p, preds, ref budget, visited, depth);
            if (preds.TryGetValue(p, out var l) && l.Count == 1)
            {
                if (--budget <= 0) return (EvalState.Fail, 0);
                p = l[0];
                continue;
            }
            return EvalBefore(full, p, preds, ref budget, visited, depth + 1);
        }
    }

    private (EvalState, ulong) Interpret(in Instruction ins, Register full, ulong p, Dictionary<ulong, List<ulong>> preds, ref int budget, HashSet<ulong> visited, int depth)
    {
        var fail = (EvalState.Fail, 0UL);
        var k = Classify(in ins);
        if (k == Kind.Call)
            return _d.PcThunkRegister(ins.NearBranchTarget) == full ? (EvalState.Value, ins.NextIP) : fail;
        if (ins.Op0Kind != OpKind.Register || ins.Op0Register.GetFullRegister() != full) return fail;
        switch (ins.Mnemonic)
        {
            case Mnemonic.Lea:
                if (ins.IsIPRelativeMemoryOperand) return (EvalState.Value, ins.IPRelativeMemoryAddress);
                if (ins.MemoryIndex != Register.None) return fail;
                if (ins.MemoryBase == Register.None) return (EvalState.Value, ins.MemoryDisplacement64);
                {
                    var (st, v) = EvalBefore(ins.MemoryBase.GetFullRegister(), p, preds, ref budget, visited, depth + 1);
                    return st == EvalState.Value ? (st, v + ins.MemoryDisplacement64) : fail;
                }
            case Mnemonic.Mov:
                if (IsImmediate(ins.Op1Kind)) return (EvalState.Value, ins.GetImmediate(1));
                if (ins.Op1Kind == OpKind.Register)
                {
                    var (st, v) = EvalBefore(ins.Op1Register.GetFullRegister(), p, preds, ref budget, visited, depth + 1);
                    return st == EvalState.Value ? (st, v) : fail;
                }
                return fail;
            case Mnemonic.Add:
            case Mnemonic.Sub:
                if (!IsImmediate(ins.Op1Kind)) return fail;
                {
                    var (st, v) = EvalBefore(full, p, preds, ref budget, visited, depth + 1);
                    if (st != EvalState.Value) return fail;
                    ulong imm = ins.GetImmediate(1);
                    return (st, ins.Mnemonic == Mnemonic.Add ? v + imm : v - imm);
                }
            case Mnemonic.Pop:
                // call 1f; 1: pop %reg
                if (preds.TryGetValue(p, out var pl))
                    foreach (var c in pl)
                    {
                        var ci = _insns[c];
                        if (Classify(in ci) == Kind.Call && ci.NearBranchTarget == p && ci.NextIP == p)
                            return (EvalState.Value, p);
                    }
                return fail;
            default:
                return fail;
        }
    }

    private static bool IsImmediate(OpKind k) => k is OpKind.Immediate8 or OpKind.Immediate16 or OpKind.Immediate32 or OpKind.Immediate64
        or OpKind.Immediate8to16 or OpKind.Immediate8to32 or OpKind.Immediate8to64 or OpKind.Immediate32to64;

    /// <summary>
    /// Number of table entries implied by the dominating <c>cmp $N,%idx; ja default</c> (or jae / jbe / jb forms),
    /// found by walking back from <paramref name="at"/>; at merge points every path must carry a bound (the largest wins).
    /// </summary>
    private int? FindBound(ulong at, Register idx, Dictionary<ulong, List<ulong>> preds)
    {
        int budget = 256;
        return FindBoundFrom(at, idx, false, ConditionCode.None, false, preds, new HashSet<ulong>(), ref budget, 0);
    }

    /// <summary>A memory operand the index was loaded from (`cmpl $6,(%rcx); ja …; mov (%rcx),%eax`): the bound
    /// is then the compare of that same operand.</summary>
    private sealed record MemoryIndexSource(Register Base, Register Index, int Scale, ulong Displacement, int Size)
    {
        public static MemoryIndexSource Of(in Instruction ins) => new(ins.MemoryBase.GetFullRegister(),
            ins.MemoryIndex.GetFullRegister(), ins.MemoryIndexScale, ins.MemoryDisplacement64, ins.MemorySize.GetSize());
    }

    private int? FindBoundFrom(ulong cur, Register alias, bool haveCond, ConditionCode cc, bool taken,
        Dictionary<ulong, List<ulong>> preds, HashSet<ulong> visited, ref int budget, int depth, MemoryIndexSource? mem = null)
    {
        for (int steps = 0; steps < MaxBackwardSteps; steps++)
        {
            if (--budget <= 0 || !preds.TryGetValue(cur, out var list) || list.Count == 0) return null;
            if (list.Count > 1)
            {
                if (depth >= 4 || list.Count > 8) return null;
                int? best = null;
                foreach (var p in list)
                {
                    if (!visited.Add(p)) return null;
                    int? b = StepBound(p, cur, alias, haveCond, cc, taken, preds, visited, ref budget, depth + 1, mem);
                    if (b is null) return null;
                    best = Math.Max(best ?? 0, b.Value);
                }
                return best;
            }
            ulong pa = list[0];
            if (!visited.Add(pa)) return null;
            return StepBound(pa, cur, alias, haveCond, cc, taken, preds, visited, ref budget, depth, mem);
        }
        return null;
    }

    /// <summary>Examines predecessor instruction <paramref name="pa"/> of <paramref name="cur"/> and continues backwards.</summary>
    private int? StepBound(ulong pa, ulong cur, Register alias, bool haveCond, ConditionCode cc, bool taken,
        Dictionary<ulong, List<ulong>> preds, HashSet<ulong> visited, ref int budget, int depth, MemoryIndexSource? mem)
    {
        var ins = _insns[pa];
        if (mem != null && (Writes(ins, mem.Base) || (mem.Index != Register.None && Writes(ins, mem.Index)) || WritesMemory(in ins)))
            return null;
        if (!haveCond)
        {
            if (Classify(in ins) == Kind.CondJump && ins.Mnemonic != Mnemonic.Xbegin)
            {
                bool t = ins.NearBranchTarget == cur, n = ins.NextIP == cur;
                if (t == n) return null;
                return FindBoundFrom(pa, alias, true, ins.ConditionCode, t, preds, visited, ref budget, depth, mem);
            }
            if (mem == null && Writes(ins, alias))
            {
                // mov %src,%idx / movzx / mov %eax,%eax: the bound applies to the source register;
                // mov (mem),%idx: to a compare of that memory operand.
                if ((ins.Mnemonic is Mnemonic.Mov or Mnemonic.Movzx or Mnemonic.Movsxd) && ins.Op0Kind == OpKind.Register
                    && ins.Op1Kind == OpKind.Register)
                    alias = ins.Op1Register.GetFullRegister();
                else if (ins.Mnemonic is Mnemonic.Mov or Mnemonic.Movzx && ins.Op0Kind == OpKind.Register
                    && ins.Op1Kind == OpKind.Memory && !ins.IsIPRelativeMemoryOperand && ins.MemoryBase != Register.None)
                {
                    mem = MemoryIndexSource.Of(in ins);
                    alias = Register.None;
                }
                else
                    return null;
            }
            return FindBoundFrom(pa, alias, false, cc, taken, preds, visited, ref budget, depth, mem);
        }
        bool comparesIndex = mem == null
            ? ins.Op0Kind == OpKind.Register && ins.Op0Register.GetFullRegister() == alias
            : ins.Op0Kind == OpKind.Memory && !ins.IsIPRelativeMemoryOperand && MemoryIndexSource.Of(in ins) == mem;
        if (ins.Mnemonic == Mnemonic.Cmp && IsImmediate(ins.Op1Kind) && comparesIndex)
        {
            long n = (long)ins.GetImmediate(1);
            if (n < 0 || n >= MaxBoundedTableEntries) return null;
            return (cc, taken) switch
            {
                (ConditionCode.a, false) => (int)n + 1,
                (ConditionCode.ae, false) => (int)n,
                (ConditionCode.be, true) => (int)n + 1,
                (ConditionCode.b, true) => (int)n,
                _ => null,
            };
        }
        if (ins.RflagsModified != RflagsBits.None || (mem == null && Writes(ins, alias))) return null;
        return FindBoundFrom(pa, alias, true, cc, taken, preds, visited, ref budget, depth, mem);
    }

    /// <summary>Whether the instruction may store to memory: a memory destination (not cmp/test), push, call, or a
    /// string instruction.</summary>
    private static bool WritesMemory(in Instruction ins) =>
        (ins.OpCount > 0 && ins.Op0Kind == OpKind.Memory && ins.Mnemonic is not (Mnemonic.Cmp or Mnemonic.Test))
        || ins.Mnemonic is Mnemonic.Push or Mnemonic.Call || ins.IsStringInstruction;
}
