"""define: a substitution directive used on its own (see execpy.engine.directives)."""

from execpy.engine.directives import define as _directive, run_alone

PROG = b"define"
USAGE = b"define [ -N | -n ] [ -s ] [ -C | -c ] [ -d delim ] key value prog..."
HERE = True  # core.run_here may run it in the block's process


def main(ctx, argv):
    return run_alone(ctx, argv, _directive, USAGE)
