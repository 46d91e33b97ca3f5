"""multisubstitute: several substitution directives, performed in parallel."""

from execpy.engine import Exec
from execpy.engine.blocks import read_block
from execpy.engine.directives import DIRECTIVES, DirectiveError, Substitution
from execpy.engine.subst import substitute
from execpy.builtins._newer import NEWER_DIRECTIVES
from execpy.errors import Die, SysFail, Usage

PROG = b"multisubstitute"
USAGE = b"see http://skarnet.org/software/execline/multisubstitute.html"
HERE = True  # core.run_here may run it in the block's process


def main(ctx, argv):
    if len(argv) < 2:
        raise Usage(USAGE)
    block, rest = read_block(ctx, argv, 1)
    if rest >= len(argv) + 1:
        raise Die(100, b"unterminated block")
    if rest == len(argv):
        raise Usage(USAGE)
    sub = Substitution()
    i = 0
    while i < len(block):
        name = block[i]
        func = NEWER_DIRECTIVES.get(name) or DIRECTIVES.get(name)
        if func is None:
            raise Die(100, b"syntax error: unrecognized directive " + name)
        try:
            n = func(ctx, block[i:], sub)
        except DirectiveError as e:
            if e.kind == "usage":
                raise Die(100, b"syntax error at directive " + name) from None
            if e.kind == "key":
                raise Die(100, b"wrong key for directive " + name) from None
            if e.kind == "empty":
                raise Die(111, b"unknown error with directive " + name) from None
            raise SysFail(b"run directive " + name, e.errno) from None
        i += n
    return Exec(substitute(argv[rest:], sub.values), {v: None for v in sub.unexport})
