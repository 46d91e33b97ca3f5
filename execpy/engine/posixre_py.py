"""Pure-Python stand-ins for regcomp/regexec, fnmatch and glob.

Used only where ctypes or the C library's functions are unavailable (see
execpy.engine.posixre). POSIX regexes are translated to Python's ``re`` by
execpy.engine.ere, with glibc's syntax and error texts; known differences
(README deviations): Python matches leftmost-first, not leftmost-longest,
so -N subexpressions of ambiguous patterns may differ; equivalence classes
and collating symbols only cover single bytes.
"""

import os
import re

from execpy.engine import ere


def match(pattern, s, extended, icase, newline, groups):
    from execpy.engine.posixre import RegexError
    try:
        rx = ere.compile(pattern, extended, icase, newline)
    except ere.EREError as e:
        raise RegexError(e.code, ere.MESSAGES[e.code]) from None
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
                    values, _ = ere.bracket_items(body + b"]", 0)
                except ere.EREError:
                    piece = re.escape(pattern[i:end + 1])
                else:
                    if neg:
                        values = set(range(256)) - values - ({0x2F} if pathname else set())
                    piece = ere.set_pattern(values)
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
