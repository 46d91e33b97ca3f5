"""s6-linux-init-hpr: halt, poweroff or reboot.

Without -f it asks the shutdown daemon (through its fifo) to shut the
system down now and returns at once; it first checks that the fifo has a
reader (``unable to talk to shutdownd``, exit 100). With -f it syncs
(unless -n) and calls reboot(2) itself.

s6-overlay's build is static musl, whose utmp functions do nothing: the
wtmp record and the wall broadcast (-d, -w, -W) have no effect there, nor
here. For the machine's safety, -f calls reboot(2) only as pid 1 (the
final step of a container, or a real init): elsewhere it fails as it does
in a container without CAP_SYS_BOOT, ``unable to reboot(): Operation not
permitted`` and 111.
"""

import errno
import os

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import Die
from s6utils.rc.errtext import SysFail
from s6utils.linux_init import common, kernel

PROG = b"s6-linux-init-hpr"
USAGE = b"s6-linux-init-hpr [ -h | -p | -r ] [ -n ] [ -d | -w ] [ -W ] [ -f ] [ -i ]"
CMDS = {1: kernel.RB_HALT_SYSTEM, 2: kernel.RB_POWER_OFF, 3: kernel.RB_AUTOBOOT}


def force(what, dosync):
    """Sync if asked, then reboot(2); never returns normally."""
    if dosync:
        os.sync()
    if os.getpid() != 1:
        raise SysFail(b"reboot()", errno.EPERM)
    try:
        kernel.reboot(CMDS[what])
    except OSError as e:
        raise SysFail(b"reboot()", e) from None
    raise SysFail(b"reboot()", 0)


def confirm_hostname():
    """-i: the user must type the machine's name on the terminal."""
    import socket
    name = socket.gethostname().encode()
    try:
        fd = os.open(b"/dev/tty", os.O_RDWR)
    except OSError as e:
        raise SysFail(b"open /dev/tty", e) from None
    try:
        os.write(fd, b"Please enter the hostname of the machine to shut down: ")
        answer = b""
        while not answer.endswith(b"\n"):
            chunk = os.read(fd, 256)
            if not chunk:
                break
            answer += chunk
    finally:
        os.close(fd)
    if answer.rstrip(b"\n") != name:
        raise Die(1, b"hostname mismatch")


def main(ctx, argv):
    opts, _ = parse_or_usage(argv, b"hprfdwWni", USAGE)
    what, forced, dowtmp, dosync, doconfirm = 0, False, 1, True, False
    for letter, _arg in opts:
        if letter in (b"h", b"p", b"r"):
            what = b" hpr".index(letter)
        elif letter == b"f":
            forced = True
        elif letter == b"d":
            dowtmp = 0
        elif letter == b"w":
            dowtmp = 2
        elif letter == b"n":
            dosync = False
        elif letter == b"i":
            doconfirm = True
    if not what:
        raise Die(100, b"one of the -h, -p or -r options must be given")
    if doconfirm:
        confirm_hostname()
    if forced:
        force(what, dosync)
    if not common.send(b""):
        raise SysFail(b"talk to shutdownd", errno.EPERM, 100)
    if dowtmp < 2 and not common.send(common.pack_request(b"Shpr"[what:what + 1])):
        raise SysFail(b"notify s6-linux-init-shutdownd", errno.EPIPE)
    return Exit(0)
