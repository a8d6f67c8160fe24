#!/usr/bin/env python3
"""Regenerate include/xen/abi-layout-64.h and abi-layout-32.h.

Usage: tests/abi/gen-layout.py XEN_PUBLIC_DIR

XEN_PUBLIC_DIR is xen/include/public of a Xen 4.17 source tree (for
example a checkout of the RELEASE-4.17.0 tag).  Xen's headers are only
compiled, in a scratch directory, to measure them; nothing of them is
copied.

What it does, for gcc -m64 and gcc -m32:
 1. compiles our public headers (tests/abi/headers.h) with debug info and
    reads from the DWARF every structure and union they declare, with
    every member path (nested and anonymous members included);
 2. collects every object-like integer macro and enumerator they define;
 3. evaluates sizeof / offsetof / value of all of those twice: against
    our headers and against Xen's (same compiler, same flags, Xen's
    latest interface version);
 4. fails, listing the differences, if any value differs; otherwise
    writes the list of Xen's values as ABI_SIZE / ABI_OFFSET / ABI_VALUE
    lines, which tests/abi/check-*.c and common/abi-check.c turn into
    compile-time asserts.
Names that exist only on one side are listed for review, not checked.
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUR_INC = os.path.join(ROOT, "include")
OUR_PUBLIC = os.path.join(OUR_INC, "public")

# Type names the checks use that are not tags (anonymous typedef'd structs).
EXTRA_TYPES = ["xen_uuid_t", "__guest_handle_uint8", "__guest_handle_void",
               "__guest_handle_64_uint8"]

# The headers read differently for guests (G), for the toolstack
# (__XEN_TOOLS__: control-interface types and names) and for the
# hypervisor (__XEN__: more register names, internal error codes).
# Xen's own headers cannot be compiled as a 32-bit hypervisor.
FLAVOURS = {
    64: [("G", []), ("T", ["-D__XEN_TOOLS__"]), ("X", ["-D__XEN__"])],
    32: [("G", []), ("T", ["-D__XEN_TOOLS__"])],
}
CONDITION = {
    "G": "(!defined(__XEN__) && !defined(__XEN_TOOLS__))",
    "T": "(defined(__XEN_TOOLS__) && !defined(__XEN__))",
    "X": "defined(__XEN__)",
}

CFLAGS = ["-std=gnu11", "-ffreestanding", "-w"]


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **kw)


def prelude():
    """The test translation unit: tests/abi/headers.h, which includes
    public/... from whichever include directory is first on the path."""
    return '#include <stdint.h>\n#include "%s"\n' % os.path.join(HERE, "headers.h")


# ---- DWARF ---------------------------------------------------------------

class Die:
    def __init__(self, off, tag, depth):
        self.off, self.tag, self.depth = off, tag, depth
        self.attrs, self.children = {}, []


def parse_dwarf(obj):
    out = run(["readelf", "--debug-dump=info", obj]).stdout
    dies, stack = {}, []
    cur = None
    for line in out.splitlines():
        m = re.match(r"\s*<(\d+)><([0-9a-f]+)>: Abbrev Number: (\d+)(?: \((\w+)\))?", line)
        if m:
            depth, off, tag = int(m.group(1)), int(m.group(2), 16), m.group(4)
            if tag is None:          # end of siblings
                cur = None
                continue
            cur = Die(off, tag, depth)
            dies[off] = cur
            del stack[depth:]
            if stack:
                stack[-1].children.append(cur)
            stack.append(cur)
            continue
        m = re.match(r"\s*<[0-9a-f]+>\s+(DW_AT_\w+)\s*:\s*(.*)$", line)
        if m and cur is not None:
            name, val = m.group(1), m.group(2).strip()
            if name == "DW_AT_name":
                val = val.split(": ")[-1] if val.startswith("(") else val
            elif name == "DW_AT_type":
                val = int(re.search(r"<0x([0-9a-f]+)>", val).group(1), 16)
            cur.attrs[name] = val
    return dies


def strip_type(dies, off):
    """Follow typedefs and qualifiers to the underlying type DIE."""
    d = dies[off]
    while d.tag in ("DW_TAG_typedef", "DW_TAG_const_type", "DW_TAG_volatile_type"):
        d = dies[d.attrs["DW_AT_type"]]
    return d


def member_paths(dies, d, prefix):
    """(path, is_bitfield) for every member of struct/union DIE d."""
    for m in d.children:
        if m.tag != "DW_TAG_member":
            continue
        name = m.attrs.get("DW_AT_name")
        path = prefix + name if name else prefix.rstrip(".")
        bit = "DW_AT_bit_size" in m.attrs
        if name:
            yield path, bit
        t = strip_type(dies, m.attrs["DW_AT_type"])
        if t.tag in ("DW_TAG_structure_type", "DW_TAG_union_type") and not bit:
            sub = prefix + name + "." if name else prefix
            yield from member_paths(dies, t, sub)


def layout_exprs(m, defines, tmp):
    src = os.path.join(tmp, "dwarf%d.c" % m)
    obj = src[:-2] + ".o"
    with open(src, "w") as f:
        f.write(prelude())
    r = run(["gcc", "-m%d" % m, "-g", "-fno-eliminate-unused-debug-types",
             "-c", "-I", OUR_INC, src, "-o", obj] + CFLAGS + defines)
    if r.returncode:
        sys.exit("our headers do not compile:\n" + r.stderr)
    dies = parse_dwarf(obj)

    # Our own type names: the ones our headers (or the sample ring) spell out.
    text = ""
    for dirpath, _, files in os.walk(OUR_PUBLIC):
        for fn in files:
            text += open(os.path.join(dirpath, fn)).read()
    text += open(os.path.join(HERE, "sample-ring.h")).read()
    ours = set(re.findall(r"\b(?:struct|union)\s+(\w+)", text))
    ours |= set(re.findall(r"##\s*_?(\w+)", text))    # ring.h's name##_x pieces

    types = {}
    for d in dies.values():
        if d.depth != 1:
            continue
        name = d.attrs.get("DW_AT_name")
        if d.tag in ("DW_TAG_structure_type", "DW_TAG_union_type") and name:
            kw = "struct" if d.tag == "DW_TAG_structure_type" else "union"
            if name in ours or any(name.endswith("_" + s) for s in ours):
                types["%s %s" % (kw, name)] = d
        elif d.tag == "DW_TAG_typedef" and name in EXTRA_TYPES:
            types[name] = strip_type(dies, d.attrs["DW_AT_type"])

    exprs = []
    for tname in sorted(types):
        d = types[tname]
        if "DW_AT_declaration" in d.attrs:
            continue
        exprs.append(("SIZE", tname, None))
        seen = set()
        for path, bit in member_paths(dies, d, ""):
            if not bit and path not in seen:
                seen.add(path)
                exprs.append(("OFFSET", tname, path))

    enumerators = [d.attrs["DW_AT_name"] for d in dies.values()
                   if d.tag == "DW_TAG_enumerator"]
    return exprs, enumerators


# ---- constants ---------------------------------------------------------------

def macro_names():
    names = []
    for dirpath, _, files in os.walk(OUR_PUBLIC):
        for fn in sorted(files):
            for line in open(os.path.join(dirpath, fn)):
                m = re.match(r"\s*#\s*define\s+(\w+)(\s+\S.*)?$", line)
                if m and m.group(2) and not line.split(m.group(1), 1)[1].startswith("("):
                    names.append(m.group(1))
    return sorted(set(names))


# ---- evaluation ----------------------------------------------------------------

def c_expr(e):
    kind, a, b = e
    if kind == "SIZE":
        return "sizeof(%s)" % a
    if kind == "OFFSET":
        return "offsetof(%s, %s)" % (a, b)
    return "(%s)" % a


def eval_expr(e):
    """c_expr, made to fail to compile unless it is an integer constant."""
    if e[0] != "VALUE":
        return c_expr(e)
    return "((unsigned long long)%s + 0 * sizeof(char[1 + 0 * (%s)]))" % (c_expr(e), e[1])


def evaluate(m, exprs, include_dir, defines, tmp, tag):
    """Values of exprs; None where an expression does not compile."""
    alive = list(range(len(exprs)))
    while True:
        src = os.path.join(tmp, "eval-%s-%d.c" % (tag, m))
        head = prelude()
        first = head.count("\n") + 2
        body = "".join("(unsigned long long)%s,\n" % eval_expr(exprs[i]) for i in alive)
        with open(src, "w") as f:
            f.write(head)
            f.write("const unsigned long long abi_vals[] "
                    "__attribute__((section(\".abivals\"), used)) = {\n")
            f.write(body + "0 };\n")
        obj = src[:-2] + ".o"
        r = run(["gcc", "-m%d" % m, "-c", "-I", include_dir, src, "-o", obj]
                + CFLAGS + defines)
        if r.returncode == 0:
            break
        bad = set()
        for line in r.stderr.splitlines():
            # The error itself may point into a header; the line of the
            # expression is then in a note ("in expansion of macro").
            for mm in re.finditer(re.escape(src) + r":(\d+):\d+:", line):
                if int(mm.group(1)) >= first:
                    bad.add(int(mm.group(1)) - first)
        if not bad:
            sys.exit("cannot evaluate (%s, -m%d):\n%s" % (tag, m, r.stderr[:3000]))
        alive = [i for k, i in enumerate(alive) if k not in bad]
    binf = obj + ".bin"
    run(["objcopy", "-O", "binary", "--only-section=.abivals", obj, binf])
    raw = open(binf, "rb").read()
    vals = [int.from_bytes(raw[8 * k:8 * k + 8], "little") for k in range(len(alive))]
    res = [None] * len(exprs)
    for k, i in enumerate(alive):
        res[i] = vals[k]
    return res


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    xen_public = os.path.abspath(sys.argv[1])
    if not os.path.isfile(os.path.join(xen_public, "xen.h")):
        sys.exit("%s: no xen.h there" % xen_public)
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        # Xen's headers see a caller that asks for the latest interface,
        # which is what ours present.
        xen_inc = os.path.join(tmp, "xeninc")
        os.makedirs(xen_inc)
        os.symlink(xen_public, os.path.join(xen_inc, "public"))
        xen_defs = ["-D__XEN_INTERFACE_VERSION__=0x00040e00"]
        for m in (64, 32):
            exprs, seen = [], set()
            for fl, defs in FLAVOURS[m]:
                lay, enums = layout_exprs(m, defs, tmp)
                for e in lay + [("VALUE", n, None)
                                for n in macro_names() + sorted(set(enums))]:
                    if e not in seen:
                        seen.add(e)
                        exprs.append(e)
            # (expr, value) -> flavours in which it holds on both sides
            where, order, diff = {}, [], False
            for fl, defs in FLAVOURS[m]:
                tag = "%s%d" % (fl, m)
                ours = evaluate(m, exprs, OUR_INC, defs, tmp, "ours" + tag)
                xen = evaluate(m, exprs, xen_inc, xen_defs + defs, tmp, "xen" + tag)
                only_ours, only_xen, differ = [], [], []
                for e, o, x in zip(exprs, ours, xen):
                    if o is None and x is None:
                        continue
                    if x is None:
                        only_ours.append(c_expr(e))
                    elif o is None:
                        only_xen.append(c_expr(e))
                    elif o != x:
                        differ.append("%s: ours %d, Xen %d" % (c_expr(e), o, x))
                    else:
                        key = e + (x,)
                        if key not in where:
                            where[key] = set()
                            order.append(key)
                        where[key].add(fl)
                print("-m%d %s: %d checks; %d only in ours, %d only in Xen's, %d differ"
                      % (m, fl, len(ours) - ours.count(None) - len(only_ours),
                         len(only_ours), len(only_xen), len(differ)))
                for t in only_ours:
                    print("  only ours: " + t)
                for t in only_xen:
                    print("  only Xen:  " + t)
                for t in differ:
                    print("  DIFFERS:   " + t)
                diff = diff or bool(differ)
            if diff:
                failed = True
                continue
            write_layout(m, order, where, [fl for fl, _ in FLAVOURS[m]])
    sys.exit(1 if failed else 0)


def condition(fls):
    """The #if expression true exactly for the flavours in fls."""
    pairs = {
        frozenset("TX"): "defined(__XEN__) || defined(__XEN_TOOLS__)",
        frozenset("GT"): "!defined(__XEN__)",
        frozenset("GX"): "defined(__XEN__) || !defined(__XEN_TOOLS__)",
    }
    if fls in pairs:
        return pairs[fls]
    return " || ".join(CONDITION[x] for x in sorted(fls))


def write_layout(m, order, where, flavours):
    path = os.path.join(OUR_INC, "xen", "abi-layout-%d.h" % m)
    arch = "x86_64" if m == 64 else "x86_32 (i386)"
    groups, sample = {}, []
    for key in order:
        if "abi_sample" in key[1]:
            sample.append(key)          # needs tests/abi/sample-ring.h
            continue
        fls = frozenset(where[key])
        if fls == frozenset(flavours):
            fls = frozenset()           # holds everywhere
        groups.setdefault(fls, []).append(key)
    with open(path, "w") as f:
        f.write("/*\n"
                " * Generated by tests/abi/gen-layout.py: do not edit.\n"
                " *\n"
                " * The %s layout of the public ABI (include/public), as measured\n"
                " * from Xen 4.17's own headers with gcc -m%d: every structure's\n"
                " * size, every member's offset, every integer constant's value.\n"
                " * The includer defines ABI_SIZE(type, n), ABI_OFFSET(type, member,\n"
                " * n) and ABI_VALUE(name, n), n being an unsigned long long.  Lines\n"
                " * that hold only for some readers of the headers (guests, tools\n"
                " * with __XEN_TOOLS__, the hypervisor with __XEN__) are grouped\n"
                " * under #if at the end, and so are the checks of the sample ring\n"
                " * type of tests/abi/sample-ring.h (ABI_SAMPLE_RING).\n"
                " */\n" % (arch, m))

        def emit(keys):
            for kind, a, b, v in keys:
                if kind == "SIZE":
                    f.write("ABI_SIZE(%s, %d)\n" % (a, v))
                elif kind == "OFFSET":
                    f.write("ABI_OFFSET(%s, %s, %d)\n" % (a, b, v))
                else:
                    f.write("ABI_VALUE(%s, 0x%xULL)\n" % (a, v))

        for fls in sorted(groups, key=lambda g: (len(g) != 0, sorted(g))):
            if fls:
                f.write("\n#if %s\n" % condition(fls))
            emit(groups[fls])
            if fls:
                f.write("#endif\n")
        f.write("\n#ifdef ABI_SAMPLE_RING\n")
        emit(sample)
        f.write("#endif\n")
    print("  wrote " + os.path.relpath(path, ROOT))


if __name__ == "__main__":
    main()
