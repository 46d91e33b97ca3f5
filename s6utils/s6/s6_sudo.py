"""s6-sudo: s6-ipcclient connecting to ``path``, then s6-sudoc with the
options that concern it: the chain s6-sudo execs into, run here in-process
(both are commands of the table)."""

from execpy.engine import Exec
from s6utils.lib.sudo import chain

PROG = b"s6-sudo"
USAGE = (b"s6-sudo [ -q | -Q | -v ] [ -p bindpath ] [ -l localname ] [ -e ] "
         b"[ -t timeout ] [ -T timeoutrun ] path [ args... ]")


def main(ctx, argv):
    return Exec(chain(argv, USAGE))
