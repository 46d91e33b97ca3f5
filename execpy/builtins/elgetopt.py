"""elgetopt: getopt over the positional parameters, into ELGETOPT_x."""

from execpy.engine import Exec, positional
from execpy.engine.options import MISSING, UNKNOWN, Scan, parse_or_usage
from execpy.errors import Die, Usage, write_stderr

PROG = b"elgetopt"
USAGE = b"elgetopt [ -D default ] optstring prog..."
HERE = True  # core.run_here may run it in the block's process
PREFIX = b"ELGETOPT_"


def sgetopt(args, optstring, report):
    """skalibs sgetopt over ``args`` (args[0] is the program name).

    Returns (list of (letter, argument or None), index of the first
    operand). An unknown option or a missing argument yields the letter
    ``?`` (``:`` for a missing argument when optstring starts with ``:``)
    after ``report`` has printed the diagnostic."""
    colon = optstring[:1] == b":"
    scan = Scan(args, optstring)
    out = []
    for letter, arg in scan:
        if arg is UNKNOWN:
            report(args[0], b"illegal option")
            out.append((b"?", None))
            break
        if arg is MISSING:
            report(args[0], b"option requires an argument")
            out.append((b":" if colon else b"?", None))
            break
        out.append((letter, arg))
    return out, scan.index


def _report(prog, what):
    write_stderr(prog + b": " + what + b"\n")


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"D:", USAGE)
    default = b"1"
    for _, arg in opts:
        default = arg
    if len(argv) - i < 2:
        raise Usage(USAGE)
    optstring = argv[i]
    env = ctx.env
    count = env.get(b"#")
    if count is None:
        raise Die(100, b"# not set")
    if not count.isdigit() or int(count) > 0xFFFFFFFF:
        raise Die(100, b"invalid $#")
    n = int(count)
    args = []
    for k in range(n + 1):
        name = b"%d" % k
        value = env.get(name)
        if value is None:
            raise Die(100, name + b" not set")
        args.append(value)
    found, ind = sgetopt(args, optstring, _report)
    changes = {}
    for letter, arg in found:
        if letter == b"?":
            from execpy.engine import Exit
            return Exit(1)
        changes[PREFIX + letter] = default if arg is None else arg
    rest = args[ind:]
    for k in range(n):
        changes[b"%d" % (k + 1)] = rest[k] if k < len(rest) else None
    changes[b"#"] = b"%d" % len(rest)
    ctx.env = positional.push(env, (PREFIX,))
    return Exec(argv[i + 1:], changes)
