"""Generates src/Translator.Llvm/Interop/*.g.cs from the llvm-c 19 headers.
Run: python3 src/Translator.Llvm/tools/gen_interop.py   (from the repository root or anywhere)"""
import os, re, sys
sys.path.insert(0, os.path.dirname(__file__))
from parse_headers import parse, exported, INC, HEADERS

OUT = os.path.join(os.path.dirname(__file__), "..", "Interop")

HANDLES = ["LLVMContextRef", "LLVMModuleRef", "LLVMTypeRef", "LLVMValueRef", "LLVMBasicBlockRef", "LLVMBuilderRef",
           "LLVMTargetRef", "LLVMTargetMachineRef", "LLVMTargetDataRef", "LLVMPassBuilderOptionsRef", "LLVMErrorRef",
           "LLVMAttributeRef", "LLVMMetadataRef", "LLVMMemoryBufferRef", "LLVMDIBuilderRef",
           # extra handles used by the rest of the C API
           "LLVMNamedMDNodeRef", "LLVMModuleProviderRef", "LLVMPassManagerRef", "LLVMUseRef", "LLVMOperandBundleRef",
           "LLVMDiagnosticInfoRef", "LLVMComdatRef", "LLVMDbgRecordRef", "LLVMTargetLibraryInfoRef",
           "LLVMTargetMachineOptionsRef", "LLVMDisasmContextRef", "LLVMJITEventListenerRef", "LLVMBinaryRef"]

PRIM = {"void": "void", "int": "int", "unsigned": "uint", "unsigned int": "uint", "LLVMBool": "int",
        "unsigned long long": "ulong", "long long": "long", "uint64_t": "ulong", "int64_t": "long",
        "uint32_t": "uint", "uint16_t": "ushort", "uint8_t": "byte", "size_t": "nuint", "double": "double",
        "LLVMAttributeIndex": "uint", "LLVMFastMathFlags": "uint", "LLVMGEPNoWrapFlags": "uint",
        "LLVMMetadataKind": "uint", "LLVMDWARFTypeEncoding": "uint",
        "LLVMDiagnosticHandler": "nint", "LLVMYieldCallback": "nint", "LLVMOpInfoCallback": "nint",
        "LLVMSymbolLookupCallback": "nint", "LLVMErrorTypeId": "nint", "void *": "nint", "const void *": "nint"}

# pointer-to-handle parameters that are single outputs
OUT_SINGLE = {"OutM", "OutModule", "OutMemBuf", "T"}
# array parameters the callee fills in
OUT_ARRAYS = {("LLVMGetParamTypes", "Dest"), ("LLVMGetStructElementTypes", "Dest"), ("LLVMGetSubtypes", "Arr"),
              ("LLVMGetParams", "Params"), ("LLVMGetBasicBlocks", "BasicBlocks"), ("LLVMGetHandlers", "Handlers"),
              ("LLVMGetAttributesAtIndex", "Attrs"), ("LLVMGetCallSiteAttributes", "Attrs"),
              ("LLVMGetMDNodeOperands", "Dest"), ("LLVMGetNamedMetadataOperands", "Dest")}
KEYWORDS = {"string", "object", "base", "params", "ref", "out", "in", "event", "fixed", "operator", "class", "lock",
            "checked", "decimal", "default", "delegate", "is", "as", "new", "this", "internal", "case", "char"}

enum_names = set()

def ret_type(ct, fn):
    ct = ct.replace("enum ", "")
    if ct in PRIM: return PRIM[ct]
    if ct in HANDLES or ct in enum_names: return ct
    if ct.endswith("*"): return "nint"          # char*, const char*, const unsigned*, entry arrays...
    raise Exception(f"ret {ct} in {fn}")

def param_type(ct, pn, fn):
    """returns C# parameter declaration type (with modifiers/attributes)"""
    ct = ct.replace("enum ", "")
    if ct in PRIM: return PRIM[ct]
    if ct in HANDLES or ct in enum_names: return ct
    if ct == "const char *": return "string"
    if ct == "const char * const *": return "string[]"
    if ct == "char * *": return "out nint"
    if ct == "char *": return "byte*" if pn == "OutString" else "nint"
    if ct in ("uint8_t *",): return "byte*"
    if ct in ("LLVMModuleFlagEntry *", "LLVMValueMetadataEntry *"): return "nint"
    if ct == "LLVMBool *": return "out int"
    if ct == "size_t *": return "out nuint"
    if ct == "unsigned *":
        return "uint[]" if pn == "IntParams" else "out uint"
    if ct in ("const uint64_t *", "uint64_t *"): return "ulong[]"
    m = re.match(r"^(?:const )?(LLVM\w+Ref) \*$", ct)
    if m:
        h = m.group(1)
        if pn in OUT_SINGLE or pn.startswith("Out"): return "out " + h
        if (fn, pn) in OUT_ARRAYS: return "[Out] " + h + "[]"
        return h + "[]"
    raise Exception(f"param {ct} {pn} in {fn}")

def cs_expr(v):
    v = re.sub(r"\b(0x[0-9A-Fa-f]+|\d+)[uUlL]+\b", r"\1", v)
    return v

def unnamed(ct, i):
    return {"LLVMBuilderRef": "B", "LLVMTypeRef": "Ty"}.get(ct, f"p{i}")

GROUP_FILE = [
    (r"^(Core\.h|LLVMC|LLVMCTransforms|LLVMCCore|LLVMCCoreTypes|LLVMCCoreContext)$", "Core.Context"),
    (r"^LLVMCCoreModule$", "Core.Module"),
    (r"^LLVMCCoreType", "Core.Types"),
    (r"^LLVMCCoreValue(s|General|Uses|User)$", "Core.Values"),
    (r"^LLVMCCoreValueConstant(Globals)$", "Core.Globals"),
    (r"^LLVMCCoreValueConstant", "Core.Constants"),
    (r"^(LLVMCCoreValueWithAlignment|LLVMCoreValueConstantGlobal)", "Core.Globals"),
    (r"^(LLVMCCoreValueFunction|LLVMCCoreValueGlobalIFunc)", "Core.Functions"),
    (r"^(LLVMCCoreValueMetadata|LLVMCCoreOperandBundle)$", "Core.Metadata"),
    (r"^LLVMCCoreValueBasicBlock$", "Core.BasicBlock"),
    (r"^LLVMCCoreValueInstruction", "Core.Instructions"),
    (r"^LLVMCCoreInstructionBuilder$", "Core.Builder"),
    (r"^LLVMCCore(ModuleProvider|MemoryBuffers|PassManagers|Threading)$", "Core.Misc"),
]
HEADER_FILE = {"Analysis.h": "Analysis", "Target.h": "Target", "TargetMachine.h": "TargetMachine",
               "Transforms/PassBuilder.h": "PassBuilder", "Error.h": "Error", "BitWriter.h": "Bitcode",
               "BitReader.h": "Bitcode", "IRReader.h": "Bitcode", "Disassembler.h": "Disassembler",
               "Support.h": "Support", "Comdat.h": "Comdat", "Linker.h": "Linker", "DebugInfo.h": "DebugInfo"}

HEADER = """// <auto-generated> by src/Translator.Llvm/tools/gen_interop.py from /usr/include/llvm-c-19/llvm-c/{hdr}. Do not edit by hand. </auto-generated>
#nullable enable
using System.Runtime.InteropServices;

namespace Translator.Llvm.Interop;

"""

def main():
    exp = exported()
    files = {}   # name -> list of lines
    enum_blocks = {}  # file -> lines
    parsed = []
    for h in HEADERS:
        f, e = parse(INC + h)
        parsed.append((h, f, e))
        for grp, name, items in e:
            if name: enum_names.add(name)
    # value subclasses (LLVMIsA*)
    core = open(INC + "Core.h").read()
    m = re.search(r"#define LLVM_FOR_EACH_VALUE_SUBCLASS\(macro\)(.*?)\n\n", core, re.S)
    subclasses = re.findall(r"macro\((\w+)\)", m.group(1))
    seen = set(); count = 0
    for h, f, e in parsed:
        # enums
        el = enum_blocks.setdefault("Enums." + HEADER_FILE.get(h, "Core"), [h])
        for grp, name, items in e:
            if name:
                el.append(f"public enum {name}")
                el.append("{")
                for k, v in items:
                    el.append(f"    {k}" + (f" = {cs_expr(v)}," if v else ","))
                el.append("}")
                el.append("")
            else:
                big = any(k.startswith("LLVMAttribute") for k, _ in items)
                ty = "uint" if big or any(k.startswith(("LLVMFastMath", "LLVMGEPFlag", "LLVMMD")) for k, _ in items) else "int"
                consts = []
                nxt = 0
                for k, v in items:
                    if v is None: v = str(nxt)
                    cv = cs_expr(v)
                    if cv.strip() == "-1" and ty == "uint": cv = "uint.MaxValue"
                    consts.append(f"    public const {ty} {k} = {cv};")
                    try: nxt = int(cv, 0) + 1
                    except Exception: nxt = None
                files.setdefault("Constants", ["*.h"]).extend(consts)
        decls = []
        def emit(fname, ret, name, ps):
            nonlocal count
            if name not in exp: return
            key = (name, tuple(ps))
            if key in seen: return
            seen.add(key)
            rt = ret_type(ret, name)
            args = []
            variants = [[]]
            for i, (ct, pn) in enumerate(ps):
                pn = pn or unnamed(ct, i)
                t = param_type(ct, pn, name)
                pn2 = "@" + pn if pn in KEYWORDS else pn
                args.append((t, pn2, ct, pn))
            lines = files.setdefault(fname, [h])
            def one(arglist):
                lines.append("    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]")
                lines.append(f"    public static partial {rt} {name}(" + ", ".join(f"{t} {n}" for t, n in arglist) + ");")
                lines.append("")
            # the non-copying memory buffer must not get a temporary marshalled string
            if name != "LLVMCreateMemoryBufferWithMemoryRange":
                one([(t, n) for t, n, _, _ in args])
            count += 1
            # byte overloads for (possibly binary) string data
            if any(ct == "const char *" and pn in ("Str", "InputData") for t, n, ct, pn in args):
                one([("byte[]" if ct == "const char *" and pn == "Str" else "byte*" if ct == "const char *" and pn == "InputData" else t, n)
                     for t, n, ct, pn in args])
        for grp, ret, name, ps in f:
            if h == "Core.h":
                fname = next((fn for rx, fn in GROUP_FILE if re.search(rx, grp)), None)
                if fname is None: raise Exception("group " + grp)
            else:
                fname = HEADER_FILE[h]
            emit(fname, ret, name, ps)
            if name == "LLVMGetValueName" and h == "Core.h":
                pass
        if h == "Core.h":
            for sc in subclasses:
                emit("Core.Values", "LLVMValueRef", "LLVMIsA" + sc, [("LLVMValueRef", "Val")])
    # disassembler #defines
    consts = files.setdefault("Constants", ["*.h"])
    for dh in ("Disassembler.h", "DisassemblerTypes.h"):
        for k, v in re.findall(r"#define (LLVMDisassembler_\w+)\s+(\w+)", open(INC + dh).read()):
            consts.append(f"    public const ulong {k} = {v};")
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith(".g.cs"): os.remove(os.path.join(OUT, old))
    def write(fname, hdr, body, wrap):
        parts = []; cur = []
        for i, l in enumerate(body):
            cur.append(l)
            if len(cur) > 720 and l == "": parts.append(cur); cur = []
        if cur: parts.append(cur)
        for i, p in enumerate(parts):
            fn = fname + (f".{i+1}" if len(parts) > 1 else "") + ".g.cs"
            with open(os.path.join(OUT, fn), "w") as o:
                o.write(HEADER.format(hdr=hdr))
                if wrap:
                    o.write("public static unsafe partial class LLVM\n{\n")
                o.write("\n".join(p).rstrip() + "\n")
                if wrap: o.write("}\n")
    for fname, lines in files.items():
        write(fname, lines[0], lines[1:], True)
    for fname, lines in enum_blocks.items():
        if len(lines) > 1: write(fname, lines[0], lines[1:], False)
    print("functions:", count)

main()
