"""s6-mount: mount a filesystem (or, with -a, everything in an fstab; with
no operand, print /proc/mounts). Options known to the kernel as flags
(ro, rw, remount, nodev, noexec, nosuid, bind, move, ...) become mount(2)
flags; the others are passed as the data string. Exit 1 if the kernel says
EBUSY, 111 for other failures; -a exits with the number of failures."""

import errno
import os

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail, Usage, strerror
from execpy.engine.fdio import copy_fd

PROG = b"s6-mount"
USAGE = (b"s6-mount [ -a ] [ -z fstab ] | s6-mount [ -n ] [ -t type ] "
         b"[ -o option[,option...] ]... device mountpoint")

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_SYNCHRONOUS, MS_REMOUNT = 1, 2, 4, 8, 16, 32
MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_MOVE = 0x400, 0x800, 0x1000, 0x2000
MS_MGC_VAL = 0xC0ED0000

# option -> (flags to set, flags to clear); "defaults" resets everything
_OPTIONS = {
    b"ro": (MS_RDONLY, 0), b"rw": (0, MS_RDONLY),
    b"remount": (MS_REMOUNT, 0),
    b"sync": (MS_SYNCHRONOUS, 0), b"async": (0, MS_SYNCHRONOUS),
    b"nodev": (MS_NODEV, 0), b"dev": (0, MS_NODEV),
    b"noexec": (MS_NOEXEC, 0), b"exec": (0, MS_NOEXEC),
    b"nosuid": (MS_NOSUID, 0), b"suid": (0, MS_NOSUID),
    b"noatime": (MS_NOATIME, 0), b"atime": (0, MS_NOATIME),
    b"nodiratime": (MS_NODIRATIME, 0), b"diratime": (0, MS_NODIRATIME),
    b"bind": (MS_BIND, 0), b"nobind": (0, MS_BIND),
    b"move": (MS_MOVE, 0), b"nomove": (0, MS_MOVE),
}


class MountOptions:
    def __init__(self):
        self.flags = MS_MGC_VAL
        self.data = []

    def add(self, spec):
        for opt in spec.split(b","):
            if opt == b"defaults":
                self.flags = MS_MGC_VAL
            elif opt in _OPTIONS:
                on, off = _OPTIONS[opt]
                self.flags = (self.flags | on) & ~off
            else:
                self.data.append(opt)


def mount(source, target, fstype, flags, data):
    """mount(2) through the C library; raises OSError."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                           ctypes.c_ulong, ctypes.c_char_p]
    if libc.mount(source, target, fstype, flags, data) != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))


def _unescape(field):
    """getmntent's octal escapes (\\040 for a space)."""
    out = bytearray()
    i = 0
    while i < len(field):
        if field[i] == 0x5C and i + 3 < len(field) and all(0x30 <= c <= 0x37 for c in field[i + 1:i + 4]):
            out.append(int(field[i + 1:i + 4], 8) & 0xFF)
            i += 4
        else:
            out.append(field[i])
            i += 1
    return bytes(out)


def mount_all(ctx, fstab):
    try:
        with open(fstab, "rb") as f:
            text = f.read()
    except OSError as e:
        raise SysFail(b"open " + fstab, e)
    failures = 0
    for line in text.split(b"\n"):
        fields = line.split()
        if not fields or fields[0].startswith(b"#") or len(fields) < 3:
            continue
        source, target, fstype = (_unescape(x) for x in fields[:3])
        opts = MountOptions()
        opts.add(_unescape(fields[3]) if len(fields) > 3 else b"defaults")
        try:
            mount(source, target, fstype, opts.flags, b",".join(opts.data))
        except OSError as e:
            failures += 1
            ctx.warn(b"unable to mount " + source + b" on " + target + b": " + strerror(e.errno))
    return failures


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"nz:arwt:o:", USAGE)
    options = MountOptions()
    fstype = b"none"
    fstab = b"/etc/fstab"
    doall = False
    for letter, arg in opts:
        if letter == b"z":
            fstab = arg
        elif letter == b"a":
            doall = True
        elif letter == b"t":
            fstype = arg
        elif letter == b"w":
            options.add(b"rw")
        elif letter == b"r":
            options.add(b"ro")
        elif letter == b"o":
            options.add(arg)
    if doall:
        return Exit(mount_all(ctx, fstab))
    args = argv[i:]
    if not args:
        try:
            fd = os.open(b"/proc/mounts", os.O_RDONLY)
        except OSError as e:
            raise SysFail(b"read /proc/mounts", e)
        try:
            copy_fd(fd, 1)
        except OSError as e:
            raise SysFail(b"fd_cat /proc/mounts", e)
        finally:
            os.close(fd)
        return Exit(0)
    if len(args) == 1:
        raise Usage(USAGE)
    try:
        mount(args[0], args[1], fstype, options.flags, b",".join(options.data))
    except OSError as e:
        raise SysFail(b"mount " + args[0] + b" on " + args[1], e,
                      1 if e.errno == errno.EBUSY else 111)
    return Exit(0)


