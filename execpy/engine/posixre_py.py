"""Pure-Python stand-ins for regcomp/regexec, fnmatch and glob.

Used only where ctypes or the C library's functions are unavailable (see
execpy.engine.posixre). POSIX patterns are translated to Python's ``re``;
known differences (README deviations): Python matches leftmost-first, not
leftmost-longest, so -N subexpressions of ambiguous patterns may differ;
error texts are approximations of glibc's; equivalence classes and
collating symbols only cover single bytes.
"""

import os
import re

_CLASSES = {
    b"alpha": b"a-zA-Z", b"digit": b"0-9", b"alnum": b"a-zA-Z0-9", b"upper": b"A-Z",
    b"lower": b"a-z", b"space": b" \\t\\n\\r\\f\\v", b"blank": b" \\t",
    b"punct": re.escape(bytes(c for c in range(33, 127) if not chr(c).isalnum())),
    b"print": b"\\x20-\\x7e", b"graph": b"\\x21-\\x7e", b"cntrl": b"\\x00-\\x1f\\x7f",
    b"xdigit": b"0-9A-Fa-f",
}


class _Error(Exception):
    def __init__(self, code, msg):
        super().__init__(code, msg)
        self.code = code
        self.msg = msg


def _bracket(p, i, newline):
    """Translate the bracket expression at p[i] == '['; (regex, next index)."""
    j = i + 1
    negate = j < len(p) and p[j] == 0x5E
    if negate:
        j += 1
    items = []
    first = True
    while True:
        if j >= len(p):
            raise _Error(7, b"Unmatched [, [^, [:, [., or [=")
        c = p[j]
        if c == 0x5D and not first:
            j += 1
            break
        first = False
        if c == 0x5B and j + 1 < len(p) and p[j + 1] in b":.=":
            kind = p[j + 1]
            end = p.find(bytes((kind, 0x5D)), j + 2)
            if end < 0:
                raise _Error(7, b"Unmatched [, [^, [:, [., or [=")
            name = p[j + 2:end]
            if kind == 0x3A:
                if name not in _CLASSES:
                    raise _Error(4, b"Invalid character class name")
                items.append(_CLASSES[name])
            else:
                items.append(re.escape(name))
            j = end + 2
            continue
        if j + 2 < len(p) and p[j + 1] == 0x2D and p[j + 2] != 0x5D:
            lo, hi = c, p[j + 2]
            if lo > hi:
                raise _Error(11, b"Invalid range end")
            items.append(re.escape(bytes((lo,))) + b"-" + re.escape(bytes((hi,))))
            j += 3
            continue
        items.append(re.escape(bytes((c,))))
        j += 1
    body = b"".join(items)
    if negate:
        return b"[^" + body + (b"\\n" if newline else b"") + b"]", j
    return b"[" + body + b"]", j


def translate(p, extended, newline):
    out = []
    i = 0
    n = len(p)
    depth = 0
    start = True  # at the start of an expression: a quantifier is literal in BRE
    while i < n:
        c = p[i]
        ch = bytes((c,))
        if c == 0x5B:
            piece, i = _bracket(p, i, newline)
            out.append(piece)
            start = False
            continue
        if c == 0x5C:
            if i + 1 >= n:
                raise _Error(5, b"Trailing backslash")
            d = p[i + 1:i + 2]
            i += 2
            if not extended and d in (b"(", b")", b"{", b"}", b"|", b"+", b"?"):
                if d == b"(":
                    depth += 1
                    out.append(b"(")
                    start = True
                    continue
                if d == b")":
                    if not depth:
                        raise _Error(16, b"Unmatched ) or \\)")
                    depth -= 1
                    out.append(b")")
                elif d == b"|":
                    out.append(b"|")
                    start = True
                    continue
                else:
                    out.append(d)
                start = False
                continue
            if d.isdigit() and d != b"0":
                out.append(b"\\" + d)
            elif d in (b"w", b"W", b"s", b"S", b"b", b"B"):
                out.append(b"\\" + d)
            elif d == b"<":
                out.append(b"\\b(?=\\w)")
            elif d == b">":
                out.append(b"\\b(?<=\\w)")
            elif d == b"`":
                out.append(b"\\A")
            elif d == b"'":
                out.append(b"\\Z")
            else:
                out.append(re.escape(d))
            start = False
            continue
        if c == 0x2E:
            out.append(b"." if newline else b"(?s:.)")
        elif c == 0x5E:
            if extended or start:
                out.append(b"(?m:^)" if newline else b"\\A")
            else:
                out.append(b"\\^")
            start = True  # a quantifier right after ^ has nothing to repeat
            i += 1
            continue
        elif c == 0x24:
            at_end = i + 1 == n or (not extended and p[i + 1:i + 3] in (b"\\)", b"\\|"))
            if extended or at_end:
                out.append(b"(?m:$)" if newline else b"\\Z")
            else:
                out.append(b"\\$")
        elif c in b"*+?{" and (c == 0x2A or extended):
            if start:
                if extended:
                    raise _Error(13, b"Invalid preceding regular expression")
                out.append(re.escape(ch))
            elif c == 0x7B:
                end = p.find(b"}", i)
                if end < 0:
                    raise _Error(9, b"Unmatched \\{")
                out.append(p[i:end + 1])
                i = end + 1
                continue
            else:
                out.append(ch)
        elif c == 0x28 and extended:
            depth += 1
            out.append(b"(")
            i += 1
            start = True
            continue
        elif c == 0x29 and extended and depth:
            depth -= 1
            out.append(b")")
        elif c == 0x7C and extended:
            out.append(b"|")
            i += 1
            start = True
            continue
        else:
            out.append(re.escape(ch))
        start = False
        i += 1
    if depth:
        raise _Error(8, b"Unmatched ( or \\(")
    return b"".join(out)


def match(pattern, s, extended, icase, newline, groups):
    from execpy.engine.posixre import RegexError
    try:
        rx = re.compile(translate(pattern, extended, newline), re.I if icase else 0)
    except _Error as e:
        raise RegexError(e.code, e.msg) from None
    except re.error:
        raise RegexError(2, b"Invalid regular expression") from None
    m = rx.search(s)
    if m is None:
        return None
    if not groups:
        return []
    return [g if g is not None else b"" for g in m.groups()]


def _fnmatch_re(pattern, flags):
    noescape = flags & 2
    pathname = flags & 1
    out = []
    i = 0
    n = len(pattern)
    any_char = b"[^/]" if pathname else b"(?s:.)"
    while i < n:
        c = pattern[i]
        if c == 0x2A:
            out.append(any_char + b"*")
        elif c == 0x3F:
            out.append(any_char)
        elif c == 0x5B:
            j = i + 1
            if j < n and pattern[j] in b"!^":
                j += 1
            if j < n and pattern[j] == 0x5D:
                j += 1
            end = pattern.find(b"]", j)
            if end < 0:
                out.append(b"\\[")
            else:
                body = pattern[i + 1:end]
                neg = body[:1] in (b"!", b"^")
                if neg:
                    body = body[1:]
                try:
                    piece, _ = _bracket(b"[" + body + b"]", 0, False)
                except _Error:
                    piece = re.escape(pattern[i:end + 1])
                if neg:
                    piece = b"[^" + (b"/" if pathname else b"") + piece[1:]
                out.append(piece)
                i = end
        elif c == 0x5C and not noescape and i + 1 < n:
            i += 1
            out.append(re.escape(pattern[i:i + 1]))
        else:
            out.append(re.escape(bytes((c,))))
        i += 1
    return re.compile(b"".join(out) + b"\\Z")


def fnmatch(pattern, s, flags):
    if flags & 4:  # FNM_PERIOD: a leading period must be matched literally
        leading = [0] + ([k + 1 for k, c in enumerate(s) if c == 0x2F] if flags & 1 else [])
        for k in leading:
            if s[k:k + 1] == b".":
                if not _fnmatch_re(pattern, flags).match(s):
                    return 1
                # the pattern must have a literal '.' at the matching spot
                if not re.match(re.escape(s[:k + 1]), pattern.replace(b"\\", b"")):
                    return 1
    return 0 if _fnmatch_re(pattern, flags).match(s) else 1


def glob(pattern, flags, onerror):
    from execpy.engine import posixre as P
    noescape = flags & P.GLOB_NOESCAPE
    magic = re.compile(rb"[*?\[]")
    parts = pattern.split(b"/")
    paths = [b"/" if pattern.startswith(b"/") else b""]
    if pattern.startswith(b"/"):
        parts = parts[1:]
    for k, part in enumerate(parts):
        last = k == len(parts) - 1
        nxt = []
        for base in paths:
            if not magic.search(part):
                lit = part if noescape else part.replace(b"\\", b"")
                cand = base + lit
                if last:
                    if os.path.lexists(cand) if cand else False:
                        nxt.append(cand)
                else:
                    nxt.append(cand + b"/")
                continue
            try:
                names = os.listdir(base or b".")
            except OSError as e:
                if onerror is not None and onerror(base or b".", e.errno):
                    return 2, []
                if flags & P.GLOB_ERR:
                    return 2, []
                continue
            names = [b".", b".."] + names
            ff = (P.FNM_NOESCAPE if noescape else 0) | P.FNM_PERIOD
            for name in names:
                if fnmatch(part, name, ff) == 0:
                    nxt.append(base + name + (b"" if last else b"/"))
        paths = nxt
    paths = [p for p in paths if p]
    if flags & P.GLOB_MARK:
        paths = [p + b"/" if os.path.isdir(p) and not p.endswith(b"/") else p for p in paths]
    if not flags & P.GLOB_NOSORT:
        paths.sort()
    if not paths:
        if flags & P.GLOB_NOCHECK:
            return 0, [pattern]
        return P.GLOB_NOMATCH, []
    return 0, paths
