using Iced.Intel;
using Translator.Cfg;

namespace Translator.Lifting;

/// <summary>
/// Backward dataflow over a function's blocks: which status flags some later instruction may read. Flags that
/// nothing reads are never computed. Calls and returns end flag lifetimes (no ABI passes flags across them);
/// jumps out of the function keep every flag live.
/// </summary>
internal sealed class FlagLiveness
{
    public const int All = 0x7f;
    private readonly Dictionary<ulong, int[]> _liveAfter = new();

    /// <summary>Flags (bit = 1 << (int)Flag) live after instruction <paramref name="index"/> of a block.</summary>
    public int LiveAfter(ulong block, int index) => _liveAfter[block][index];

    public static FlagLiveness Of(GuestFunction function)
    {
        var blocks = function.Blocks;
        var read = new Dictionary<ulong, (int[] Read, int[] Written)>();
        foreach (var (start, b) in blocks)
        {
            var r = new int[b.Instructions.Count];
            var w = new int[b.Instructions.Count];
            for (int i = 0; i < r.Length; i++) (r[i], w[i]) = Effects(b.Instructions[i]);
            read[start] = (r, w);
        }
        var liveIn = blocks.Keys.ToDictionary(k => k, _ => 0);
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (start, b) in blocks.Reverse())
            {
                int live = LiveOut(b, blocks, liveIn);
                var (r, w) = read[start];
                for (int i = r.Length - 1; i >= 0; i--) live = (live & ~w[i]) | r[i];
                if (live != liveIn[start])
                {
                    liveIn[start] = live;
                    changed = true;
                }
            }
        }
        var result = new FlagLiveness();
        foreach (var (start, b) in blocks)
        {
            var (r, w) = read[start];
            var after = new int[r.Length];
            int live = LiveOut(b, blocks, liveIn);
            for (int i = r.Length - 1; i >= 0; i--)
            {
                after[i] = live;
                live = (live & ~w[i]) | r[i];
            }
            result._liveAfter[start] = after;
        }
        return result;
    }

    private static int LiveOut(BasicBlock b, SortedDictionary<ulong, BasicBlock> blocks, Dictionary<ulong, int> liveIn)
    {
        int In(ulong target) => blocks.ContainsKey(target) ? liveIn[target] : All;
        switch (b.End)
        {
            case BlockEnd.Call:
            case BlockEnd.IndirectCall:
            case BlockEnd.Return:
            case BlockEnd.Stop:
                return 0;
            case BlockEnd.IndirectJump:
                return All;
            default:
            {
                int live = 0;
                if (b.Successors.Count == 0) return All;
                foreach (var s in b.Successors) live |= In(s);
                return live;
            }
        }
    }

    /// <summary>Flags an instruction reads and (unconditionally) writes, in Flag bit order.</summary>
    private static (int Read, int Written) Effects(in Instruction insn)
    {
        int read = Map(insn.RflagsRead);
        int written = Map(insn.RflagsModified);
        // Shifts and rotates by a register count leave the flags alone when the count is 0: our semantics then
        // read the old values, so they must have been computed.
        if (insn.Mnemonic is Mnemonic.Shl or Mnemonic.Sal or Mnemonic.Shr or Mnemonic.Sar or Mnemonic.Rol
                or Mnemonic.Ror or Mnemonic.Rcl or Mnemonic.Rcr or Mnemonic.Shld or Mnemonic.Shrd
            && insn.GetOpKind(insn.OpCount - 1) == OpKind.Register)
            read |= written;
        // rep cmps/scas with a zero count leave the flags alone too.
        if ((insn.HasRepePrefix || insn.HasRepnePrefix) && insn.Mnemonic is Mnemonic.Cmpsb or Mnemonic.Cmpsw
                or Mnemonic.Cmpsd or Mnemonic.Cmpsq or Mnemonic.Scasb or Mnemonic.Scasw or Mnemonic.Scasd or Mnemonic.Scasq)
            read |= written;
        if (insn.Mnemonic is Mnemonic.Pushf or Mnemonic.Pushfd or Mnemonic.Pushfq or Mnemonic.Lahf) read |= All;
        return (read, written);
    }

    private static int Map(RflagsBits bits)
    {
        int m = 0;
        if ((bits & RflagsBits.CF) != 0) m |= 1 << (int)Flag.CF;
        if ((bits & RflagsBits.PF) != 0) m |= 1 << (int)Flag.PF;
        if ((bits & RflagsBits.AF) != 0) m |= 1 << (int)Flag.AF;
        if ((bits & RflagsBits.ZF) != 0) m |= 1 << (int)Flag.ZF;
        if ((bits & RflagsBits.SF) != 0) m |= 1 << (int)Flag.SF;
        if ((bits & RflagsBits.OF) != 0) m |= 1 << (int)Flag.OF;
        if ((bits & RflagsBits.DF) != 0) m |= 1 << (int)Flag.DF;
        return m;
    }
}
