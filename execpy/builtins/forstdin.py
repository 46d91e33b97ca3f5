"""forstdin: run a loop body once per record read on stdin, with var=record."""

import errno

from execpy.builtins._fdproc import check_var
from execpy.builtins.forx import parse_loop_options
from execpy.engine import Exit
from execpy.engine.loops import Records, Runner
from execpy.errors import SysFail, Usage

PROG = b"forstdin"
USAGE = (b"forstdin [ -E | -e ] [ -p | -o okcode,okcode,... | -x breakcode,breakcode,... ]"
         b" [ -N | -n ] [ -C | -c ] [ -0 | -d delim ] var command...")
OPTSTRING = b"pP:NnCc0d:o:x:Ee"


def loop_over_stdin(ctx, conf, var, loop):
    """forstdin's loop proper; returns the Exit. Shared with forbacktickx."""
    runner = Runner(ctx, loop, var, conf["doimport"], conf["parallel"],
                    conf["codes"], conf["breaking"], conf["maxpar"])
    records = Records(0, conf["delim"])
    netstrings = not conf["delim"]
    eofcode = 1
    while True:
        try:
            got = records.next()
        except OSError as e:
            if e.errno == errno.EPIPE:
                what = b"netstring_get"
            else:
                what = b"netstring_get" if netstrings else b"skagetlnsep"
            raise SysFail(what, e) from None
        if got is None:
            break
        value, complete = got
        if not netstrings:
            if not complete and conf["chomp"]:
                break
            if conf["crunch"] and len(value) == 1:
                continue
            if conf["chomp"]:
                value = value[:-1]
        eofcode = 0
        try:
            code = runner.run(value)
        except OSError as e:
            raise SysFail(b"spawn " + loop[0], e) from None
        if code is not None:
            return Exit(code)
    runner.wait_all()
    return Exit(eofcode)


def main(ctx, argv):
    conf, i = parse_loop_options(argv, OPTSTRING, USAGE)
    if len(argv) - i < 2:
        raise Usage(USAGE)
    var = argv[i]
    check_var(var)
    return loop_over_stdin(ctx, conf, var, argv[i + 1:])
