"""s6-svscanctl: send commands to s6-svscan through ``scandir/.s6-svscan/control``."""

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, Usage
from s6utils.lib import control

PROG = b"s6-svscanctl"
USAGE = b"s6-svscanctl [ -zabhitqnN ] svscandir"
INLINE = True  # core.spawn_wait may run it without a fork (files and fds only)

COMMANDS = b"zabhitqnN"
DATASIZE = 64


def main(ctx, argv):
    opts, i = parse_or_usage(argv, COMMANDS, USAGE)
    data = bytearray()
    for letter, _ in opts:
        if len(data) >= DATASIZE:
            raise Die(100, b"too many commands")
        data += letter
    if i >= len(argv):
        raise Usage(USAGE)
    control.send(argv[i], control.SVSCAN_CTLDIR, bytes(data), b" directory. errno reported: ")
    return Exit(0)
