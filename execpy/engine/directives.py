"""Substitution directives: the shared code behind define, importas,
elgetpositionals, elglob, multidefine (and the legacy import), used alone or
inside multisubstitute.

A directive reads its words from ``argv`` (argv[0] is its own name), adds
its keys and values to a Substitution, and returns how many words it used.
It reports trouble with DirectiveError, which each caller words its own way
(exlsn_main and multisubstitute differ).
"""

from execpy.engine.options import BadOption, getopt, uint0
from execpy.engine.subst import BadNetstring, DEFAULT_DELIM, transform
from execpy.errors import Die


class DirectiveError(Exception):
    """kind: "usage" (bad syntax), "key" (empty or duplicate key),
    "inval" (a value that cannot be transformed)."""

    def __init__(self, kind):
        super().__init__(kind)
        self.kind = kind


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


def importas(ctx, argv, sub):
    opts, i = _getopt(argv, b"iuD:nsCcd:N")
    if len(argv) - i < 2:
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
    key, var = argv[i], argv[i + 1]
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
    return i + 2


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


DIRECTIVES = {
    b"define": define,
    b"importas": importas,
    b"elgetpositionals": elgetpositionals,
}


def run_alone(ctx, argv, func, usage):
    """What exlsn_main does for a standalone directive command: collect,
    substitute into the rest, drop the -u variables, continue the chain."""
    from execpy.engine import Exec
    from execpy.engine.subst import substitute
    from execpy.errors import SysFail, Usage
    sub = Substitution()
    try:
        n = func(ctx, argv, sub)
    except DirectiveError as e:
        if e.kind == "usage":
            raise Usage(usage) from None
        if e.kind == "key":
            raise Die(111, b"bad substitution key") from None
        raise SysFail(b"complete exlsn function", 22) from None
    return Exec(substitute(argv[n:], sub.values), {v: None for v in sub.unexport})
