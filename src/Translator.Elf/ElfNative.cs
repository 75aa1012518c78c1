namespace Translator.Elf;

/// <summary>Numeric constants of the ELF format (System V gABI, x86/x86-64/AArch64/RISC-V psABIs, LSB).</summary>
public static class ElfNative
{
    // e_ident
    public const int EI_NIDENT = 16;
    public const int EI_MAG0 = 0, EI_MAG1 = 1, EI_MAG2 = 2, EI_MAG3 = 3;
    public const int EI_CLASS = 4, EI_DATA = 5, EI_VERSION = 6, EI_OSABI = 7, EI_ABIVERSION = 8;
    public const byte ELFMAG0 = 0x7f, ELFMAG1 = (byte)'E', ELFMAG2 = (byte)'L', ELFMAG3 = (byte)'F';
    public const byte ELFCLASSNONE = 0, ELFCLASS32 = 1, ELFCLASS64 = 2;
    public const byte ELFDATANONE = 0, ELFDATA2LSB = 1, ELFDATA2MSB = 2;
    public const byte EV_NONE = 0, EV_CURRENT = 1;
    public const byte ELFOSABI_NONE = 0, ELFOSABI_SYSV = 0, ELFOSABI_GNU = 3, ELFOSABI_LINUX = 3;

    // Header sizes
    public const int Elf32HeaderSize = 52, Elf64HeaderSize = 64;
    public const int Elf32PhdrSize = 32, Elf64PhdrSize = 56;
    public const int Elf32ShdrSize = 40, Elf64ShdrSize = 64;
    public const int Elf32SymSize = 16, Elf64SymSize = 24;
    public const int Elf32RelSize = 8, Elf64RelSize = 16;
    public const int Elf32RelaSize = 12, Elf64RelaSize = 24;
    public const int Elf32DynSize = 8, Elf64DynSize = 16;

    // e_type
    public const ushort ET_NONE = 0, ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;
    public const ushort ET_LOOS = 0xfe00, ET_HIOS = 0xfeff, ET_LOPROC = 0xff00, ET_HIPROC = 0xffff;

    // e_machine
    public const ushort EM_NONE = 0, EM_SPARC = 2, EM_386 = 3, EM_68K = 4, EM_MIPS = 8, EM_PPC = 20, EM_PPC64 = 21,
        EM_S390 = 22, EM_ARM = 40, EM_SH = 42, EM_SPARCV9 = 43, EM_IA_64 = 50, EM_X86_64 = 62,
        EM_AARCH64 = 183, EM_RISCV = 243, EM_LOONGARCH = 258;

    // Special section indices
    public const ushort SHN_UNDEF = 0, SHN_LORESERVE = 0xff00, SHN_LOPROC = 0xff00, SHN_HIPROC = 0xff1f,
        SHN_LOOS = 0xff20, SHN_HIOS = 0xff3f, SHN_ABS = 0xfff1, SHN_COMMON = 0xfff2, SHN_XINDEX = 0xffff,
        SHN_HIRESERVE = 0xffff;
    public const ushort PN_XNUM = 0xffff;

    // p_type
    public const uint PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_SHLIB = 5, PT_PHDR = 6,
        PT_TLS = 7, PT_LOOS = 0x60000000, PT_HIOS = 0x6fffffff, PT_LOPROC = 0x70000000, PT_HIPROC = 0x7fffffff,
        PT_GNU_EH_FRAME = 0x6474e550, PT_GNU_STACK = 0x6474e551, PT_GNU_RELRO = 0x6474e552,
        PT_GNU_PROPERTY = 0x6474e553, PT_GNU_SFRAME = 0x6474e554, PT_AARCH64_MEMTAG_MTE = 0x70000002,
        PT_ARM_EXIDX = 0x70000001, PT_RISCV_ATTRIBUTES = 0x70000003;

    // p_flags
    public const uint PF_X = 1, PF_W = 2, PF_R = 4, PF_MASKOS = 0x0ff00000, PF_MASKPROC = 0xf0000000;

    // sh_type
    public const uint SHT_NULL = 0, SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_RELA = 4, SHT_HASH = 5,
        SHT_DYNAMIC = 6, SHT_NOTE = 7, SHT_NOBITS = 8, SHT_REL = 9, SHT_SHLIB = 10, SHT_DYNSYM = 11,
        SHT_INIT_ARRAY = 14, SHT_FINI_ARRAY = 15, SHT_PREINIT_ARRAY = 16, SHT_GROUP = 17, SHT_SYMTAB_SHNDX = 18,
        SHT_RELR = 19, SHT_LOOS = 0x60000000, SHT_LLVM_ADDRSIG = 0x6fff4c03, SHT_GNU_ATTRIBUTES = 0x6ffffff5,
        SHT_GNU_HASH = 0x6ffffff6, SHT_GNU_LIBLIST = 0x6ffffff7, SHT_GNU_verdef = 0x6ffffffd,
        SHT_GNU_verneed = 0x6ffffffe, SHT_GNU_versym = 0x6fffffff, SHT_HIOS = 0x6fffffff,
        SHT_LOPROC = 0x70000000, SHT_X86_64_UNWIND = 0x70000001, SHT_AARCH64_ATTRIBUTES = 0x70000003,
        SHT_ARM_EXIDX = 0x70000001, SHT_ARM_ATTRIBUTES = 0x70000003, SHT_RISCV_ATTRIBUTES = 0x70000003,
        SHT_HIPROC = 0x7fffffff, SHT_LOUSER = 0x80000000, SHT_HIUSER = 0xffffffff;

    // sh_flags
    public const ulong SHF_WRITE = 0x1, SHF_ALLOC = 0x2, SHF_EXECINSTR = 0x4, SHF_MERGE = 0x10, SHF_STRINGS = 0x20,
        SHF_INFO_LINK = 0x40, SHF_LINK_ORDER = 0x80, SHF_OS_NONCONFORMING = 0x100, SHF_GROUP = 0x200,
        SHF_TLS = 0x400, SHF_COMPRESSED = 0x800, SHF_GNU_RETAIN = 0x200000, SHF_MASKOS = 0x0ff00000,
        SHF_MASKPROC = 0xf0000000, SHF_EXCLUDE = 0x80000000;

    // Symbol types (st_info & 0xf)
    public const byte STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_FILE = 4, STT_COMMON = 5,
        STT_TLS = 6, STT_GNU_IFUNC = 10, STT_LOOS = 10, STT_HIOS = 12, STT_LOPROC = 13, STT_HIPROC = 15;

    // Symbol bindings (st_info >> 4)
    public const byte STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2, STB_GNU_UNIQUE = 10, STB_LOOS = 10, STB_HIOS = 12,
        STB_LOPROC = 13, STB_HIPROC = 15;

    // Symbol visibility (st_other & 3)
    public const byte STV_DEFAULT = 0, STV_INTERNAL = 1, STV_HIDDEN = 2, STV_PROTECTED = 3;

    public static byte StInfo(byte binding, byte type) => (byte)((binding << 4) | (type & 0xf));

    // d_tag
    public const long DT_NULL = 0, DT_NEEDED = 1, DT_PLTRELSZ = 2, DT_PLTGOT = 3, DT_HASH = 4, DT_STRTAB = 5,
        DT_SYMTAB = 6, DT_RELA = 7, DT_RELASZ = 8, DT_RELAENT = 9, DT_STRSZ = 10, DT_SYMENT = 11, DT_INIT = 12,
        DT_FINI = 13, DT_SONAME = 14, DT_RPATH = 15, DT_SYMBOLIC = 16, DT_REL = 17, DT_RELSZ = 18, DT_RELENT = 19,
        DT_PLTREL = 20, DT_DEBUG = 21, DT_TEXTREL = 22, DT_JMPREL = 23, DT_BIND_NOW = 24, DT_INIT_ARRAY = 25,
        DT_FINI_ARRAY = 26, DT_INIT_ARRAYSZ = 27, DT_FINI_ARRAYSZ = 28, DT_RUNPATH = 29, DT_FLAGS = 30,
        DT_PREINIT_ARRAY = 32, DT_PREINIT_ARRAYSZ = 33, DT_SYMTAB_SHNDX = 34, DT_RELRSZ = 35, DT_RELR = 36,
        DT_RELRENT = 37, DT_GNU_HASH = 0x6ffffef5, DT_VERSYM = 0x6ffffff0, DT_RELACOUNT = 0x6ffffff9,
        DT_RELCOUNT = 0x6ffffffa, DT_FLAGS_1 = 0x6ffffffb, DT_VERDEF = 0x6ffffffc, DT_VERDEFNUM = 0x6ffffffd,
        DT_VERNEED = 0x6ffffffe, DT_VERNEEDNUM = 0x6fffffff;

    // DT_FLAGS / DT_FLAGS_1
    public const ulong DF_ORIGIN = 1, DF_SYMBOLIC = 2, DF_TEXTREL = 4, DF_BIND_NOW = 8, DF_STATIC_TLS = 0x10;
    public const ulong DF_1_NOW = 1, DF_1_PIE = 0x08000000;

    // Note types
    public const uint NT_GNU_ABI_TAG = 1, NT_GNU_HWCAP = 2, NT_GNU_BUILD_ID = 3, NT_GNU_GOLD_VERSION = 4,
        NT_GNU_PROPERTY_TYPE_0 = 5;
    public const uint NT_PRSTATUS = 1, NT_PRFPREG = 2, NT_PRPSINFO = 3, NT_TASKSTRUCT = 4, NT_AUXV = 6,
        NT_SIGINFO = 0x53494749, NT_FILE = 0x46494c45, NT_X86_XSTATE = 0x202;
    public const uint GNU_PROPERTY_X86_FEATURE_1_AND = 0xc0000002, GNU_PROPERTY_AARCH64_FEATURE_1_AND = 0xc0000000;

    // DWARF exception-header pointer encodings (LSB 10.5.1)
    public const byte DW_EH_PE_absptr = 0x00, DW_EH_PE_uleb128 = 0x01, DW_EH_PE_udata2 = 0x02,
        DW_EH_PE_udata4 = 0x03, DW_EH_PE_udata8 = 0x04, DW_EH_PE_signed = 0x08, DW_EH_PE_sleb128 = 0x09,
        DW_EH_PE_sdata2 = 0x0a, DW_EH_PE_sdata4 = 0x0b, DW_EH_PE_sdata8 = 0x0c;
    public const byte DW_EH_PE_pcrel = 0x10, DW_EH_PE_textrel = 0x20, DW_EH_PE_datarel = 0x30,
        DW_EH_PE_funcrel = 0x40, DW_EH_PE_aligned = 0x50, DW_EH_PE_indirect = 0x80, DW_EH_PE_omit = 0xff;

    // Auxiliary vector types
    public const ulong AT_NULL = 0, AT_IGNORE = 1, AT_EXECFD = 2, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5,
        AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9, AT_NOTELF = 10, AT_UID = 11, AT_EUID = 12,
        AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23,
        AT_BASE_PLATFORM = 24, AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31, AT_SYSINFO = 32,
        AT_SYSINFO_EHDR = 33, AT_MINSIGSTKSZ = 51;

    // Relocation types commonly needed by the writer's users
    public const uint R_AARCH64_NONE = 0, R_AARCH64_ABS64 = 257, R_AARCH64_ABS32 = 258, R_AARCH64_PREL32 = 261,
        R_AARCH64_ADR_PREL_PG_HI21 = 275, R_AARCH64_ADD_ABS_LO12_NC = 277, R_AARCH64_JUMP26 = 282,
        R_AARCH64_CALL26 = 283, R_AARCH64_LDST64_ABS_LO12_NC = 286;
    public const uint R_X86_64_NONE = 0, R_X86_64_64 = 1, R_X86_64_PC32 = 2, R_X86_64_RELATIVE = 8,
        R_X86_64_IRELATIVE = 37;
    public const uint R_386_NONE = 0, R_386_32 = 1, R_386_PC32 = 2, R_386_RELATIVE = 8, R_386_IRELATIVE = 42;

    // Compression (SHF_COMPRESSED)
    public const uint ELFCOMPRESS_ZLIB = 1, ELFCOMPRESS_ZSTD = 2;

    public static string MachineName(ushort machine) => machine switch
    {
        EM_386 => "i386", EM_X86_64 => "x86-64", EM_AARCH64 => "AArch64", EM_ARM => "ARM",
        EM_RISCV => "RISC-V", EM_PPC64 => "PowerPC64", EM_MIPS => "MIPS", _ => $"machine {machine}",
    };
}
