"""Whole files as skalibs writes s6's state: emptied (open_trunc), replaced
through ``NAME.new`` and a rename so a reader never sees half of one
(openwritenclose_suffix), read to an exact size (allread).

Every path may be relative to a directory descriptor (``dirfd``), as the
supervisor works on a service directory it holds open.
"""

import errno
import os

from execpy.engine.fdio import write_all

_TRUNC = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NONBLOCK | os.O_CLOEXEC


def truncate(path, dirfd=None):
    """Create ``path`` empty, or empty it (mode 0666 under the umask)."""
    os.close(os.open(path, _TRUNC, 0o666, dir_fd=dirfd))


def replace(path, data, dirfd=None):
    """Replace ``path`` with ``data`` atomically; raises OSError."""
    tmp = path + b".new"
    fd = os.open(tmp, _TRUNC, 0o666, dir_fd=dirfd)
    try:
        write_all(fd, data)
    finally:
        os.close(fd)
    os.rename(tmp, path, src_dir_fd=dirfd, dst_dir_fd=dirfd)


def read_exactly(fd, size):
    """``size`` bytes from ``fd``; an early end of file is EPIPE, as skalibs
    reports it."""
    data = b""
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            raise OSError(errno.EPIPE, os.strerror(errno.EPIPE))
        data += chunk
    return data


def unlink_quiet(path):
    """Remove ``path`` if it is there; any failure is ignored."""
    try:
        os.unlink(path)
    except OSError:
        pass
