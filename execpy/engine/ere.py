"""POSIX regular expressions translated to Python's re, parsed the way glibc's
regcomp parses them.

Two users: s6-log's ``+regex``/``-regex`` selection (``compile_ere``: an ERE
under ``REG_EXTENDED | REG_NOSUB | REG_NEWLINE`` in the C locale, checked
against glibc on 20,000 random patterns), and execpy.engine.posixre's
fallback when the C library cannot be reached through ctypes (``compile``:
basic or extended, with or without REG_NEWLINE and REG_ICASE).

The syntax is glibc's, GNU extensions included (``\\w \\W \\s \\S \\b \\B
\\< \\> \\` \\'`` and back-references; ``\\|``, ``\\+``, ``\\?`` in a basic
regex), and what regcomp refuses is refused with regcomp's error code:

- every literal byte is written as an escape; a bracket expression becomes
  an explicit set of byte values (C locale classes, ranges by byte value; a
  non-matching list never matches a newline under REG_NEWLINE);
- ``*``, ``+``, ``?``, ``{m,n}`` may be stacked in an ERE (``a**``,
  ``a+?``): each one after the first applies to a non-capturing group of
  what precedes, so Python never reads a lazy or possessive quantifier; a
  basic regex refuses a ``*`` or ``\\{`` right after another repetition;
- a repetition at the start of the expression, of a group or of an
  alternative, or after an anchor, is an error (REG_BADRPT) in an ERE; in
  a basic regex ``*`` (``\\+``, ``\\?``) is an ordinary character there and
  ``\\{`` an error;
- an unmatched ``)`` is an ordinary character in an ERE; an unmatched
  ``\\)`` is an error in a basic regex, where ``^`` and ``$`` are anchors
  only at the ends of the expression, a group or an alternative.

What Python cannot do the same way: it matches leftmost-first, not
leftmost-longest, so which text a subexpression captures may differ
(whether a match exists does not). ``re`` is imported only when a pattern
is compiled.
"""

REG_BADPAT = 2
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

# regerror's texts (glibc), by code
MESSAGES = {
    REG_BADPAT: b"Invalid regular expression",
    REG_ECOLLATE: b"Invalid collation character",
    REG_ECTYPE: b"Invalid character class name",
    REG_EESCAPE: b"Trailing backslash",
    REG_ESUBREG: b"Invalid back reference",
    REG_EBRACK: b"Unmatched [, [^, [:, [., or [=",
    REG_EPAREN: b"Unmatched ( or \\(",
    REG_EBRACE: b"Unmatched \\{",
    REG_BADBR: b"Invalid content of \\{\\}",
    REG_ERANGE: b"Invalid range end",
    REG_BADRPT: b"Invalid preceding regular expression",
    REG_ESIZE: b"Regular expression too big",
}

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


def set_pattern(values):
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


def _special(p, i, n):
    """The ``[:class:]``, ``[=x=]`` or ``[.x.]`` at p[i]: (kind, name, index
    past it), or None when p[i] does not start one."""
    if p[i] != 0x5B or i + 1 >= n or p[i + 1] not in b":=.":
        return None
    kind = p[i + 1]
    end = p.find(bytes((kind, 0x5D)), i + 2)
    if end < 0:
        raise EREError(REG_EBRACK)
    return kind, p[i + 2:end], end + 2


def _range_follows(p, i, n):
    return i + 1 < n and p[i] == 0x2D and p[i + 1] != 0x5D


def bracket_items(p, i):
    """The bytes a bracket expression's list names, from p[i] (just past
    ``[`` and any ``^``) to its closing ``]``: (set of byte values, index
    past the ``]``). Raises EREError."""
    n = len(p)
    values = set()
    first = True
    while True:
        if i >= n:  # glibc: nothing at all after [ or [^ is another error
            raise EREError(REG_BADPAT if first else REG_EBRACK)
        c = p[i]
        if c == 0x5D and not first:
            return values, i + 1
        first = False
        # one element: a class, an equivalence class, a collating symbol or a byte
        special = _special(p, i, n)
        if special is not None:
            kind, name, i = special
            if kind == 0x3A:
                cls = _classes().get(name)
                if cls is None:
                    raise EREError(REG_ECTYPE)
                if _range_follows(p, i, n):
                    raise EREError(REG_ERANGE)
                values |= cls
                continue
            if len(name) != 1:
                raise EREError(REG_ECOLLATE)
            start = name[0]
            if kind == 0x3D:  # an equivalence class is its one character
                if _range_follows(p, i, n):
                    raise EREError(REG_ERANGE)
                values.add(start)
                continue
        else:
            start = c
            i += 1
        if not _range_follows(p, i, n):
            values.add(start)
            continue
        i += 1
        special = _special(p, i, n)
        if special is not None:
            kind, name, i = special
            if kind != 0x2E:
                raise EREError(REG_ERANGE)
            if len(name) != 1:
                raise EREError(REG_ECOLLATE)
            stop = name[0]
        else:
            stop = p[i]
            i += 1
        if stop < start:
            raise EREError(REG_ERANGE)
        values.update(range(start, stop + 1))


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
# In an interval, what glibc reads as something other than a character
# (a back-reference, a GNU operator) is no digit and no comma.
_NOT_CHARS = b"123456789wWsSbB<>`'"
_END = -1    # interval tokens that are no byte
_CLOSE = -2
_BRE_OPERATORS = b"(){}|+?"


class _Parser:
    def __init__(self, pattern, extended, newline):
        self.p = pattern
        self.n = len(pattern)
        self.i = 0
        self.ere = extended
        self.newline = newline
        self.groups_open = 0
        self.done = set()  # groups a back-reference may name here
        self.caret = True  # a basic regex's ^ is an anchor here

    def _at(self, ere_byte):
        """True if the next token is the operator ``ere_byte`` (written
        with a backslash in front in a basic regex)."""
        p, i = self.p, self.i
        if self.ere:
            return i < self.n and p[i] == ere_byte
        return i + 1 < self.n and p[i] == 0x5C and p[i + 1] == ere_byte

    def _skip(self):
        self.i += 1 if self.ere else 2

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
        while self._at(0x7C):
            self._skip()
            self.caret = True
            accumulated = self.done
            self.done = set(initial)
            branches.append(self.branch(depth))
            self.done |= accumulated
        return b"|".join(branches)

    def branch(self, depth):
        out = []
        while self.i < self.n:
            if self._at(0x7C) or (depth and self._at(0x29)):
                break
            atom, quantifiable = self.atom()
            while True:
                q, size = self._repetition()
                if q is None:
                    break
                if not quantifiable:
                    if self.ere:
                        raise EREError(REG_BADRPT)
                    break  # a new atom: * is ordinary there, \{ an error
                self.i += size
                atom = b"(?:" + atom + b")" + self.repeat(q)
                if not self.ere and self._repetition()[0] in (0x2A, 0x7B):
                    raise EREError(REG_BADRPT)
            out.append(atom)
        return b"".join(out)

    def _repetition(self):
        """The repetition operator at the current position (``*``, ``+``,
        ``?`` or ``{``) and its length in the pattern, or (None, 0)."""
        p, i, n = self.p, self.i, self.n
        if i >= n:
            return None, 0
        c = p[i]
        if self.ere:
            return (c, 1) if c in b"*+?{" else (None, 0)
        if c == 0x2A:
            return c, 1
        if c == 0x5C and i + 1 < n and p[i + 1] in b"{+?":
            return p[i + 1], 2
        return None, 0

    def atom(self):
        p = self.p
        caret, self.caret = self.caret, False
        q, size = self._repetition()
        if q is not None:
            if self.ere or q == 0x7B:
                raise EREError(REG_BADRPT)
            self.i += size
            return _lit(q), True
        if self._at(0x28):  # (
            self._skip()
            self.caret = True
            self.groups_open += 1
            number = self.groups_open
            inner = self.alternation(1)
            if not self._at(0x29):
                raise EREError(REG_EPAREN)
            self._skip()
            self.done.add(number)
            return b"(" + inner + b")", True
        if not self.ere and self._at(0x29):  # an unmatched \)
            raise EREError(REG_EPAREN)  # glibc's regcomp says REG_EPAREN for REG_ERPAREN
        c = p[self.i]
        self.i += 1
        if c == 0x2E:
            return (b"[^\\n]" if self.newline else b"(?s:.)"), True
        if c == 0x5E and (self.ere or caret):
            return (b"^" if self.newline else b"\\A"), False
        if c == 0x24 and (self.ere or self._ends_bre_branch()):
            return (b"$" if self.newline else b"\\Z"), False
        if c == 0x5B:
            return self.bracket(), True
        if c == 0x5C:
            return self.escape()
        return _lit(c), True

    def _ends_bre_branch(self):
        """A basic regex's $ is an anchor at the end of the expression, or
        before \\) or \\|."""
        rest = self.p[self.i:self.i + 2]
        return not rest or rest in (b"\\)", b"\\|")

    def escape(self):
        if self.i >= self.n:
            raise EREError(REG_EESCAPE)
        e = self.p[self.i]
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

    def repeat(self, q):
        """The Python quantifier for repetition operator ``q``, whose
        operator has been read."""
        if q == 0x2A:
            return b"*"
        if q == 0x2B:
            return b"+"
        if q == 0x3F:
            return b"?"
        return self.interval()

    def interval(self):
        """{m}, {m,}, {m,n}, {,n} (\\{...\\} in a basic regex), just past
        the opening brace, checked as glibc's parse_dup_op checks it."""
        start, t = self._number()
        if start == -1:
            if t != 0x2C:
                raise EREError(REG_BADBR)  # {}
            start = 0  # {,n} is {0,n}
        end = 0
        if start == -2:
            pass
        elif t == _CLOSE:
            end = start  # {n} is {n,n}
        else:  # a comma
            end, t = self._number()
        if start == -2 or end == -2:
            raise EREError(REG_EBRACE if t == _END else REG_BADBR)
        if (end != -1 and start > end) or t != _CLOSE:
            raise EREError(REG_BADBR)
        if (start if end == -1 else end) > DUP_MAX:
            raise EREError(REG_ESIZE)
        if end == -1:
            return b"{%d,}" % start
        return b"{%d,%d}" % (start, end)

    def _number(self):
        """glibc's fetch_number: (value, the token that ended it). The
        value is -1 when no digit came, -2 when anything else came or the
        pattern ended; it stops growing past DUP_MAX."""
        num = -1
        while True:
            t = self._interval_token()
            if t == _END:
                return -2, t
            if t == _CLOSE or t == 0x2C:
                return num, t
            if num == -2 or not 0x30 <= t <= 0x39:
                num = -2
            else:
                num = min(DUP_MAX + 1, (0 if num == -1 else num * 10) + t - 0x30)

    def _interval_token(self):
        """The next token inside an interval: _END, _CLOSE (the closing
        brace), 0 for an operator glibc reads as no character (a
        back-reference, a GNU operator, a basic regex's \\( and the like),
        else the byte itself: an escaped ordinary character stands for
        itself ("{\\0,1}" is "{0,1}")."""
        p, i = self.p, self.i
        if i >= self.n:
            return _END
        c = p[i]
        if c != 0x5C:
            self.i += 1
            return _CLOSE if c == 0x7D and self.ere else c
        if i + 1 >= self.n:
            self.i += 1
            return 0  # a trailing backslash
        e = p[i + 1]
        self.i += 2
        if e == 0x7D and not self.ere:
            return _CLOSE
        if e in _NOT_CHARS or (not self.ere and e in _BRE_OPERATORS):
            return 0
        return e

    def bracket(self):
        negate = self.i < self.n and self.p[self.i] == 0x5E
        values, self.i = bracket_items(self.p, self.i + negate)
        if negate:
            values = set(range(256)) - values
            if self.newline:
                values.discard(0x0A)
        return set_pattern(values)


def translate(pattern, extended=True, newline=True):
    """The Python pattern (bytes) for a POSIX regex (bytes), to be compiled
    with re.MULTILINE; raises EREError."""
    return _Parser(pattern, extended, newline).parse()


def compile(pattern, extended=True, icase=False, newline=True):  # noqa: A001 - re's name
    """A compiled Python regex with the POSIX regex's meaning; raises
    EREError where regcomp fails."""
    import re
    source = translate(pattern, extended, newline)
    try:
        return re.compile(source, re.MULTILINE | (re.IGNORECASE if icase else 0))
    except re.error:
        raise EREError(REG_BADRPT) from None
    except (OverflowError, RecursionError):
        raise EREError(REG_ESIZE) from None


def compile_ere(pattern):
    """s6-log's regexes: an ERE under REG_NEWLINE."""
    return compile(pattern)
