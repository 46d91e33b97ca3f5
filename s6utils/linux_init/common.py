"""What the s6-linux-init 1.2.0.2 programs share: the names of the run-time
tree (the tmpfs ``/run``, its scan directory, the shutdown daemon's fifo,
the catch-all logger's fifo), where the generated scripts find programs,
and small helpers (the envdir reading stage 1 does, the shutdown request).

The program directories default to s6-overlay 3.2.3.2's slashpackage build
(as s6utils.rc.layout does for s6-rc), so a base directory made by execpy
is byte for byte the one s6-overlay's maker writes.
``EXECPY_S6LI_PREFIXES=execline:s6:s6-linux-init`` (three directories, each
ending in ``/``) names another build's.
"""

import os

TMPFS = b"/run"
SCANDIR = TMPFS + b"/service"
SHUTDOWND = b"s6-linux-init-shutdownd"
LOGGER = b"s6-svscan-log"
INITCTL = SCANDIR + b"/" + SHUTDOWND + b"/fifo"
LOGFIFO = SCANDIR + b"/" + LOGGER + b"/fifo"
RESULTS = b"s6-linux-init-container-results"
RESULTSDIR = TMPFS + b"/" + RESULTS
BASEDIR = b"/etc/s6-linux-init/current"
INITPATH = b"/usr/bin:/bin"
SKELDIR = b"/package/admin/s6-linux-init-1.2.0.2/etc/skel"

DEFAULT = (b"/package/admin/execline/command/", b"/package/admin/s6/command/",
           b"/package/admin/s6-linux-init/command/")


def layout(env):
    """(execline, s6, s6-linux-init) directories, each ending in "/"."""
    value = env.get(b"EXECPY_S6LI_PREFIXES")
    parts = tuple(value.split(b":")) if value else ()
    return parts if len(parts) == 3 else DEFAULT


def read_envdir_verbatim(path):
    """skalibs' envdir in VERBATIM|NOCLAMP mode with newline for NUL: each
    file's whole contents minus one final newline; an empty file unsets.
    Returns {name: value or None}; raises OSError."""
    changes = {}
    for name in os.listdir(path):
        if name.startswith(b".") or b"=" in name:
            continue
        with open(path + b"/" + name, "rb") as f:
            data = f.read()
        if not data:
            changes[name] = None
            continue
        if data.endswith(b"\n"):
            data = data[:-1]
        changes[name] = data.replace(b"\0", b"\n")
    return changes


def pack_request(letter, when_sec=0, when_nano=0, grace=0):
    """The shutdown daemon's request: the command letter, a TAI64N
    relative deadline (8 + 4 bytes, big-endian) and the grace time in ms."""
    return (letter + when_sec.to_bytes(8, "big") + when_nano.to_bytes(4, "big")
            + grace.to_bytes(4, "big"))


def send(data):
    """skalibs' openwritenclose_unsafe on the shutdown daemon's fifo: open
    it for writing without blocking (no reader: ENXIO), write, close.
    Returns True on success."""
    try:
        fd = os.open(INITCTL, os.O_WRONLY | os.O_NONBLOCK | os.O_CREAT | os.O_TRUNC
                     | os.O_CLOEXEC, 0o666)
    except OSError:
        return False
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


# --------------------------------------------------------------------------
# signalling "every process"

ROOT_VAR = b"EXECPY_S6LI_ROOT"


def kill_all(env, sig):
    """kill(-1, sig), as the shutdown daemon and s6-linux-init-nuke do. When
    stage 1 runs as a child subreaper rather than pid 1 (it then sets
    EXECPY_S6LI_ROOT to its pid), "every process" is the descendants of that
    process instead, so a tree run under another init never signals the
    rest of the machine. Returns True when some process was signalled."""
    root = env.get(ROOT_VAR)
    if not root or not root.isdigit() or os.getpid() == 1:
        try:
            os.kill(-1, sig)
            return True
        except OSError:
            return False
    me = os.getpid()
    hit = False
    for pid in descendants(int(root)):
        if pid == me:
            continue
        try:
            os.kill(pid, sig)
            hit = True
        except OSError:
            pass
    return hit


def descendants(root):
    """The pids of every descendant of ``root`` (from /proc)."""
    children = {}
    for name in os.listdir(b"/proc"):
        if not name.isdigit():
            continue
        try:
            with open(b"/proc/" + name + b"/stat", "rb") as f:
                data = f.read()
        except OSError:
            continue
        fields = data[data.rfind(b")") + 2:].split()
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(int(name))
    out = []
    todo = [root]
    while todo:
        for pid in children.get(todo.pop(), ()):
            out.append(pid)
            todo.append(pid)
    return out


def tempname_suffix():
    """Six random characters, as skalibs' mkfiletemp/mkdtemp put in place
    of XXXXXX."""
    letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return bytes(letters[b % 62] for b in os.urandom(6))
