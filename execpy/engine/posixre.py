"""POSIX regular expressions, shell patterns and globbing, as the C library
does them.

execline's case, eltest and elglob call regcomp/regexec, fnmatch and glob
directly; their semantics (leftmost-longest matching, bracket expressions,
BRE vs ERE, REG_NEWLINE, FNM_* and GLOB_* flags, error texts) are the C
library's. So this module calls the same C library through ctypes, which
makes execpy match byte for byte wherever the platform's libc is the one
the real binaries use. Only when ctypes or these symbols are missing does it
fall back to pure-Python approximations (Python's ``re`` after a careful
translation, a hand-written fnmatch, a simple glob); the differences of the
fallback are listed in README's deviations table.

Everything here is bytes. Nothing is imported until a command needs it.
"""

import os

REG_EXTENDED = 1
REG_ICASE = 2
REG_NEWLINE = 4
REG_NOSUB = 8
REG_NOMATCH = 1
REG_ESPACE = 12

FNM_NOESCAPE = 2
FNM_PATHNAME = 1
FNM_PERIOD = 4
FNM_NOMATCH = 1

GLOB_ERR = 1
GLOB_MARK = 2
GLOB_NOSORT = 4
GLOB_NOCHECK = 16
GLOB_NOESCAPE = 64
GLOB_NOMATCH = 3

_NSUB_MAX = 64


class RegexError(Exception):
    """regcomp or regexec refused: ``msg`` is regerror's text."""

    def __init__(self, code, msg, compiling=True):
        super().__init__(code, msg)
        self.code = code
        self.msg = msg
        self.espace = code == REG_ESPACE
        self.compiling = compiling


_libc = None


def _load():
    """The C library through ctypes, or False when it cannot be used."""
    global _libc
    if _libc is not None:
        return _libc
    if os.environ.get("EXECPY_PURE_REGEX"):
        _libc = False
        return _libc
    try:
        import ctypes
        lib = ctypes.CDLL(None, use_errno=True)
        lib.regcomp.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)
        lib.regexec.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
                                ctypes.c_void_p, ctypes.c_int)
        lib.regerror.argtypes = (ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t)
        lib.regfree.argtypes = (ctypes.c_void_p,)
        lib.fnmatch.argtypes = (ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int)
        lib.glob.argtypes = (ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
        lib.globfree.argtypes = (ctypes.c_void_p,)
        _libc = (ctypes, lib)
    except Exception:  # noqa: BLE001 - no ctypes, no libc symbols: use the fallback
        _libc = False
    return _libc


# --------------------------------------------------------------------------
# regular expressions

def _c_match(pattern, s, flags, nsub):
    ctypes, lib = _libc
    regex = ctypes.create_string_buffer(256)  # larger than any libc's regex_t
    r = lib.regcomp(regex, pattern, flags)
    if r:
        buf = ctypes.create_string_buffer(256)
        lib.regerror(r, regex, buf, 256)
        raise RegexError(r, buf.value)
    try:
        n = nsub + 1 if nsub else 0
        pmatch = (ctypes.c_int * (2 * max(n, 1)))()  # regmatch_t: two regoff_t (int)
        r = lib.regexec(regex, s, n, pmatch if n else None, 0)
        if r == REG_NOMATCH:
            return None
        if r:
            buf = ctypes.create_string_buffer(256)
            lib.regerror(r, regex, buf, 256)
            raise RegexError(r, buf.value, False)
        out = []
        for i in range(1, n):
            so, eo = pmatch[2 * i], pmatch[2 * i + 1]
            out.append(s[so:eo] if so >= 0 else b"")
        return out
    finally:
        lib.regfree(regex)


def count_groups(pattern, extended):
    """Number of subexpressions of a POSIX regex (re_nsub)."""
    n = 0
    i = 0
    length = len(pattern)
    while i < length:
        c = pattern[i]
        if c == 0x5C:  # backslash
            if not extended and pattern[i + 1:i + 2] == b"(":
                n += 1
            i += 2
            continue
        if c == 0x5B:  # '[': skip the bracket expression
            i = _bracket_end(pattern, i)
            continue
        if c == 0x28 and extended:
            n += 1
        i += 1
    return n


def _bracket_end(p, i):
    """Index just past the bracket expression starting at p[i] == '['
    (len(p) when it is unterminated)."""
    j = i + 1
    if j < len(p) and p[j] == 0x5E:
        j += 1
    if j < len(p) and p[j] == 0x5D:
        j += 1
    while j < len(p):
        c = p[j]
        if c == 0x5B and j + 1 < len(p) and p[j + 1] in b":.=":
            end = p.find(bytes((p[j + 1], 0x5D)), j + 2)
            if end < 0:
                return len(p)
            j = end + 2
            continue
        if c == 0x5D:
            return j + 1
        j += 1
    return len(p)


def match(pattern, s, extended=True, icase=False, newline=False, groups=False):
    """Match ``s`` against ``pattern`` (anywhere, as regexec does).

    Returns None for no match; else the list of subexpression matches when
    ``groups`` (empty strings for unset ones), else []. Raises RegexError.
    """
    if not icase:
        found = _literal(pattern, s, newline)
        if found is not None:
            return [] if found else None
    flags = (REG_EXTENDED if extended else 0) | (REG_ICASE if icase else 0) \
        | (REG_NEWLINE if newline else 0) | (0 if groups else REG_NOSUB)
    nsub = count_groups(pattern, extended) if groups else 0
    if _load():
        return _c_match(pattern, s, flags, nsub)
    from execpy.engine import posixre_py
    return posixre_py.match(pattern, s, extended, icase, newline, groups)


def search(pattern, s, extended=True):
    """True if ``pattern`` matches somewhere in ``s`` (eltest's =~)."""
    if extended:
        known = _KNOWN.get(pattern)
        if known is not None:
            return known(s)
    return match(pattern, s, extended=extended) is not None


# EREs whose answer needs no regcomp: "all digits", which s6-overlay's
# scripts ask of every setting (loading the C library through ctypes costs
# about 2 ms in every process that asks). In the C locale [[:digit:]] is
# 0-9, as bytes.isdigit; without REG_NEWLINE, ^ and $ are the ends of the
# whole string. tests/test_conformance.py compares eltest =~ with C's.
_KNOWN = {
    b"^[[:digit:]]+$": bytes.isdigit,
    b"^[0-9]+$": bytes.isdigit,
}
# A regex (ERE or BRE) none of whose bytes is one of these, save a leading ^
# and a trailing $, is a string to find, without regcomp (s6-overlay's /init
# asks ":${PATH}: =~ :/bin:", rc.init "case -- $# { 1 { ... } }").
_SPECIAL = frozenset(b".[]()*+?{}|^$\\\n")


def _literal(pattern, s, newline):
    """Whether ``pattern`` matches ``s`` when it is such a string (with its
    anchors: at the ends of ``s``, or of each line with REG_NEWLINE); None
    when it is not one."""
    start = pattern[:1] == b"^"
    end = pattern[-1:] == b"$" and len(pattern) > start
    core = pattern[start:len(pattern) - end]
    if not core or _SPECIAL.intersection(core):
        return None
    for line in (s.split(b"\n") if newline and (start or end) else (s,)):
        if start and end:
            if line == core:
                return True
        elif start:
            if line.startswith(core):
                return True
        elif end:
            if line.endswith(core):
                return True
        elif core in line:
            return True
    return False


# --------------------------------------------------------------------------
# shell patterns

def fnmatch(pattern, s, flags=0):
    """0 for a match, FNM_NOMATCH for none, anything else for an error."""
    if _load():
        return _libc[1].fnmatch(pattern, s, flags)
    from execpy.engine import posixre_py
    return posixre_py.fnmatch(pattern, s, flags)


# --------------------------------------------------------------------------
# globbing

def glob(pattern, flags, onerror=None):
    """(status, list of paths). ``onerror(path, errno)`` is called for a
    directory that cannot be read, and may return nonzero to stop."""
    quick = _simple_glob(pattern, flags, onerror)
    if quick is not None:
        return quick
    if _load():
        return _c_glob(pattern, flags, onerror)
    from execpy.engine import posixre_py
    return posixre_py.glob(pattern, flags, onerror)


def _simple_glob(pattern, flags, onerror):
    """glob's answer for ``DIR/PREFIX*SUFFIX`` (one star, in the last
    component; s6-overlay's preinit globs /run/s6-rc*) without the C
    library, when it cannot depend on the C library's own order: no match,
    one, or sorted ones; None for any other case (the caller asks libc)."""
    if flags & ~(GLOB_ERR | GLOB_NOSORT | GLOB_NOCHECK | GLOB_NOESCAPE):
        return None
    slash = pattern.rfind(b"/")
    directory, last = pattern[:slash + 1], pattern[slash + 1:]
    if last.count(b"*") != 1 or b"?" in pattern or b"[" in pattern or b"\\" in pattern \
            or b"*" in directory or last[:1] == b".":
        return None
    prefix, suffix = last.split(b"*")
    try:
        names = os.listdir(directory or b".")
    except OSError as e:
        if e.errno != 20 and (onerror is not None or flags & GLOB_ERR):  # not ENOTDIR
            return None
        names = ()
    found = [directory + n for n in names
             if n[:1] != b"." and n.startswith(prefix) and n[len(prefix):].endswith(suffix)]
    if len(found) > 1:
        if flags & GLOB_NOSORT:
            return None  # libc's own order
        found.sort()  # strcoll in the C locale: the bytes' order
    if found:
        return 0, found
    return (0, [pattern]) if flags & GLOB_NOCHECK else (GLOB_NOMATCH, [])


def _c_glob(pattern, flags, onerror):
    ctypes, lib = _libc

    class GlobT(ctypes.Structure):
        # gl_pathc, gl_pathv, gl_offs lead in every libc; the rest is padding.
        _fields_ = [("gl_pathc", ctypes.c_size_t),
                    ("gl_pathv", ctypes.POINTER(ctypes.c_char_p)),
                    ("gl_offs", ctypes.c_size_t),
                    ("rest", ctypes.c_void_p * 16)]

    callback = None
    if onerror is not None:
        proto = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_char_p, ctypes.c_int)
        callback = proto(lambda path, err: int(onerror(path, err) or 0))
    g = GlobT()
    r = lib.glob(pattern, flags, ctypes.cast(callback, ctypes.c_void_p) if callback else None,
                 ctypes.byref(g))
    paths = []
    if r == 0:
        paths = [g.gl_pathv[i] for i in range(g.gl_pathc)]
    if r in (0, GLOB_NOMATCH) or g.gl_pathv:
        lib.globfree(ctypes.byref(g))
    return r, paths
