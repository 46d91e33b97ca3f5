"""elgetopt: getopt over the positional parameters, into ELGETOPT_x."""

from execpy.engine import Exec
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, Usage, write_stderr

PROG = b"elgetopt"
USAGE = b"elgetopt [ -D default ] optstring prog..."
PREFIX = b"ELGETOPT_"


def sgetopt(args, optstring, report):
    """skalibs sgetopt over ``args`` (args[0] is the program name).

    Returns (list of (letter, argument or None), index of the first
    operand). An unknown option or a missing argument yields the letter
    ``?`` (``:`` for a missing argument when optstring starts with ``:``)
    after ``report`` has printed the diagnostic."""
    colon = optstring[:1] == b":"
    out = []
    i = 1
    while i < len(args):
        word = args[i]
        if len(word) < 2 or word[0] != 0x2D:
            break
        if word == b"--":
            i += 1
            break
        j = 1
        while j < len(word):
            c = word[j:j + 1]
            k = optstring.find(c)
            if k < 0 or c == b":":
                report(args[0], b"illegal option")
                out.append((b"?", None))
                return out, i
            if optstring[k + 1:k + 2] == b":":
                if j + 1 < len(word):
                    out.append((c, word[j + 1:]))
                elif i + 1 < len(args):
                    i += 1
                    out.append((c, args[i]))
                else:
                    report(args[0], b"option requires an argument")
                    out.append((b":" if colon else b"?", None))
                    return out, i + 1
                break
            out.append((c, None))
            j += 1
        i += 1
    return out, i


def push(env, prefix):
    """execline's el_pushenv for one prefix: NAME becomes NAME:1, NAME:n
    becomes NAME:n+1, for every variable whose name starts with prefix."""
    out = {}
    plen = len(prefix)
    for name, value in env.items():
        if not name.startswith(prefix):
            out[name] = value
            continue
        colon = name.find(b":", plen)
        if colon < 0:
            out[name + b":1"] = value
            continue
        digits = name[colon + 1:]
        if digits.isdigit():
            out[name[:colon] + b":%d" % (int(digits) + 1)] = value
        else:
            out[name] = value
    return out


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
    ctx.env = push(env, PREFIX)
    return Exec(argv[i + 1:], changes)
