"""Making the files of a compiled database, with s6-rc-compile's messages:
everything is created under ``Out.root`` with C's modes (the umask
applies as it does to C), and a failure raises SysFail naming the path as
C does."""

import errno
import os

from execpy.engine.fdio import read_chunk, write_all
from s6utils.rc.errtext import SysFail

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC


def write_file(path, data, mode=0o666):
    """Create (or truncate) path and write data; OSError."""
    fd = os.open(path, _CREATE | os.O_NONBLOCK, mode)
    try:
        write_all(fd, data)
    finally:
        os.close(fd)


def read_uint(path):
    """s6rc_read_uint: None if path does not exist, else the unsigned number
    in its first 11 bytes (up to a newline); OSError (EINVAL if no number)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        data = b""
        while len(data) < 11:
            chunk = read_chunk(fd, 11 - len(data))
            if not chunk:
                break
            data += chunk
    finally:
        os.close(fd)
    digits = data.split(b"\n", 1)[0].split(b"\0", 1)[0]
    if not digits.isdigit() or int(digits) > 0xFFFFFFFF:
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
    return int(digits)


class Out:
    """Files under the compiled directory ``root``, named relative to it."""

    __slots__ = ("root",)

    def __init__(self, root):
        self.root = root

    def path(self, rel):
        return self.root + b"/" + rel

    def dir(self, rel):
        try:
            os.mkdir(self.path(rel), 0o755)
        except OSError as e:
            raise SysFail(b"mkdir " + self.path(rel), e) from None

    def file(self, rel, data, mode=None):
        try:
            write_file(self.path(rel), data)
        except OSError as e:
            raise SysFail(b"write to " + self.path(rel), e) from None
        if mode is not None:
            try:
                os.chmod(self.path(rel), mode)
            except OSError as e:
                raise SysFail(b"chmod " + self.path(rel), e) from None

    def symlink(self, rel, target):
        try:
            os.symlink(target, self.path(rel))
        except OSError as e:
            raise SysFail(b"symlink " + target + b" to " + self.path(rel), e) from None
