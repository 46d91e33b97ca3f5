"""import: the legacy ``import VAR`` of execline 1.x/2.0, meaning
``importas VAR VAR`` (an execpy extension: execline 2.5 removed it)."""

from execpy.engine.directives import import_ as _directive, run_alone

PROG = b"import"
USAGE = b"import [ -i | -D default ] [ -u ] [ -N | -n ] [ -s ] [ -C | -c ] [ -d delim ] var prog..."


def main(ctx, argv):
    return run_alone(ctx, argv, _directive, USAGE)
