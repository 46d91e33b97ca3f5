"""POSIX extended regular expressions for s6-log, translated to Python's re.

s6-log compiles its ``+regex`` and ``-regex`` directives with
``regcomp(REG_EXTENDED | REG_NOSUB | REG_NEWLINE)`` in the C locale and only
asks whether a line matches. Whether a match exists does not depend on
POSIX's leftmost-longest rule, so a faithful translation of the syntax is
enough. This module parses the ERE the way glibc does (its GNU extensions
included: ``\\w \\W \\s \\S \\b \\B \\< \\> \\` \\'`` and back-references) and
writes an equivalent Python pattern, refusing what regcomp refuses (with
regcomp's error code).

The translation rules:
- every literal byte is written as an escape; a bracket expression becomes an
  explicit set of byte values (C locale classes, ranges by byte value; a
  non-matching list never matches a newline, as with REG_NEWLINE);
- ``*``, ``+``, ``?``, ``{m,n}`` may be stacked in ERE (``a**``, ``a+?``):
  each one after the first applies to a non-capturing group of what
  precedes, so Python never reads a lazy or possessive quantifier;
- a quantifier at the start of the expression, of a group or of an
  alternative, or after an anchor, is an error (REG_BADRPT), as in glibc;
- an unmatched ``)`` is an ordinary character.

``re`` is imported only when a pattern is compiled.
"""

REG_ECOLLATE = 3
REG_ECTYPE = 4
REG_EESCAPE = 5
REG_ESUBREG = 6
REG_EBRACK = 7
REG_EPAREN = 8
REG_EBRACE = 9
REG_BADBR = 10
REG_ERANGE = 11
REG_BADRPT = 13
REG_ESIZE = 15

DUP_MAX = 0x7FFF


class EREError(Exception):
    """regcomp would refuse the pattern; ``code`` is its REG_* error."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def _class_table():
    digit = set(range(0x30, 0x3A))
    upper = set(range(0x41, 0x5B))
    lower = set(range(0x61, 0x7B))
    alpha = upper | lower
    space = {0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D}
    cntrl = set(range(0, 0x20)) | {0x7F}
    printable = set(range(0x20, 0x7F))
    graph = printable - {0x20}
    return {
        b"alpha": alpha, b"digit": digit, b"alnum": alpha | digit,
        b"upper": upper, b"lower": lower, b"space": space,
        b"blank": {0x20, 0x09}, b"punct": graph - alpha - digit,
        b"print": printable, b"graph": graph, b"cntrl": cntrl,
        b"xdigit": digit | set(range(0x41, 0x47)) | set(range(0x61, 0x67)),
    }


_CLASSES = None


def _classes():
    global _CLASSES
    if _CLASSES is None:
        _CLASSES = _class_table()
    return _CLASSES


def _set_pattern(values):
    """A Python character set matching exactly the byte values given."""
    if not values:
        return b"(?!)"
    vals = sorted(values)
    out = []
    start = prev = vals[0]
    for v in vals[1:]:
        if v == prev + 1:
            prev = v
            continue
        out.append(_range_text(start, prev))
        start = prev = v
    out.append(_range_text(start, prev))
    return b"[" + b"".join(out) + b"]"


def _range_text(a, b):
    if a == b:
        return b"\\x%02x" % a
    return b"\\x%02x-\\x%02x" % (a, b)


def _lit(c):
    return b"\\x%02x" % c


_WORD = b"[0-9A-Za-z_]"
_NONWORD = b"[^0-9A-Za-z_]"
_ESCAPES = {
    0x77: _WORD,                      # \w
    0x57: _NONWORD,                   # \W
    0x73: b"[\\x20\\x09-\\x0d]",      # \s
    0x53: b"[^\\x20\\x09-\\x0d]",     # \S
}
_ASSERTIONS = {
    0x62: b"\\b",                     # \b
    0x42: b"\\B",                     # \B
    0x3C: b"(?<![0-9A-Za-z_])(?=[0-9A-Za-z_])",   # \<
    0x3E: b"(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])",   # \>
    0x60: b"\\A",                     # \`
    0x27: b"\\Z",                     # \'
}


class _Parser:
    def __init__(self, pattern):
        self.p = pattern
        self.n = len(pattern)
        self.i = 0
        self.groups_open = 0
        self.done = set()  # groups a back-reference may name here

    def parse(self):
        out = self.alternation(0)
        if self.i < self.n:  # a ')' at depth 0 is consumed as a literal
            raise EREError(REG_EPAREN)
        return out

    def alternation(self, depth):
        # glibc: each alternative sees only the groups completed before the
        # alternation began; afterwards, all the alternatives' groups count.
        initial = set(self.done)
        branches = [self.branch(depth)]
        while self.i < self.n and self.p[self.i] == 0x7C:
            self.i += 1
            accumulated = self.done
            self.done = set(initial)
            branches.append(self.branch(depth))
            self.done |= accumulated
        return b"|".join(branches)

    def branch(self, depth):
        p = self.p
        out = []
        while self.i < self.n:
            c = p[self.i]
            if c == 0x7C:
                break
            if c == 0x29 and depth:
                break
            atom, quantifiable = self.atom(depth)
            while self.i < self.n and p[self.i] in b"*+?{":
                if not quantifiable:
                    raise EREError(REG_BADRPT)
                q = self.quantifier()
                atom = b"(?:" + atom + b")" + q
            out.append(atom)
        return b"".join(out)

    def atom(self, depth):
        p = self.p
        c = p[self.i]
        if c in b"*+?{":
            raise EREError(REG_BADRPT)
        self.i += 1
        if c == 0x28:  # (
            self.groups_open += 1
            number = self.groups_open
            inner = self.alternation(depth + 1)
            if self.i >= self.n or p[self.i] != 0x29:
                raise EREError(REG_EPAREN)
            self.i += 1
            self.done.add(number)
            return b"(" + inner + b")", True
        if c == 0x29:  # unmatched ')' is ordinary
            return _lit(c), True
        if c == 0x2E:
            return b"[^\\n]", True
        if c == 0x5E:
            return b"^", False
        if c == 0x24:
            return b"$", False
        if c == 0x5B:
            return self.bracket(), True
        if c == 0x5C:
            if self.i >= self.n:
                raise EREError(REG_EESCAPE)
            e = p[self.i]
            self.i += 1
            if 0x31 <= e <= 0x39:
                k = e - 0x30
                if k not in self.done:
                    raise EREError(REG_ESUBREG)
                return b"(?:\\%d)" % k, True
            if e in _ESCAPES:
                return _ESCAPES[e], True
            if e in _ASSERTIONS:
                return _ASSERTIONS[e], False
            return _lit(e), True
        return _lit(c), True

    def quantifier(self):
        p = self.p
        c = p[self.i]
        self.i += 1
        if c == 0x2A:
            return b"*"
        if c == 0x2B:
            return b"+"
        if c == 0x3F:
            return b"?"
        # interval: {m}, {m,}, {m,n}, {,n}
        # glibc reads the braces token by token: an escaped ordinary
        # character stands for itself there ("{\\0,1}" is "{0,1}").
        chars = []
        j = self.i
        while True:
            if j >= self.n:
                raise EREError(REG_EBRACE)
            c = p[j]
            if c == 0x7D:
                break
            if c == 0x5C and j + 1 < self.n:
                e = p[j + 1]
                j += 2
                chars.append(0 if (0x31 <= e <= 0x39 or e in b"wWsSbB<>`'") else e)
                continue
            chars.append(c)
            j += 1
        end = j
        body = bytes(chars)
        lo, comma, hi = body.partition(b",")
        if (lo and not lo.isdigit()) or (hi and not hi.isdigit()) or b"," in hi:
            raise EREError(REG_BADBR)
        if not comma and not lo:
            raise EREError(REG_BADBR)
        mn = int(lo) if lo else 0
        mx = int(hi) if hi else None
        if not comma:
            mx = mn
        if mn > DUP_MAX or (mx is not None and mx > DUP_MAX):
            raise EREError(REG_ESIZE)
        if mx is not None and mx < mn:
            raise EREError(REG_BADBR)
        self.i = end + 1
        if mx is None:
            return b"{%d,}" % mn
        return b"{%d,%d}" % (mn, mx)

    def bracket(self):
        p = self.p
        n = self.n
        i = self.i
        negate = False
        if i < n and p[i] == 0x5E:
            negate = True
            i += 1
        values = set()
        first = True
        while True:
            if i >= n:
                raise EREError(REG_EBRACK)
            c = p[i]
            if c == 0x5D and not first:
                i += 1
                break
            first = False
            # one element: a class, an equivalence class, a collating symbol or a byte
            if c == 0x5B and i + 1 < n and p[i + 1] in b":=.":
                kind = p[i + 1]
                end = p.find(bytes((kind, 0x5D)), i + 2)
                if end < 0:
                    raise EREError(REG_EBRACK)
                name = p[i + 2:end]
                i = end + 2
                if kind == 0x3A:
                    cls = _classes().get(name)
                    if cls is None:
                        raise EREError(REG_ECTYPE)
                    if i + 1 < n and p[i] == 0x2D and p[i + 1] != 0x5D:
                        raise EREError(REG_ERANGE)
                    values |= cls
                    continue
                if len(name) != 1:
                    raise EREError(REG_ECOLLATE)
                start = name[0]
                if kind == 0x3D:  # an equivalence class is its one character
                    if i + 1 < n and p[i] == 0x2D and p[i + 1] != 0x5D:
                        raise EREError(REG_ERANGE)
                    values.add(start)
                    continue
            else:
                start = c
                i += 1
            # a range?
            if i + 1 < n and p[i] == 0x2D and p[i + 1] != 0x5D:
                i += 1
                e = p[i]
                if e == 0x5B and i + 1 < n and p[i + 1] in b":=.":
                    kind = p[i + 1]
                    end = p.find(bytes((kind, 0x5D)), i + 2)
                    if end < 0:
                        raise EREError(REG_EBRACK)
                    if kind != 0x2E:
                        raise EREError(REG_ERANGE)
                    name = p[i + 2:end]
                    if len(name) != 1:
                        raise EREError(REG_ECOLLATE)
                    stop = name[0]
                    i = end + 2
                else:
                    stop = e
                    i += 1
                if stop < start:
                    raise EREError(REG_ERANGE)
                values.update(range(start, stop + 1))
            else:
                values.add(start)
        self.i = i
        if negate:
            values = set(range(256)) - values - {0x0A}
        return _set_pattern(values)


def translate(pattern):
    """The Python pattern (bytes) for a POSIX ERE (bytes); raises EREError."""
    return _Parser(pattern).parse()


def compile_ere(pattern):
    """A compiled Python regex with the ERE's meaning under REG_NEWLINE;
    raises EREError where regcomp fails."""
    import re
    source = translate(pattern)
    try:
        return re.compile(source, re.MULTILINE)
    except re.error:
        raise EREError(REG_BADRPT) from None
    except (OverflowError, RecursionError):
        raise EREError(REG_ESIZE) from None
