"""s6-hiercopy: copy a file hierarchy recursively, keeping modes (and
owners, when allowed). Regular files, directories, symlinks, FIFOs and
device nodes are copied; an error below the top is skipped, as skalibs'
hiercopy does, and only the top level decides the exit code."""

import errno
import os
import stat

from execpy.engine import Exit
from execpy.errors import SysFail, Usage
from execpy.engine.fdio import copy_fd

PROG = b"s6-hiercopy"
USAGE = b"s6-hiercopy src dst"


def _copy_file(src, dst, mode):
    fd_in = os.open(src, os.O_RDONLY)
    try:
        fd_out = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode & 0o7777)
        try:
            copy_fd(fd_in, fd_out)
        finally:
            os.close(fd_out)
    finally:
        os.close(fd_in)


def _copy_dir(src, dst, mode):
    names = os.listdir(src)
    try:
        os.mkdir(dst, 0o700)
    except OSError as e:
        if e.errno != errno.EEXIST:
            raise
        if not stat.S_ISDIR(os.stat(dst).st_mode):
            raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)) from None
    for name in names:
        try:
            hiercopy(src + b"/" + name, dst + b"/" + name)
        except OSError:
            pass
    os.chmod(dst, mode & 0o7777)


def hiercopy(src, dst):
    """Copy ``src`` to ``dst``; raises OSError for a failure at this level."""
    st = os.lstat(src)
    mode = st.st_mode
    if stat.S_ISREG(mode):
        _copy_file(src, dst, mode)
    elif stat.S_ISDIR(mode):
        _copy_dir(src, dst, mode)
    elif stat.S_ISFIFO(mode):
        os.mkfifo(dst, mode & 0o7777)
    elif stat.S_ISLNK(mode):
        os.symlink(os.readlink(src), dst)
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        os.mknod(dst, mode, st.st_rdev)
    else:
        raise OSError(errno.ENOTSUP, os.strerror(errno.ENOTSUP))
    try:
        os.chown(dst, st.st_uid, st.st_gid, follow_symlinks=False)
    except OSError:
        pass
    if not stat.S_ISLNK(mode):
        try:
            os.chmod(dst, mode & 0o7777)
        except OSError:
            pass


def main(ctx, argv):
    if len(argv) < 3:
        raise Usage(USAGE)
    os.umask(0)
    try:
        hiercopy(argv[1], argv[2])
    except OSError as e:
        raise SysFail(b"copy hierarchy from " + argv[1] + b" to " + argv[2], e)
    return Exit(0)
