"""Substitution directives: the shared code behind define, importas,
elgetpositionals, elglob, multidefine (and the legacy import), used alone or
inside multisubstitute.

A directive reads its words from ``argv`` (argv[0] is its own name), adds
its keys and values to a Substitution, and returns how many words it used.
It reports trouble with DirectiveError, which each caller words its own way
(exlsn_main and multisubstitute differ).
"""

from execpy.engine.core import Exec
from execpy.engine.options import BadOption, getopt, uint0
from execpy.engine.subst import BadNetstring, DEFAULT_DELIM, substitute, transform
from execpy.errors import Die, SysFail, Usage


class DirectiveError(Exception):
    """kind: "usage" (bad syntax), "key" (empty or duplicate key),
    "inval" (a value that cannot be transformed, or a failed system call:
    ``errno`` says which), "empty" (multidefine's empty block)."""

    def __init__(self, kind, errno=22):
        super().__init__(kind)
        self.kind = kind
        self.errno = errno


class Substitution:
    """Keys and values collected for one parallel substitution."""

    def __init__(self):
        self.values = {}
        self.unexport = []

    def add(self, key, values):
        if not key or key in self.values:
            raise DirectiveError("key")
        self.values[key] = values


def _transform_opts(opts):
    t = {"split": False, "crunch": False, "chomp": False, "delim": DEFAULT_DELIM}
    for letter, arg in opts:
        if letter == b"s":
            t["split"] = True
        elif letter == b"C":
            t["crunch"] = True
        elif letter == b"c":
            t["crunch"] = False
        elif letter == b"n":
            t["chomp"] = True
        elif letter == b"N":
            t["chomp"] = False
        elif letter == b"d":
            t["delim"] = arg
    return t


def _values(value, t):
    try:
        return transform(value, **t)
    except BadNetstring:
        raise DirectiveError("inval") from None


def _getopt(argv, optstring):
    try:
        return getopt(argv, optstring)
    except BadOption:
        raise DirectiveError("usage") from None


def define(ctx, argv, sub):
    opts, i = _getopt(argv, b"NnsCcd:")
    if len(argv) - i < 2:
        raise DirectiveError("usage")
    key = argv[i]
    if not key or key in sub.values:
        raise DirectiveError("key")
    sub.add(key, _values(argv[i + 1], _transform_opts(opts)))
    return i + 2


def importas(ctx, argv, sub, count=2):
    opts, i = _getopt(argv, b"iuD:nsCcd:N")
    if len(argv) - i < count:
        raise DirectiveError("usage")
    insist = unexport = False
    default = None
    for letter, arg in opts:
        if letter == b"i":
            insist = True
        elif letter == b"u":
            unexport = True
        elif letter == b"D":
            default = arg
    key, var = argv[i], argv[i + count - 1]
    if not key or key in sub.values:
        raise DirectiveError("key")
    value = ctx.env.get(var)
    if value is None:
        if insist:
            raise Die(100, var + b" not set")
        value = default
    elif unexport:
        sub.unexport.append(var)
    sub.add(key, [] if value is None else _values(value, _transform_opts(opts)))
    return i + count


def import_(ctx, argv, sub):
    """The legacy ``import VAR``: importas VAR VAR (execline 1.x and 2.0)."""
    return importas(ctx, argv, sub, 1)


def elgetpositionals(ctx, argv, sub):
    opts, i = _getopt(argv, b"P:")
    nmin = 0
    for letter, arg in opts:
        nmin = uint0(arg)
        if nmin is None:
            raise DirectiveError("usage")
    count = ctx.env.get(b"#")
    if count is None or not count.isdigit():
        raise DirectiveError("key")
    n = int(count)
    if b"#" in sub.values or b"@" in sub.values:
        raise DirectiveError("key")
    strict = ctx.strict()
    if strict and n < nmin:
        msg = b"too few arguments: expected at least %d but got %d" % (nmin, n)
        if strict > 1:
            raise Die(100, msg)
        ctx.warn(msg)
    sub.add(b"#", [count])
    positional = []
    for k in range(max(n, nmin) + 1):
        name = b"%d" % k
        if name in sub.values:
            raise DirectiveError("key")
        value = ctx.env.get(name) if k <= n else b""
        if value is None:
            raise DirectiveError("key")
        sub.add(name, [value])
        if 1 <= k <= n:
            positional.append(value)
    sub.add(b"@", positional)
    return i


def elglob(ctx, argv, sub):
    from execpy.engine import posixre
    opts, i = _getopt(argv, b"vwsme0")
    flags = posixre.GLOB_NOSORT | posixre.GLOB_NOCHECK
    verbose = False
    for letter, _ in opts:
        if letter == b"v":
            verbose = True
        elif letter == b"w":
            flags |= posixre.GLOB_ERR
        elif letter == b"s":
            flags &= ~posixre.GLOB_NOSORT
        elif letter == b"m":
            flags |= posixre.GLOB_MARK
        elif letter == b"e":
            flags |= posixre.GLOB_NOESCAPE
        else:
            flags &= ~posixre.GLOB_NOCHECK
    if len(argv) - i < 2:
        raise DirectiveError("usage")
    key = argv[i]
    if not key or key in sub.values:
        raise DirectiveError("key")

    def onerror(path, err):
        from execpy.errors import strerror
        ctx.warn(b"while globbing, error reading " + path + b": " + strerror(err))
        return 0

    status, paths = posixre.glob(argv[i + 1], flags, onerror if verbose else None)
    if status not in (0, posixre.GLOB_NOMATCH):
        import errno
        raise DirectiveError("inval", errno.EIO if status == 2 else errno.ENOMEM)
    sub.add(key, paths)
    return i + 2


def multidefine(ctx, argv, sub):
    from execpy.engine.blocks import read_block_or_none
    opts, i = _getopt(argv, b"0rNnCcd:")
    zeroword = likeread = False
    t = _transform_opts([(k, a) for k, a in opts if k not in (b"0", b"r")])
    t["split"] = True
    for letter, _ in opts:
        if letter == b"0":
            zeroword = True
        elif letter == b"r":
            likeread = True
    if len(argv) - i < 2:
        raise DirectiveError("usage")
    value = argv[i]
    block, end = read_block_or_none(ctx, argv, i + 1)
    if block is None:
        raise DirectiveError("usage")
    if not block:
        raise DirectiveError("empty")
    words = _values(value, t)
    nwords = len(words)
    last = None
    for k, key in enumerate(block):
        if not key:
            continue
        if key in sub.values:
            raise DirectiveError("key")
        if k < nwords:
            sub.add(key, [words[k]])
        else:
            sub.add(key, [] if zeroword else [b""])
        last = (key, k)
    if likeread and len(block) < nwords and last is not None:
        # execline hands the remaining words to the last key it recorded,
        # counted from that key's own word
        key, k = last
        sub.values[key] = words[k:k + nwords - len(block) + 1]
    return end


DIRECTIVES = {
    b"define": define,
    b"importas": importas,
    b"import": import_,
    b"elgetpositionals": elgetpositionals,
    b"elglob": elglob,
    b"multidefine": multidefine,
}


def run_alone(ctx, argv, func, usage):
    """What exlsn_main does for a standalone directive command: collect,
    substitute into the rest, drop the -u variables, continue the chain."""
    sub = Substitution()
    try:
        n = func(ctx, argv, sub)
    except DirectiveError as e:
        if e.kind == "usage":
            raise Usage(usage) from None
        if e.kind == "key":
            raise Die(111, b"bad substitution key") from None
        if e.kind == "empty":
            raise Die(100, b"empty block") from None
        raise SysFail(b"complete exlsn function", e.errno) from None
    return Exec(substitute(argv[n:], sub.values), {v: None for v in sub.unexport})
