"""loopwhilex: run a command again and again while its exit code says so."""

import errno

from execpy.engine import Exit
from execpy.engine.core import spawn, waitpid
from execpy.engine.loops import approx, scan_codes
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage

PROG = b"loopwhilex"
USAGE = b"loopwhilex [ -n ] [ -o okcode,okcode,... | -x exitcode,exitcode,... ] prog..."


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"no:x:", USAGE)
    negate = False
    reverse = False
    codes = None
    for letter, arg in opts:
        if letter == b"n":
            negate = True
        else:
            codes = scan_codes(arg)
            if codes is None:
                raise Usage(USAGE)
            reverse = letter == b"x"
    prog = argv[i:]
    if not prog:
        raise Usage(USAGE)
    if not codes:
        codes = [0]
    elif reverse:
        negate = not negate
    while True:
        try:
            pid = spawn(ctx, prog)
        except OSError as e:
            if e.errno == errno.ENOENT and prog[0][:1] == b" ":
                raise Die(111, b": unable to spawn " + prog[0] + b": name begins with a space,"
                          b" are you trying to spawn a block as your loop body?") from None
            raise SysFail(b"spawn " + prog[0], e) from None
        code = approx(waitpid(pid))
        if negate == ((code & 0xFFFF) in codes):
            return Exit(code)
