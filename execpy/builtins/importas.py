"""importas: a substitution directive used on its own (see execpy.engine.directives)."""

from execpy.engine.directives import run_alone
from execpy.builtins._newer import importas as _directive

PROG = b"importas"
USAGE = b"importas [ -i | -D default ] [ -u ] [ -N | -n ] [ -s ] [ -C | -c ] [ -d delim ] key var prog..."
HERE = True  # core.run_here may run it in the block's process


def main(ctx, argv):
    return run_alone(ctx, argv, _directive, USAGE)
