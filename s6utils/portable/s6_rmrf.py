"""s6-rmrf: remove files and whole directory trees; a missing file is not
an error. Symbolic links are removed, never followed."""

import errno
import os

from execpy.engine import Exit
from execpy.errors import SysFail, Usage

PROG = b"s6-rmrf"
USAGE = b"s6-rmrf file ..."
INLINE = True  # core.spawn_wait may run it without a fork (files and fds only)


def rm_rf(path):
    """Remove ``path`` and everything under it; raises OSError."""
    try:
        os.unlink(path)
        return
    except OSError as e:
        if e.errno == errno.ENOENT:
            return
        if e.errno not in (errno.EISDIR, errno.EPERM):
            raise
        was_eperm = e.errno == errno.EPERM
    try:
        names = os.listdir(path)
    except OSError as e:
        if was_eperm and e.errno == errno.ENOTDIR:
            raise OSError(errno.EPERM, os.strerror(errno.EPERM)) from None
        raise
    for name in names:
        rm_rf(path + b"/" + name)
    os.rmdir(path)


def main(ctx, argv):
    if len(argv) < 2:
        raise Usage(USAGE)
    for path in argv[1:]:
        try:
            rm_rf(path)
        except OSError as e:
            raise SysFail(b"remove " + path, e)
    return Exit(0)
