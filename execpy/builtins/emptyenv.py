"""emptyenv: empty the environment (-p keeps PATH, -l LD_LIBRARY_PATH), or clean execline's
variables out of it (-c), or pop the positional (-P) and elgetopt (-o)
frames; go on."""

from execpy.engine import Exec
from execpy.engine import positional
from execpy.engine.options import parse_or_usage
from execpy.errors import Usage

PROG = b"emptyenv"
USAGE = b"emptyenv [ -p | -c | -o | -P ] prog..."
HERE = True  # core.run_here may run it in the block's process

_INTERNAL = (b"ELGETOPT_", b"EXECLINE_", b"FD", b"#", b"0", b"1", b"2", b"3", b"4",
             b"5", b"6", b"7", b"8", b"9")


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"plcoP", USAGE)
    letters = {letter for letter, _ in opts}
    rest = argv[i:]
    if not rest:
        raise Usage(USAGE)
    env = ctx.env
    if b"c" in letters:
        gone = dict.fromkeys([b"!", b"?"] + [name for name in env if name.startswith(_INTERNAL)])
        ctx.apply(gone)
    elif not letters & {b"o", b"P"}:
        # execline 2.9.8.0's -l: LD_LIBRARY_PATH too; both in their order
        keep = {b"PATH"} if b"p" in letters else set()
        if b"l" in letters:
            keep.add(b"LD_LIBRARY_PATH")
        ctx.env = {name: value for name, value in env.items() if name in keep}
    else:
        if b"P" in letters:
            env = positional.pop(env)
        if b"o" in letters:
            env = positional.pop(env, (b"ELGETOPT_",))
        ctx.env = env
    return Exec(rest)
