"""The expression language of eltest (and s6-test): test(1) with any
number of arguments, -a/-o, parentheses, =~.

The expression is parsed by a small shift-reduce automaton so that errors
name the same argument position as execline's: a word that looks like an
operator is always an operator (``\\word`` is always data, backslash
removed), and the parse runs over the words plus one implicit ``)``.
Exit codes: 0 true, 1 false, 100 syntax error or bad operand, 111 system
error.
"""

import os

from execpy.errors import Die

# Word kinds, then the kinds of reduced expressions.
DATA, END, UNARY, BINARY, LPAREN, RPAREN, NOT, AND, OR = range(9)
PRIMARY, CONJ, DISJ, EXPR = range(9, 13)

UNARY_OPS = {
    b"-n", b"-z", b"-f", b"-h", b"-L", b"-e", b"-k", b"-b", b"-c", b"-d",
    b"-g", b"-p", b"-r", b"-s", b"-t", b"-u", b"-w", b"-x", b"-O", b"-U",
    b"-G", b"-S", b"-N", b"-v",
}
BINARY_OPS = {
    b"=", b"!=", b"-eq", b"-ne", b"-gt", b"-ge", b"-lt", b"-le",
    b"-nt", b"-ot", b"-ef", b"<", b"<=", b">", b">=", b"=~",
}
SPECIAL = {b"-a": AND, b"-o": OR, b"!": NOT, b"(": LPAREN, b")": RPAREN}

# What the automaton does with the next word (row) given the kind on top of
# the stack (column): "s" shift, "a" accept, "n" reduce an operand into a
# primary, "p" close a parenthesis, "c" close a conjunction, "d" close a
# disjunction, "e" finish an expression. Anything missing is an error.
_STARTERS = (END, LPAREN, NOT, AND, OR)
ACTIONS = {
    DATA: dict.fromkeys(_STARTERS + (UNARY, BINARY), "s"),
    END: {RPAREN: "a"},
    UNARY: dict.fromkeys(_STARTERS, "s"),
    BINARY: {DATA: "s"},
    LPAREN: dict.fromkeys(_STARTERS, "s"),
    RPAREN: {DATA: "n", RPAREN: "p", PRIMARY: "c", CONJ: "d", DISJ: "e", EXPR: "s"},
    NOT: dict.fromkeys(_STARTERS, "s"),
    AND: {DATA: "n", RPAREN: "p", PRIMARY: "c", CONJ: "s"},
    OR: {DATA: "n", RPAREN: "p", PRIMARY: "c", CONJ: "d", DISJ: "s"},
}


class Node:
    __slots__ = ("word", "kind", "op", "left", "right")

    def __init__(self, word, kind, op):
        self.word = word
        self.kind = kind
        self.op = op
        self.left = None
        self.right = None


def lex(words):
    nodes = []
    for word in words:
        if word in UNARY_OPS:
            nodes.append(Node(word, UNARY, word))
        elif word in BINARY_OPS:
            nodes.append(Node(word, BINARY, word))
        elif word in SPECIAL:
            nodes.append(Node(word, SPECIAL[word], word))
        else:
            node = Node(word[1:] if word[:1] == b"\\" else word, DATA, b"")
            nodes.append(node)
    return nodes


def _wrap_nots(stack):
    """The top of the stack became a primary: fold the ``!`` under it."""
    stack[-1].kind = PRIMARY
    while stack[-2].kind == NOT:
        neg = stack[-2]
        neg.kind = PRIMARY
        neg.left = stack[-1]
        del stack[-1]


def parse(words):
    nodes = lex(words) + [Node(b")", RPAREN, b")"), Node(b"", END, b"")]
    bottom = nodes[-1]
    stack = [bottom]
    pos = 0
    while True:
        action = ACTIONS[nodes[pos].kind].get(stack[-1].kind)
        if action is None:
            raise Die(100, b"parse error at argument %d" % pos)
        if action == "a":
            break
        if action == "s":
            stack.append(nodes[pos])
            pos += 1
        elif action == "n":
            under = stack[-2]
            if under.kind == UNARY:
                under.left = stack[-1]
                del stack[-1]
            elif under.kind == BINARY:
                under.left = stack[-3]
                under.right = stack[-1]
                stack[-3] = under
                del stack[-2:]
            _wrap_nots(stack)
        elif action == "p":
            if stack[-3].kind != LPAREN:
                raise Die(100, b"parse error: bad right parenthesis at argument %d" % pos)
            stack[-3] = stack[-2]
            del stack[-2:]
            _wrap_nots(stack)
        elif action == "c":
            if stack[-2].kind == AND:
                conj = stack[-2]
                conj.left = stack[-3]
                conj.right = stack[-1]
                stack[-3] = conj
                del stack[-2:]
            stack[-1].kind = CONJ
        elif action == "d":
            if stack[-2].kind == OR:
                disj = stack[-2]
                disj.left = stack[-3]
                disj.right = stack[-1]
                stack[-3] = disj
                del stack[-2:]
            stack[-1].kind = DISJ
        else:  # "e"
            stack[-1].kind = EXPR
    if len(stack) != 3:
        raise Die(100, b"parse error: too many left parentheses")
    return stack[1]


# --------------------------------------------------------------------------
# evaluation

def int_scan(word):
    """skalibs int_scan: optional sign, digits read while they fit in 32
    unsigned bits, the rest ignored; the value wraps to a C int. None if
    there is no digit."""
    i = 0
    neg = False
    if word[:1] in (b"+", b"-"):
        neg = word[:1] == b"-"
        i = 1
    value = 0
    j = i
    while j < len(word) and 48 <= word[j] <= 57:
        nxt = value * 10 + word[j] - 48
        if nxt > 0xFFFFFFFF:
            break
        value = nxt
        j += 1
    if j == i:
        return None
    if neg:
        value = -value
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value >= 1 << 31 else value


def _stat(path, follow=True):
    try:
        return os.stat(path) if follow else os.lstat(path)
    except (OSError, ValueError):
        return None


def _access(path, mode):
    try:
        return os.access(path, mode)
    except ValueError:
        return False


def _mtime(st):
    return st.st_mtime_ns


def _match(ctx, s, pattern):
    from execpy.engine import posixre
    try:
        return posixre.search(pattern, s, extended=True)
    except posixre.RegexError as e:
        raise Die(111 if e.espace else 100,
                  b": unable to compile " + pattern + b" into a regular expression: " + e.msg) from None


def _unary(ctx, op, arg):
    if op == b"-n":
        return bool(arg)
    if op == b"-z":
        return not arg
    if op == b"-e":
        return _access(arg, os.F_OK)
    if op == b"-r":
        return _access(arg, os.R_OK)
    if op == b"-w":
        return _access(arg, os.W_OK)
    if op == b"-x":
        return _access(arg, os.X_OK)
    if op == b"-v":
        return arg in ctx.env
    if op == b"-t":
        if not arg.isdigit() or int(arg) > 0xFFFFFFFF:
            raise Die(100, b"-t requires an integer argument")
        fd = int(arg)
        return fd < 1 << 31 and os.isatty(fd)
    import stat as S
    st = _stat(arg, op not in (b"-h", b"-L"))
    if st is None:
        return False
    mode = st.st_mode
    if op in (b"-h", b"-L"):
        return S.S_ISLNK(mode)
    if op == b"-f":
        return S.S_ISREG(mode)
    if op == b"-d":
        return S.S_ISDIR(mode)
    if op == b"-b":
        return S.S_ISBLK(mode)
    if op == b"-c":
        return S.S_ISCHR(mode)
    if op == b"-p":
        return S.S_ISFIFO(mode)
    if op == b"-S":
        return S.S_ISSOCK(mode)
    if op == b"-g":
        return bool(mode & S.S_ISGID)
    if op == b"-u":
        return bool(mode & S.S_ISUID)
    if op == b"-k":
        return bool(mode & S.S_ISVTX)
    if op == b"-s":
        return st.st_size > 0
    if op == b"-N":
        return st.st_mtime_ns > st.st_atime_ns
    if op in (b"-O", b"-U"):
        return st.st_uid == os.geteuid()
    if op == b"-G":
        return st.st_gid == os.getegid()
    raise Die(101, b"operation not implemented")


_NUMERIC = {
    b"-eq": lambda a, b: a == b, b"-ne": lambda a, b: a != b,
    b"-gt": lambda a, b: a > b, b"-ge": lambda a, b: a >= b,
    b"-lt": lambda a, b: a < b, b"-le": lambda a, b: a <= b,
}
_STRING = {
    b"=": lambda a, b: a == b, b"!=": lambda a, b: a != b,
    b"<": lambda a, b: a < b, b"<=": lambda a, b: a <= b,
    b">": lambda a, b: a > b, b">=": lambda a, b: a >= b,
}


def _binary(ctx, op, a, b):
    if op in _STRING:
        # strcmp stops at NUL, which an argv word cannot hold.
        return _STRING[op](a, b)
    if op in _NUMERIC:
        x, y = int_scan(a), int_scan(b)
        if x is None or y is None:
            raise Die(100, op + b" requires integer arguments")
        return _NUMERIC[op](x, y)
    if op == b"=~":
        return _match(ctx, a, b)
    if op == b"-nt":
        s1 = _stat(a)
        if s1 is None:
            return False
        s2 = _stat(b)
        return True if s2 is None else _mtime(s1) > _mtime(s2)
    if op == b"-ot":
        s1 = _stat(a)
        if s1 is None:
            return True
        s2 = _stat(b)
        return False if s2 is None else _mtime(s1) < _mtime(s2)
    if op == b"-ef":
        s1 = _stat(a)
        if s1 is None:
            return False
        s2 = _stat(b)
        return True if s2 is None else (s1.st_dev, s1.st_ino) == (s2.st_dev, s2.st_ino)
    raise Die(101, b"operation not implemented")


def evaluate(ctx, node):
    op = node.op
    if op == b"!":
        return not evaluate(ctx, node.left)
    if op == b"-a":
        return evaluate(ctx, node.left) and evaluate(ctx, node.right)
    if op == b"-o":
        return evaluate(ctx, node.left) or evaluate(ctx, node.right)
    if not op:  # a lone word: true when not empty
        return bool(node.word)
    if node.right is None:
        return _unary(ctx, op, node.left.word)
    return _binary(ctx, op, node.left.word, node.right.word)


def run_test(ctx, words):
    """The exit code of the test ``words``: 0 true, 1 false (Die otherwise)."""
    if not words:
        return 1
    return 0 if evaluate(ctx, parse(words)) else 1
