"""Parses the llvm-c 19 headers into (group, enums, functions). Used by gen_interop.py."""
import re, subprocess, os
INC = "/usr/include/llvm-c-19/llvm-c/"
LIB = "/usr/lib/x86_64-linux-gnu/libLLVM.so.19.1"

def exported():
    out = subprocess.run(["nm", "-D", "--defined-only", LIB], capture_output=True, text=True).stdout
    return {l.split()[-1].split("@")[0] for l in out.splitlines() if " T " in l}

def strip_comments(s):
    s = re.sub(r"/\*.*?\*/", " ", s, flags=re.S)
    s = re.sub(r"//[^\n]*", " ", s)
    return s

def remove_bodies(s):
    # remove static inline function definitions
    while True:
        m = re.search(r"static\s+inline\b", s)
        if not m: break
        i = s.index("{", m.end()); depth = 0; j = i
        while True:
            if s[j] == "{": depth += 1
            elif s[j] == "}":
                depth -= 1
                if depth == 0: break
            j += 1
        s = s[:m.start()] + s[j+1:]
    return s

def chunks(path):
    raw = open(path).read()
    pos = [(m.start(), m.group(1)) for m in re.finditer(r"@defgroup\s+(\w+)", raw)]
    cuts = []
    for p, g in pos:
        c = raw.rfind("/*", 0, p)
        cuts.append((c, g))
    res = []; prev = 0; grp = os.path.basename(path)
    for c, g in cuts:
        res.append((grp, raw[prev:c])); prev = c; grp = g
    res.append((grp, raw[prev:]))
    return res

def parse(path):
    funcs, enums = [], []
    for grp, text in chunks(path):
        t = strip_comments(text)
        t = "\n".join(l for l in t.splitlines() if not l.strip().startswith("#"))
        t = remove_bodies(t)
        t = re.sub(r"LLVM_ATTRIBUTE_C_DEPRECATED\(\s*(.*?\)),\s*\"[^\"]*\"\s*\)", r"\1", t, flags=re.S)
        t = t.replace("LLVM_C_EXTERN_C_BEGIN", "").replace("LLVM_C_EXTERN_C_END", "")
        t = re.sub(r"\bLLVM_C_ABI\b", "", t)
        t = t.replace("LLVM_FOR_EACH_VALUE_SUBCLASS(LLVM_DECLARE_VALUE_CAST)", ";")
        for m in re.finditer(r"(typedef\s+)?enum\s*(\w*)\s*\{(.*?)\}\s*(\w*)\s*;", t, flags=re.S):
            name = m.group(4) or m.group(2) or None
            items = []
            for it in m.group(3).split(","):
                it = " ".join(it.split())
                if not it: continue
                if "=" in it:
                    k, v = it.split("=", 1); items.append((k.strip(), v.strip()))
                else:
                    items.append((it, None))
            enums.append((grp, name, items))
        t = re.sub(r"(typedef\s+)?enum\s*\w*\s*\{.*?\}\s*\w*\s*;", ";", t, flags=re.S)
        for st in t.split(";"):
            st = " ".join(st.split())
            if not st or st.startswith("typedef") or "{" in st or "}" in st: continue
            m = re.match(r"^(?:extern\s+)?(.+?)\s*\b(LLVM\w+)\s*\((.*)\)$", st)
            if not m:
                continue
            ret, name, params = m.group(1), m.group(2), m.group(3).strip()
            ps = []
            if params and params != "void":
                for p in params.split(","):
                    p = p.strip()
                    pm = re.match(r"^(.*?)(\w+)\s*(\[\s*\])?$", p)
                    typ, pname, arr = pm.group(1).strip(), pm.group(2), pm.group(3)
                    if not typ:  # unnamed param
                        typ, pname = p, None
                    if arr: typ += " *"
                    ps.append((" ".join(typ.replace("*", " * ").split()), pname))
            funcs.append((grp, " ".join(ret.replace("*", " * ").split()), name, ps))
    return funcs, enums

HEADERS = ["Core.h", "Analysis.h", "Target.h", "TargetMachine.h", "Transforms/PassBuilder.h", "Error.h",
           "BitWriter.h", "BitReader.h", "IRReader.h", "Disassembler.h", "Support.h", "Comdat.h", "Linker.h", "DebugInfo.h"]

if __name__ == "__main__":
    exp = exported()
    from collections import Counter
    c = Counter(); missing = []
    for h in HEADERS:
        f, e = parse(INC + h)
        for grp, ret, name, ps in f:
            if name not in exp: missing.append(name); continue
            c[("R", ret)] += 1
            for t, n in ps: c[(t, n if "*" in t else "")] += 1
    for k, v in sorted(c.items()): print(v, k)
    print("missing:", missing)
