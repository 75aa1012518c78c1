using Iced.Intel;
using Translator.X86;

namespace Translator.Cfg;

/// <summary>Recursive traversal of one function, then block construction.</summary>
internal sealed partial class FunctionExplorer
{
    private readonly Discoverer _d;
    private readonly ulong _entry;

    private readonly Dictionary<ulong, Instruction> _insns = new();
    /// <summary>Instructions reached on a path that does not go through the return site of a noreturn call.</summary>
    private readonly HashSet<ulong> _clean = new();
    private readonly HashSet<ulong> _leaders = new();
    private readonly HashSet<ulong> _undecodable = new();
    private readonly HashSet<ulong> _external = new();
    private readonly HashSet<ulong> _callTargets = new();
    private readonly List<ulong> _pendingIndirect = new();
    private readonly HashSet<ulong> _resolvedIndirect = new();
    private readonly Dictionary<ulong, JumpTable> _tables = new();
    private readonly Stack<(ulong Address, bool Tainted)> _work = new();
    /// <summary>Where exploration stopped because the function reached <see cref="MaxInsns"/>: each becomes the entry
    /// of a function of its own, reached by a jump, so a huge function is translated in pieces.</summary>
    private readonly HashSet<ulong> _continuations = new();
    private bool _truncated;

    public List<(ulong Address, string Reason)> Problems { get; } = new();
    public IEnumerable<ulong> CallTargets => _callTargets;
    public IEnumerable<ulong> Leaders => _leaders;
    public IEnumerable<ulong> Continuations => _continuations;

    public FunctionExplorer(Discoverer d, ulong entry)
    {
        _d = d;
        _entry = entry;
    }

    /// <summary>Entry limits for unbounded tables found to run into garbage (targets inside other instructions).</summary>
    private readonly Dictionary<ulong, int> _tableLimits = new();
    private readonly HashSet<ulong> _unboundedTables = new();

    public void Explore()
    {
        for (int attempt = 0; ; attempt++)
        {
            ExploreOnce();
            if (attempt >= 3 || !TrimBadUnboundedTables()) return;
            _insns.Clear(); _clean.Clear(); _leaders.Clear(); _undecodable.Clear(); _external.Clear(); _callTargets.Clear();
            _pendingIndirect.Clear(); _resolvedIndirect.Clear(); _tables.Clear(); _work.Clear(); _tableStarts.Clear();
            _sortedInsns = null; _truncated = false; Problems.Clear(); _codeConstants.Clear(); _codeConstantsSeen.Clear();
            _continuations.Clear(); _deferredConstants.Clear();
        }
    }

    /// <summary>Cuts unbounded tables at their first target that lands inside another decoded instruction.</summary>
    private bool TrimBadUnboundedTables()
    {
        bool changed = false;
        _sortedInsns = null;
        foreach (var t in _tables.Values)
        {
            if (!_unboundedTables.Contains(t.TableAddress)) continue;
            for (int i = 0; i < t.Targets.Count; i++)
            {
                if (InsideKnownInstruction(t.Targets[i]) && !IsPrefixSkip(t.Targets[i]))
                {
                    _tableLimits[t.TableAddress] = i;
                    changed = true;
                    break;
                }
            }
        }
        return changed;
    }

    private void ExploreOnce()
    {
        Push(_entry, false);
        var dataRoots = new Queue<ulong>(_d.DataRootsFor(_entry));
        while (true)
        {
            Drain();
            if (_pendingIndirect.Count == 0)
            {
                // Code addresses stored in data inside this function's symbol range (switch tables whose bound we
                // could not recover) are entries too, and so are addresses of this function's own code held as
                // constants (`lea .Lnext(%rip),%rax; push %rax; ret`, i386 `push $label`), unless either falls
                // inside an instruction we already decoded. A constant not yet in this function's extent is kept
                // for the next round, when more of the function is known.
                _sortedInsns = null;
                bool pushed = PushEntryRoots(dataRoots, null) | PushEntryRoots(_codeConstants, InThisFunction);
                if (pushed)
                {
                    foreach (var v in _deferredConstants) _codeConstants.Enqueue(v);
                    _deferredConstants.Clear();
                    continue;
                }
                break;
            }
            var pending = _pendingIndirect.ToArray();
            _pendingIndirect.Clear();
            var preds = BuildPredecessors();
            _collectTableStartsOnly = true;
            foreach (var j in pending)
                if (!_resolvedIndirect.Contains(j)) TryRecoverJumpTable(j, preds);
            _collectTableStartsOnly = false;
            foreach (var j in pending)
            {
                if (!_resolvedIndirect.Add(j)) continue;
                var table = TryRecoverJumpTable(j, preds);
                if (table is null) continue;
                _tables[j] = table;
                bool tainted = !_clean.Contains(j);
                foreach (var t in table.Targets)
                {
                    _external.Add(t);
                    Push(t, tainted);
                }
            }
        }
    }

    /// <summary>Explores the addresses of <paramref name="roots"/> as external entries; true if any was pushed.</summary>
    private bool PushEntryRoots(Queue<ulong> roots, Func<ulong, bool>? inExtent)
    {
        bool pushed = false;
        while (roots.Count > 0)
        {
            ulong root = roots.Dequeue();
            if (inExtent != null && !inExtent(root))
            {
                _deferredConstants.Add(root);
                continue;
            }
            if (_insns.ContainsKey(root) || !InsideKnownInstruction(root))
            {
                _external.Add(root);
                Push(root, false);
                pushed = true;
            }
        }
        return pushed;
    }

    private readonly Queue<ulong> _codeConstants = new();
    private readonly HashSet<ulong> _codeConstantsSeen = new();
    private readonly List<ulong> _deferredConstants = new();

    /// <summary>Whether a code address belongs to this function: inside its symbol's range (or before the next
    /// entry), or placed after code the function was seen to run (a label past a jump, code reached by a jump away
    /// from the entry) with no other function's entry in between.</summary>
    private bool InThisFunction(ulong v)
    {
        ulong hi = _d.SymbolSize(_entry) is ulong size ? _entry + size : _d.NextEntryAfter(_entry) ?? ulong.MaxValue;
        if (v > _entry && v < hi) return true;
        if (_sortedInsns is null || _sortedInsns.Length != _insns.Count) _sortedInsns = _insns.Keys.Order().ToArray();
        int i = Array.BinarySearch(_sortedInsns, v);
        if (i >= 0) return true;
        i = ~i - 1;
        if (i < 0) return false;
        return _d.NextEntryAfter(_sortedInsns[i]) is not ulong next || next > v;
    }

    private static bool IsAbsoluteMemory(in Instruction ins) =>
        ins.MemoryBase == Register.None && ins.MemoryIndex == Register.None;

    /// <summary>The register an i386 `call 1f; 1: pop reg` just loaded with the address of the pop, for the next
    /// instruction only.</summary>
    private (Register Reg, ulong Value, ulong Next)? _pcInRegister;

    /// <summary>Queues a code address that the instruction materialises as a value.</summary>
    private void NoteCodeConstant(in Instruction ins)
    {
        ulong v;
        var pc = _pcInRegister;
        _pcInRegister = null;
        if (_d.Mode == GuestMode.I386 && ins.Mnemonic == Mnemonic.Pop && ins.Op0Kind == OpKind.Register
            && _insns.TryGetValue(ins.IP - 5, out var call) && call.Mnemonic == Mnemonic.Call
            && call.Op0Kind == OpKind.NearBranch32 && call.NearBranchTarget == ins.IP)
        {
            _pcInRegister = (ins.Op0Register, ins.IP, ins.NextIP); // `call 1f; 1: pop reg`
            return;
        }
        if (pc is { } p && ins.IP == p.Next && ins.Op0Kind == OpKind.Register && ins.Op0Register == p.Reg
            && ins.Mnemonic == Mnemonic.Add && ins.Op1Kind is OpKind.Immediate32 or OpKind.Immediate8to32)
            v = (p.Value + ins.GetImmediate(1)) & 0xffffffff; // ... then `add $n, reg` (glibc i386 makecontext)
        else if (ins.Mnemonic == Mnemonic.Lea && ins.IsIPRelativeMemoryOperand) v = ins.IPRelativeMemoryAddress;
        else if (_d.Mode == GuestMode.I386 && (ins.Mnemonic == Mnemonic.Push || ins.Mnemonic == Mnemonic.Mov)
                 && ins.OpCount >= 1 && ins.GetOpKind(ins.OpCount - 1) is OpKind.Immediate32)
            v = ins.GetImmediate(ins.OpCount - 1);
        else if (_d.Mode == GuestMode.I386 && ins.Mnemonic == Mnemonic.Lea && IsAbsoluteMemory(ins))
            v = ins.MemoryDisplacement32; // lea reg, [label]
        else if (ins.FlowControl is FlowControl.IndirectBranch or FlowControl.IndirectCall && ins.Op0Kind == OpKind.Memory
                 && (ins.IsIPRelativeMemoryOperand || IsAbsoluteMemory(ins))
                 && _d.Decoder.IsExecutable(ins.IsIPRelativeMemoryOperand ? ins.IPRelativeMemoryAddress : ins.MemoryDisplacement64)
                 && _d.TryReadUInt(ins.IsIPRelativeMemoryOperand ? ins.IPRelativeMemoryAddress : ins.MemoryDisplacement64,
                     _d.PointerSize, out ulong pointer))
            v = pointer; // call/jmp [label] through a code address stored among the code (pointers in data: DataPointers)
        else return;
        if (v == _entry || !_d.Decoder.IsExecutable(v) || !_codeConstantsSeen.Add(v)) return;
        _codeConstants.Enqueue(v);
    }

    private void Push(ulong a, bool tainted)
    {
        _leaders.Add(a);
        _work.Push((a, tainted));
    }

    private void Drain()
    {
        while (_work.Count > 0)
        {
            var (a, tainted) = _work.Pop();
            bool prevNew = false;
            bool first = true;
            while (true)
            {
                Instruction ins;
                bool isNew;
                if (_insns.TryGetValue(a, out ins))
                {
                    if (!first && prevNew) _leaders.Add(a); // fell into already-explored code
                    if (tainted || _clean.Contains(a)) break;
                    isNew = false; // re-walk on a clean path
                }
                else
                {
                    if (_undecodable.Contains(a) || _continuations.Contains(a)) break;
                    if (a != _entry && _d.IsContinuation(a))
                    {
                        // another piece of a function too large for one (see below) starts here: jump to it
                        _leaders.Add(a);
                        _continuations.Add(a);
                        break;
                    }
                    if (_insns.Count >= MaxInsns)
                    {
                        // Everything still to explore (this address and the pending work) continues in functions of
                        // their own; every edge out of what was explored leads to one of them.
                        if (!_truncated) Problems.Add((a, $"function larger than {MaxInsns} instructions; continued in separate functions"));
                        _truncated = true;
                        _leaders.Add(a);
                        _continuations.Add(a);
                        foreach (var (pending, _) in _work)
                            if (!_insns.ContainsKey(pending))
                            {
                                _leaders.Add(pending);
                                _continuations.Add(pending);
                            }
                        break;
                    }
                    if (!_d.TryDecode(a, out ins))
                    {
                        // Elsewhere the block ends in a run-time trap, but a program whose very first instruction
                        // cannot be decoded has nothing worth translating.
                        if (a == _d.Elf.Entry)
                            throw new UnsupportedBinaryException(
                                $"{_d.Elf.DisplayName}: undecodable instruction at 0x{a:x}: bytes {_d.Decoder.DescribeBytes(a)}");
                        _undecodable.Add(a);
                        break;
                    }
                    _insns[a] = ins;
                    NoteCodeConstant(in ins);
                    isNew = true;
                }
                if (!tainted) _clean.Add(a);
                first = false;
                prevNew = isNew;

                if (!Step(in ins, tainted)) break;
                a = ins.NextIP;
            }
        }
    }

    // A bigger function is translated in pieces (continuations): past ~100k instructions one piece can compile to
    // more than the 128 MiB an AArch64 branch reaches, which the linker cannot bridge (Box64 tests/27 main: 1.6M).
    private const int MaxInsns = 50_000;

    /// <summary>Follows the edges of one instruction; returns true to continue with the next instruction.</summary>
    private bool Step(in Instruction ins, bool tainted)
    {
        ulong next = ins.NextIP;
        switch (Classify(in ins))
        {
            case Kind.Normal:
                return true;
            case Kind.Stop:
                // a SIGTRAP handler that returns resumes after int3: that instruction must be an entry, unless int3
                // is padding (more int3s, or the next function)
                if (ins.Mnemonic == Mnemonic.Int3 && !_d.IsEntry(next) &&
                    _d.Decoder.TryDecode(next, out var after) && after.Mnemonic != Mnemonic.Int3)
                {
                    _external.Add(next);
                    Push(next, tainted: true);
                }
                return false;
            case Kind.Return:
            case Kind.Other:
                return false;
            case Kind.Jump:
            {
                ulong t = ins.NearBranchTarget;
                if (t != _entry && _d.IsEntry(t)) return false; // tail call
                Push(t, tainted);
                return false;
            }
            case Kind.CondJump:
                Push(ins.NearBranchTarget, tainted);
                _leaders.Add(next);
                return true;
            case Kind.IndirectJump:
                if (!_resolvedIndirect.Contains(ins.IP)) _pendingIndirect.Add(ins.IP);
                return false;
            case Kind.Call:
            {
                ulong t = ins.NearBranchTarget;
                bool noReturn = _d.IsNoReturn(t);
                if (!tainted && t != next && _d.Decoder.IsExecutable(t)) _callTargets.Add(t);
                _external.Add(next);
                Push(next, tainted || noReturn);
                return false;
            }
            case Kind.IndirectCall:
                _external.Add(next);
                Push(next, tainted);
                return false;
            default:
                return false;
        }
    }

    internal enum Kind { Normal, Stop, Return, Jump, CondJump, IndirectJump, Call, IndirectCall, Other }

    internal static Kind Classify(in Instruction ins)
    {
        switch (ins.FlowControl)
        {
            case FlowControl.Next:
                return ins.Mnemonic == Mnemonic.Hlt ? Kind.Stop : Kind.Normal;
            case FlowControl.UnconditionalBranch:
                return IsNearBranch(ins.Op0Kind) ? Kind.Jump : Kind.IndirectJump; // far direct jmp: no static target
            case FlowControl.ConditionalBranch:
                return IsNearBranch(ins.Op0Kind) ? Kind.CondJump : Kind.Other;
            case FlowControl.IndirectBranch:
                return Kind.IndirectJump;
            case FlowControl.Return:
                return Kind.Return;
            case FlowControl.Call:
                // Iced files syscall/sysenter under Call; for us they return to the next instruction.
                if (ins.Mnemonic is Mnemonic.Syscall or Mnemonic.Sysenter) return Kind.Normal;
                return IsNearBranch(ins.Op0Kind) ? Kind.Call : Kind.IndirectCall;
            case FlowControl.IndirectCall:
                return Kind.IndirectCall;
            case FlowControl.Interrupt:
                return ins.Mnemonic is Mnemonic.Int3 or Mnemonic.Int1 ? Kind.Stop : Kind.Normal;
            case FlowControl.Exception:
                return Kind.Stop;
            case FlowControl.XbeginXabortXend:
                return ins.Mnemonic == Mnemonic.Xbegin && IsNearBranch(ins.Op0Kind) ? Kind.CondJump : Kind.Normal;
            default:
                return Kind.Normal;
        }
    }

    private static bool IsNearBranch(OpKind k) => k is OpKind.NearBranch16 or OpKind.NearBranch32 or OpKind.NearBranch64;

    /// <summary>Instruction-level predecessors (fall-through and direct branch edges).</summary>
    private Dictionary<ulong, List<ulong>> BuildPredecessors()
    {
        var preds = new Dictionary<ulong, List<ulong>>(_insns.Count);
        void Add(ulong to, ulong from)
        {
            if (!preds.TryGetValue(to, out var l)) preds[to] = l = new List<ulong>(1);
            if (!l.Contains(from)) l.Add(from);
        }
        foreach (var (a, ins) in _insns)
        {
            var k = Classify(in ins);
            switch (k)
            {
                case Kind.Normal:
                case Kind.Call:
                case Kind.IndirectCall:
                    Add(ins.NextIP, a);
                    break;
                case Kind.CondJump:
                    Add(ins.NextIP, a);
                    Add(ins.NearBranchTarget, a);
                    break;
                case Kind.Jump:
                    Add(ins.NearBranchTarget, a);
                    break;
                case Kind.IndirectJump:
                    if (_tables.TryGetValue(a, out var t))
                        foreach (var x in t.Targets) Add(x, a);
                    break;
            }
        }
        return preds;
    }

    /// <summary>True when <paramref name="a"/> starts an instruction that is another decoded instruction minus its
    /// prefixes (glibc's <c>je 1f; lock; 1: cmpxchg</c> idiom): harmless overlap.</summary>
    private bool IsPrefixSkip(ulong a)
    {
        if (!_insns.TryGetValue(a, out var inner)) return false;
        for (ulong back = 1; back <= 4 && back <= a; back++)
            if (_insns.TryGetValue(a - back, out var outer) && outer.NextIP == inner.NextIP)
                return true;
        return false;
    }

    // ----- block construction -----

    public GuestFunction Build()
    {
        var fn = new GuestFunction { Entry = _entry };
        foreach (var leader in _leaders.Order())
        {
            if (!_insns.ContainsKey(leader) && _continuations.Contains(leader)) continue; // another function's code
            var block = new BasicBlock { Start = leader };
            ulong a = leader;
            while (true)
            {
                if (!_insns.TryGetValue(a, out var ins) && _continuations.Contains(a) && block.Instructions.Count > 0)
                {
                    block.End = BlockEnd.FallThrough;
                    block.Successors.Add(a);
                    break;
                }
                if (!_insns.TryGetValue(a, out ins))
                {
                    block.End = BlockEnd.Stop;
                    block.UndecodableAt = a;
                    if (!_truncated || !_undecodable.Contains(a))
                        Problems.Add((a, _d.Decoder.IsExecutable(a) ? "undecodable instruction" : "code runs outside executable memory"));
                    break;
                }
                block.Instructions.Add(ins);
                ulong next = ins.NextIP;
                var kind = Classify(in ins);
                bool done = true;
                switch (kind)
                {
                    case Kind.Normal:
                        if (_leaders.Contains(next))
                        {
                            block.End = BlockEnd.FallThrough;
                            block.Successors.Add(next);
                        }
                        else
                        {
                            done = false;
                        }
                        break;
                    case Kind.Stop:
                        block.End = BlockEnd.Stop;
                        break;
                    case Kind.Return:
                        block.End = BlockEnd.Return;
                        break;
                    case Kind.Jump:
                        block.End = BlockEnd.Jump;
                        block.Successors.Add(ins.NearBranchTarget);
                        break;
                    case Kind.CondJump:
                        block.End = BlockEnd.ConditionalJump;
                        block.Successors.Add(ins.NearBranchTarget);
                        block.Successors.Add(next);
                        break;
                    case Kind.IndirectJump:
                        block.End = BlockEnd.IndirectJump;
                        if (_tables.TryGetValue(a, out var table))
                        {
                            block.JumpTable = table;
                            foreach (var t in table.Targets)
                                if (!block.Successors.Contains(t)) block.Successors.Add(t);
                        }
                        else
                        {
                            Problems.Add((a, ins.Op0Kind is OpKind.FarBranch16 or OpKind.FarBranch32
                                ? "far jump (not followed)"
                                : "indirect jump without a recovered jump table"));
                        }
                        break;
                    case Kind.Call:
                        block.End = BlockEnd.Call;
                        block.CallTarget = ins.NearBranchTarget;
                        block.Successors.Add(next);
                        break;
                    case Kind.IndirectCall:
                        block.End = BlockEnd.IndirectCall;
                        block.Successors.Add(next);
                        break;
                    default:
                        block.End = BlockEnd.Stop;
                        Problems.Add((a, $"unfollowable control flow ({ins.Mnemonic})"));
                        break;
                }
                if (done) break;
                a = next;
            }
            fn.Blocks[leader] = block;
        }

        // Overlap check (only possible when code jumps into the middle of an instruction).
        BasicBlock? prev = null;
        foreach (var b in fn.Blocks.Values)
        {
            if (prev is not null && prev.EndAddress > b.Start && !IsPrefixSkip(b.Start))
                Problems.Add((b.Start, $"block overlaps the block at 0x{prev.Start:x} (jump into the middle of an instruction)"));
            if (prev is null || b.EndAddress > prev.EndAddress) prev = b;
        }

        foreach (var x in _external)
            if (x != _entry && fn.Blocks.ContainsKey(x))
                fn.ExternalEntries.Add(x);
        return fn;
    }
}
