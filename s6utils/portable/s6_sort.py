"""s6-sort: sort stdin's lines bytewise. -b ignores leading blanks, -f
case (ASCII), -r reverses, -u drops lines equal to the next one, -c only
checks (exit 1 if the input is not sorted), -0 uses NUL as the separator.
A last line without a separator gets one. Comparison stops at a NUL byte
inside a line, as strncmp does."""

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail
from execpy.engine.fdio import records, write_all

PROG = b"s6-sort"
USAGE = b"s6-sort [ -bcfru0 ]"


def make_compare(noblanks, fold, reverse):
    def key_of(line):
        body = line[:-1]
        if noblanks:
            body = body.lstrip(b" \t")
        return body

    def compare(a, b):
        s1 = key_of(a)
        s2 = key_of(b)
        n = min(len(s1), len(s2))
        x, y = s1[:n], s2[:n]
        # strncmp stops at the first NUL of either string
        z = min((k for k in (x.find(b"\0"), y.find(b"\0")) if k >= 0), default=-1)
        if z >= 0:
            x, y = x[:z + 1], y[:z + 1]
        if fold:
            x, y = x.lower(), y.lower()
        if x != y:
            r = -1 if x < y else 1
        else:
            r = (len(s1) > len(s2)) - (len(s1) < len(s2))
        return -r if reverse else r
    def sort_key(line):
        # the same order as compare: the body up to its first NUL (that
        # NUL included) decides, then the length (no functools: 3 ms of
        # imports in every pipeline that sorts)
        body = key_of(line)
        z = body.find(b"\0")
        head = body if z < 0 else body[:z + 1]
        return (head.lower() if fold else head, len(body))

    compare.sort_key = sort_key
    return compare


def main(ctx, argv):
    opts, _ = parse_or_usage(argv, b"bcfru0", USAGE)
    flags = {letter for letter, _ in opts}
    sep = b"\0" if b"0" in flags else b"\n"
    unique = b"u" in flags
    compare = make_compare(b"b" in flags, b"f" in flags, b"r" in flags)
    try:
        lines = list(records(0, sep))
    except OSError as e:
        raise SysFail(b"read from stdin", e)
    if b"c" in flags:
        bound = 0 if unique else 1
        for k in range(1, len(lines)):
            if compare(lines[k - 1], lines[k]) >= bound:
                return Exit(1)
        return Exit(0)
    lines.sort(key=compare.sort_key, reverse=b"r" in flags)
    if unique:
        lines = [lines[k] for k in range(len(lines))
                 if k + 1 == len(lines) or compare(lines[k], lines[k + 1])]
    try:
        write_all(1, b"".join(lines))
    except OSError as e:
        raise SysFail(b"write to stdout", e)
    return Exit(0)
