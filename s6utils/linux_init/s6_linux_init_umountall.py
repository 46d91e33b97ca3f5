"""s6-linux-init-umountall: unmount every filesystem of /proc/mounts, the
last mounted first, except /run and the first devtmpfs, proc and sysfs;
a busy one is remounted read-only instead. Exits with the number of
failures (each one warned about)."""

import errno

from execpy.engine import Exit
from execpy.errors import Die, warn
from s6utils.rc.errtext import SysFail, strerror
from s6utils.linux_init import common, kernel

PROG = b"s6-linux-init-umountall"
USAGE = b"s6-linux-init-umountall"
MAXLINES = 99
EXCLUDE = (b"devtmpfs", b"proc", b"sysfs")


def _unescape(field):
    """getmntent's decoding of the kernel's \\ooo escapes (space, tab,
    newline, backslash): the only escapes /proc/mounts holds."""
    import codecs
    return codecs.escape_decode(field)[0]


def mountpoints():
    try:
        with open(b"/proc/mounts", "rb") as f:
            data = f.read()
    except OSError as e:
        raise SysFail(b"open /proc/mounts", e) from None
    seen = dict.fromkeys(EXCLUDE, 0)
    out = []
    for line in data.split(b"\n"):
        fields = line.split()
        if len(fields) < 3 or fields[0].startswith(b"#"):
            continue
        where, fstype = _unescape(fields[1]), _unescape(fields[2])
        if where == common.TMPFS:
            continue
        if fstype in seen:
            seen[fstype] += 1
            if seen[fstype] == 1:
                continue
        if len(out) >= MAXLINES:
            raise Die(100, b"too many mount points")
        out.append(where)
    return out


def main(ctx, argv):
    failures = 0
    for where in reversed(mountpoints()):
        try:
            kernel.umount(where)
        except OSError as e:
            if e.errno != errno.EBUSY:
                failures += 1
                warn(PROG, b"unable to umount " + where + b": " + strerror(e.errno))
                continue
            try:
                kernel.mount(None, where, None, kernel.MS_REMOUNT | kernel.MS_RDONLY, None)
            except OSError as e2:
                failures += 1
                warn(PROG, b"unable to read-only remount " + where + b": " + strerror(e2.errno))
    return Exit(failures & 0xFF)
