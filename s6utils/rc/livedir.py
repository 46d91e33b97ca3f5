"""s6-rc's live directory, as libs6rc lays it out.

The live directory (``/run/s6-rc`` by default) is a symlink to a real
directory beside it, ``NAME:PROG:XXXXXX``, holding ``compiled`` (a symlink
to the database in use), ``scandir`` (a symlink to the scan directory),
``prefix`` (what the longruns' scandir links start with), ``state`` (one
byte per service: bit 0 up, bit 1 wanted up), ``lock``, and
``servicedirs/`` (the copies of the database's servicedirs that the
supervisors run).
"""

import os

from execpy.errors import Die
from s6utils.lib import control
from s6utils.rc.errtext import SysFail
from s6utils.rc.files import write_file

_RANDOM = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def canon(live):
    """``live`` without trailing slashes; OSError EINVAL if nothing is left."""
    stripped = live.rstrip(b"/")
    if not stripped:
        raise OSError(22, "Invalid argument")
    return stripped


def split(live):
    """(the directory part with its slash, the last component):
    ``/run/s6-rc`` is ``/run/`` and ``s6-rc``."""
    slash = live.rfind(b"/")
    return live[:slash + 1], live[slash + 1:]


def random_suffix():
    """Six random letters and digits, as skalibs' mkdtemp and
    atomic_symlink4 put at the end of their temporary names."""
    return bytes(_RANDOM[b % len(_RANDOM)] for b in os.urandom(6))


def mkdtemp(template):
    """mkdtemp(3) on ``template`` + six random characters (mode 0700 less
    the umask); the path; OSError."""
    for _ in range(100):
        path = template + random_suffix()
        try:
            os.mkdir(path, 0o700)
            return path
        except FileExistsError:
            continue
    raise OSError(17, "File exists")


def create(live, suffix, scandir, prefix, compiled, state):
    """A new real live directory for ``live``; returns its path. OSError
    (the half-made directory is removed)."""
    head, tail = split(live)
    path = mkdtemp(head + tail + b":" + suffix + b":")
    try:
        old = os.umask(0)
        try:
            os.mkdir(path + b"/servicedirs", 0o755)
        finally:
            os.umask(old)
        os.chmod(path + b"/servicedirs", 0o755)
        os.symlink(compiled, path + b"/compiled")
        os.symlink(scandir, path + b"/scandir")
        write_file(path + b"/prefix", prefix)
        write_file(path + b"/state", state)
        write_file(path + b"/lock", b"")
        os.chmod(path, 0o755)
    except OSError:
        remove(path)
        raise
    return path


def remove(path):
    import shutil  # only failures pay for it
    shutil.rmtree(path, ignore_errors=True)


def atomic_symlink(target, name):
    """Make ``name`` a symlink to ``target``, replacing what was there in
    one rename; OSError."""
    tmp = name + b":" + random_suffix()
    os.symlink(target, tmp)
    try:
        os.rename(tmp, name)
    except OSError:
        os.unlink(tmp)
        raise


def check(live, scandir, prefix, compiled, report):
    """Whether ``live`` is a live directory s6-rc runs on with these
    settings: False (with a warning) if it looks abandoned; dies 102 if it
    belongs to another configuration, as s6-rc-init does."""
    fdholder = live + b"/servicedirs/s6rc-fdholder"
    try:
        running = control.svc_ok(fdholder)
    except OSError as e:
        raise SysFail(b"check " + fdholder, e) from None
    if not running:
        report.warn(1, b"directory ", live, b" looks like a live directory but has no ",
                    b"supervisors running")
        return False
    _same_link(live, b"scandir", scandir, b"scandir")
    fn = live + b"/prefix"
    try:
        with open(fn, "rb") as f:
            got = f.read(len(prefix) + 1)
    except OSError as e:
        raise SysFail(b"read " + fn, e) from None
    if got != prefix:
        raise Die(102, b"prefix mismatch with the existing livedir at " + live)
    _same_link(live, b"compiled", compiled, b"bootdb")
    return True


def _same_link(live, name, expected, what):
    fn = live + b"/" + name
    try:
        got = os.readlink(fn)
    except OSError as e:
        raise SysFail(b"readlink " + fn, e) from None
    if got != expected:
        raise Die(102, b"existing livedir at " + live + b" uses " + what + b" at " + got
                  + b" rather than " + expected)


def find_abandoned(live, scandir, prefix, compiled, report):
    """A real live directory beside ``live`` (named after it) that s6-rc
    still runs on, when the ``live`` link itself is gone; None if none."""
    head, tail = split(live)
    where = head[:-1] or b"/"
    try:
        entries = os.listdir(where)
    except OSError as e:
        raise SysFail(b"opendir " + where, e) from None
    start = tail + b":s6-rc-"
    for entry in entries:
        if entry[:1] != b"." and entry.startswith(start):
            candidate = head + entry
            if check(candidate, scandir, prefix, compiled, report):
                return candidate
    return None
