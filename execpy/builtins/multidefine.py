"""multidefine: split a value over several keys (see execpy.engine.directives)."""

from execpy.engine.directives import multidefine as _directive, run_alone

PROG = b"multidefine"
USAGE = b"multidefine [ -0 ] [ -r ] [ -N | -n ] [ -C | -c ] [ -d delim ] value { vars... } prog..."
HERE = True  # core.run_here may run it in the block's process


def main(ctx, argv):
    return run_alone(ctx, argv, _directive, USAGE)
