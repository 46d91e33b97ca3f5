"""elgetpositionals: a substitution directive used on its own (see execpy.engine.directives)."""

from execpy.engine.directives import elgetpositionals as _directive, run_alone

PROG = b"elgetpositionals"
USAGE = b"elgetpositionals [ -P num ] prog..."
HERE = True  # core.run_here may run it in the block's process


def main(ctx, argv):
    return run_alone(ctx, argv, _directive, USAGE)
