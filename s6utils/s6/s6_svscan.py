"""s6-svscan: supervise every service of a scan directory, from one process.

The scanner and every service's supervisor live in this process's event
loop (s6utils.supervision); the directory's on-disk interface is s6's.
"""

import fcntl
import os

from execpy.engine.fdio import notify_ready, sanitize_std_fds
from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage, strerror
from execpy.engine.numscan import scan0

PROG = b"s6-svscan"
USAGE = b"s6-svscan [ -c maxservices ] [ -t timeout ] [ -d notif ] [ -X consoleholder ] [ dir ]"
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)


def _fd_option(value, small, invalid):
    if value < 3:
        raise Die(100, small)
    try:
        fcntl.fcntl(value, fcntl.F_GETFD)
    except OSError as e:
        raise Die(100, invalid + b": " + strerror(e.errno)) from None


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"c:t:d:X:", USAGE)
    maxservices, rescan, notif, console = 500, 0, -1, -1
    for letter, arg in opts:
        value = scan0(arg)
        if value is None:
            raise Usage(USAGE)
        if letter == b"c":
            maxservices = value
        elif letter == b"t":
            rescan = value
        elif letter == b"d":
            notif = value
        else:
            console = value
    if maxservices < 2:
        maxservices = 2
    if notif >= 0:
        _fd_option(notif, b"notification fd must be 3 or more", b"invalid notification fd")
    if console >= 0:
        _fd_option(console, b"console holder fd must be 3 or more", b"invalid console holder fd")
        try:
            os.set_inheritable(console, False)
        except OSError as e:
            raise SysFail(b"coe console holder", e) from None
    sanitize_std_fds()
    args = argv[i:]
    if args:
        try:
            os.chdir(args[0])
        except OSError as e:
            raise SysFail(b"chdir", e) from None

    from s6utils.supervision import servicedir
    from s6utils.supervision.scanner import Scanner
    scanner = Scanner(ctx.env, maxservices, rescan, console)
    try:
        scanner.claim()
    except servicedir.Fatal as e:
        raise Die(e.code, e.msg) from None
    scanner.start_loop()
    if notif >= 0:
        notify_ready(notif)
    return Exit(scanner.run())
