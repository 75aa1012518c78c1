using System.Text;
using Iced.Intel;

namespace Translator.Cfg;

/// <summary>Writes discovered functions as Graphviz digraphs (`xlate translate --dump=cfg`): one cluster per function,
/// one node per basic block listing its instructions, edges to successors labelled with how the block ends.</summary>
public static class CfgDot
{
    public static void Write(IEnumerable<GuestFunction> functions, TextWriter output)
    {
        var formatter = new GasFormatter();
        formatter.Options.FirstOperandCharIndex = 8;
        output.WriteLine("digraph cfg {");
        output.WriteLine("  node [shape=box, fontname=\"monospace\", fontsize=10];");
        int cluster = 0;
        foreach (var f in functions)
        {
            output.WriteLine($"  subgraph cluster_{cluster++} {{");
            output.WriteLine($"    label=\"{Escape(f.Name ?? "sub")} 0x{f.Entry:x}\";");
            foreach (var block in f.Blocks.Values)
            {
                var label = new StringBuilder();
                foreach (var insn in block.Instructions)
                {
                    var text = new StringOutput();
                    formatter.Format(insn, text);
                    label.Append($"{insn.IP:x}:  {Escape(text.ToStringAndReset())}\\l");
                }
                if (block.UndecodableAt is { } bad) label.Append($"{bad:x}:  (undecodable)\\l");
                string extra = f.ExternalEntries.Contains(block.Start) || block.Start == f.Entry ? ", penwidth=2" : "";
                output.WriteLine($"    b{block.Start:x} [label=\"{label}\"{extra}];");
            }
            foreach (var block in f.Blocks.Values)
            {
                foreach (var (target, kind) in Edges(block))
                {
                    string style = f.Blocks.ContainsKey(target) ? "" : ", style=dashed";
                    output.WriteLine($"    b{block.Start:x} -> b{target:x} [label=\"{kind}\"{style}];");
                }
            }
            output.WriteLine("  }");
        }
        output.WriteLine("}");
    }

    private static IEnumerable<(ulong Target, string Kind)> Edges(BasicBlock block)
    {
        switch (block.End)
        {
            case BlockEnd.ConditionalJump:
                yield return (block.Successors[0], "taken");
                if (block.Successors.Count > 1) yield return (block.Successors[1], "not taken");
                break;
            case BlockEnd.Call:
                if (block.CallTarget is { } callee) yield return (callee, "call");
                foreach (var s in block.Successors) yield return (s, "return");
                break;
            case BlockEnd.IndirectCall:
                foreach (var s in block.Successors) yield return (s, "return");
                break;
            case BlockEnd.IndirectJump:
                foreach (var s in block.Successors.Distinct()) yield return (s, "table");
                break;
            default:
                foreach (var s in block.Successors) yield return (s, block.End == BlockEnd.Jump ? "jmp" : "");
                break;
        }
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
