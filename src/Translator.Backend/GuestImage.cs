using System.Globalization;
using System.Text;
using Translator.Elf;

namespace Translator.Backend;

/// <summary>The guest's loadable segments as sections of a relocatable object, with the linker-script lines
/// that place them at their original addresses (so the kernel maps the guest image for us).</summary>
public static class GuestImage
{
    public static (byte[] Object, string LinkerSections) Build(ElfFile elf)
    {
        var writer = new ElfObjectWriter();
        var script = new StringBuilder();
        int index = 0;
        foreach (var seg in elf.Segments.Where(s => s.IsLoad).OrderBy(s => s.VirtualAddress))
        {
            ulong flags = ElfNative.SHF_ALLOC | (seg.IsWritable ? ElfNative.SHF_WRITE : 0UL);
            string name = $".guest.{index}";
            ulong fileSize = Math.Min(seg.FileSize, seg.MemorySize);
            var data = new ReadOnlyMemory<byte>(elf.Data, checked((int)seg.Offset), checked((int)fileSize));
            if (fileSize > 0)
            {
                writer.AddSection(name, ElfNative.SHT_PROGBITS, flags, data, 1);
                script.Append(CultureInfo.InvariantCulture, $"  {name} 0x{seg.VirtualAddress:x} : {{ KEEP(*({name})) }}\n");
            }
            if (seg.MemorySize > fileSize)
            {
                string bss = name + ".bss";
                writer.AddNoBitsSection(bss, ElfNative.SHF_ALLOC | ElfNative.SHF_WRITE, seg.MemorySize - fileSize, 1);
                script.Append(CultureInfo.InvariantCulture,
                    $"  {bss} 0x{seg.VirtualAddress + fileSize:x} : {{ KEEP(*({bss})) }}\n");
            }
            index++;
        }
        using var stream = new MemoryStream();
        writer.Write(stream);
        return (stream.ToArray(), script.ToString());
    }
}
