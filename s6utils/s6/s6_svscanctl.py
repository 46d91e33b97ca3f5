"""s6-svscanctl: send commands to s6-svscan through ``scandir/.s6-svscan/control``."""

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage, strerror
from s6utils.lib.svlib import SVSCAN_CTLDIR, svc_writectl

PROG = b"s6-svscanctl"
USAGE = b"s6-svscanctl [ -zabhitqnN ] svscandir"

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
    scandir = argv[i]
    try:
        r = svc_writectl(scandir, SVSCAN_CTLDIR, bytes(data))
    except OSError as e:
        raise SysFail(b"control " + scandir, e) from None
    if isinstance(r, tuple):
        raise Die(100, b"something is wrong with the " + scandir + b"/" + SVSCAN_CTLDIR
                  + b" directory. errno reported: " + strerror(r[1]))
    if not r:
        raise Die(100, b": unable to control " + scandir + b": supervisor not listening")
    return Exit(0)
