"""s6-linux-init-shutdown: the LSB ``shutdown`` front end: ask the shutdown
daemon to halt (-h, -H), power off (-h -P, -p), reboot (-r) or only run
stage 3 (none of those) at a time (``now``, ``+mins``, ``mins``,
``hh:mm``), with -t the seconds between SIGTERM and SIGKILL (at most 300);
-c cancels a pending shutdown, -k only warns. -a checks
/etc/shutdown.allow against the logged-in users.

As in s6-overlay's static musl build, there is no utmp: the warning
broadcast reaches nobody, and with -a no authorized user is ever logged in.
"""

import errno
import os
import time

from execpy.engine import Exit
from execpy.engine.numscan import scan, scan0
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, Usage, warn
from s6utils.rc.errtext import SysFail
from s6utils.linux_init import common

PROG = b"s6-linux-init-shutdown"
USAGE = (b"s6-linux-init-shutdown [ -h [ -H | -P ] | -p | -r | -k ] [ -f | -F ] [ -a ] [ -i ] "
         b"[ -t sec ] time [ message ]  or  s6-linux-init-shutdown -c [ message ]")
AC_FILE = b"/etc/shutdown.allow"
AC_BUFSIZE = 4096


def parse_time(word, now):
    """Seconds from ``now`` until the time ``word`` names."""
    if word == b"now":
        return 0
    if word[:1] == b"+":
        return _minutes(word[1:])
    if b":" in word:
        return _hourmin(word, now)
    return _minutes(word)


def _minutes(word):
    value = scan0(word)
    if value is None:
        raise Usage(USAGE)
    return (value * 60) % (1 << 32)


def _hourmin(word, now):
    hour, used = scan(word)
    if not used or used > 2 or word[used:used + 1] != b":" or hour > 23:
        raise Die(100, b"invalid time format")
    rest = word[used + 1:]
    minute = scan0(rest)
    if minute is None or len(rest) != 2 or minute > 59:
        raise Die(100, b"invalid time format")
    tm = time.localtime(int(now))
    then = time.mktime((tm.tm_year, tm.tm_mon, tm.tm_mday, hour, minute, 0, 0, 0, -1))
    if then < int(now):
        then = time.mktime((tm.tm_year, tm.tm_mon, tm.tm_mday + 1, hour, minute, 0, 0, 0, -1))
    return int(then) - int(now)


def access_control():
    try:
        fd = os.open(AC_FILE, os.O_RDONLY)
    except OSError as e:
        if e.errno == errno.ENOENT:
            return
        raise SysFail(b"open " + AC_FILE, e) from None
    try:
        size = os.fstat(fd).st_size
        if size >= AC_BUFSIZE:
            raise Die(1, AC_FILE + b" is too big: it needs to be %d bytes or less" % (AC_BUFSIZE - 1))
    finally:
        os.close(fd)
    # No utmp in a static musl build: nobody is ever logged in.
    raise Die(1, b"no authorized users logged in")


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"HPhprkafFcit:", USAGE)
    grace, what, subwhat, doactl, docancel, doconfirm = 0, 0, 0, False, False, False
    for letter, arg in opts:
        if letter == b"H":
            subwhat = 1
        elif letter == b"P":
            subwhat = 2
        elif letter in (b"h", b"p", b"r", b"k"):
            what = b" hprk".index(letter)
        elif letter == b"a":
            doactl = True
        elif letter == b"c":
            docancel = True
        elif letter == b"i":
            doconfirm = True
        elif letter == b"t":
            grace = scan0(arg)
            if grace is None:
                raise Usage(USAGE)
    args = argv[i:]
    if subwhat:
        if what != 1:
            raise Usage(USAGE)
        what = subwhat
    if not common.send(b""):
        raise SysFail(b"talk to shutdownd", errno.EPERM)
    if doactl:
        access_control()
    if doconfirm:
        from s6utils.linux_init.s6_linux_init_hpr import confirm_hostname
        confirm_hostname()
    now = time.time()
    if docancel:
        if not common.send(b"c"):
            raise SysFail(b"write to " + common.INITCTL, errno.EPIPE)
        return Exit(0)
    if not args:
        raise Usage(USAGE)
    delay = parse_time(args[0], now)
    if what < 4:
        if grace > 300:
            grace = 300
            warn(PROG, b"delay between SIGTERM and SIGKILL is capped to 300 seconds")
        if not common.send(common.pack_request(b"Shpr"[what:what + 1], delay, 0, grace * 1000)):
            raise SysFail(b"write to " + common.INITCTL, errno.EPIPE)
    return Exit(0)
