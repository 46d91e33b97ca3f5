"""withstdinas: read all of stdin into a variable, go on."""

from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage
from execpy.builtins._fdproc import check_var, modif_and_exec, read_all

PROG = b"withstdinas"
USAGE = (b"withstdinas [ -i | -I | -D default ] [ -N | -n ] [ -E | -e ] "
         b"var remainder...")
HERE = True  # core.run_here may run it in the block's process

NULL_MSG = b"stdin contained a null character"


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"iINnD:Ee", USAGE)
    insist, chomp, doimport, default = 0, True, False, None
    for letter, arg in opts:
        if letter == b"i":
            insist = 2
        elif letter == b"I":
            insist = 1
        elif letter == b"N":
            chomp = False
        elif letter == b"n":
            chomp = True
        elif letter == b"D":
            default = arg
        elif letter == b"E":
            doimport = True
        else:
            doimport = False
    if i >= len(argv):
        raise Usage(USAGE)
    var = argv[i]
    check_var(var)
    try:
        value = read_all(0)
    except OSError as e:
        raise SysFail(b"slurp", e) from None
    if b"\0" in value:
        if insist >= 2:
            raise Die(1, NULL_MSG)
        if insist:
            value = None
        elif default is not None:
            value = default
            ctx.warn(NULL_MSG + b" - using default instead")
        else:
            value = value.split(b"\0", 1)[0]
    elif chomp and value.endswith(b"\n"):
        value = value[:-1]
    return modif_and_exec(argv[i + 1:], var, value, doimport)
