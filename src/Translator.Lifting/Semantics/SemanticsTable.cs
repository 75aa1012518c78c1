using Iced.Intel;

namespace Translator.Lifting.Semantics;

/// <summary>Lifts the current instruction (<see cref="Emitter.Insn"/>).</summary>
public delegate void InstructionHandler(Emitter e);

/// <summary>The one table from Iced mnemonic to semantics; each category file registers its handlers.</summary>
public sealed class SemanticsTable
{
    private readonly Dictionary<Mnemonic, InstructionHandler> _handlers = new();

    public static SemanticsTable Default { get; } = Create();

    private static SemanticsTable Create()
    {
        var t = new SemanticsTable();
        DataTransfer.AddTo(t);
        Binary.AddTo(t);
        Logical.AddTo(t);
        Shift.AddTo(t);
        Bit.AddTo(t);
        StringOps.AddTo(t);
        SystemOps.AddTo(t);
        Sse.AddTo(t);
        Crypto.AddTo(t);
        X87.AddTo(t);
        XSave.AddTo(t);
        Avx.AddTo(t);   // last: VEX forms are lifted through the SSE handlers registered above
        return t;
    }

    public void Add(Mnemonic mnemonic, InstructionHandler handler)
    {
        if (!_handlers.TryAdd(mnemonic, handler))
            throw new InvalidOperationException($"two handlers for {mnemonic}");
    }

    public void Add(InstructionHandler handler, params Mnemonic[] mnemonics)
    {
        foreach (var m in mnemonics) Add(m, handler);
    }

    public bool TryGet(Mnemonic mnemonic, out InstructionHandler handler) => _handlers.TryGetValue(mnemonic, out handler!);

    /// <summary>Whether the lifter translates this instruction (control flow is handled by the function lifter).</summary>
    public bool IsSupported(in Instruction insn) =>
        ControlFlow.IsControlTransfer(insn) || _handlers.ContainsKey(insn.Mnemonic);

    public IEnumerable<Mnemonic> Mnemonics => _handlers.Keys;
}
