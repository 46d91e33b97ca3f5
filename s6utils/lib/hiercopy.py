"""Copying files and hierarchies as skalibs does (filecopy, hiercopy):
regular files, directories, symlinks, FIFOs and device nodes, with their
modes and (where allowed) owners; a failure below the top is skipped, and
only the top level raises. Serves s6-hiercopy and s6-rc's compiler and
s6-rc-init."""

import errno
import os
import stat

from execpy.engine.fdio import copy_fd

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC


def filecopy(src, dst, mode):
    """Copy the contents of src to a new file dst; OSError."""
    s = os.open(src, os.O_RDONLY | os.O_CLOEXEC)
    try:
        d = os.open(dst, _CREATE, mode)
        try:
            copy_fd(s, d)
        finally:
            os.close(d)
    finally:
        os.close(s)


def hiercopy(src, dst):
    """Copy src (any file type) to dst, recursively, with its mode and owner;
    a failure below the top is ignored, as in skalibs; OSError."""
    st = os.lstat(src)
    mode = st.st_mode
    perms = stat.S_IMODE(mode)
    if stat.S_ISREG(mode):
        filecopy(src, dst, perms)
    elif stat.S_ISDIR(mode):
        _dircopy(src, dst, perms)
    elif stat.S_ISFIFO(mode):
        os.mkfifo(dst, perms)
    elif stat.S_ISLNK(mode):
        os.symlink(os.readlink(src), dst)
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        os.mknod(dst, mode, st.st_rdev)
    else:
        raise OSError(errno.ENOTSUP, os.strerror(errno.ENOTSUP))
    try:
        os.lchown(dst, st.st_uid, st.st_gid)
    except OSError:
        pass
    if not stat.S_ISLNK(mode):
        try:
            os.chmod(dst, perms)
        except OSError:
            pass


def _dircopy(src, dst, perms):
    entries = os.listdir(src)
    try:
        os.mkdir(dst, 0o700)
    except FileExistsError:
        if not stat.S_ISDIR(os.stat(dst).st_mode):
            raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)) from None
    for entry in entries:
        try:
            hiercopy(src + b"/" + entry, dst + b"/" + entry)
        except OSError:
            pass
    os.chmod(dst, perms)
