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


def descendants(root, table=None):
    """The pids of every descendant of ``root`` (from /proc, or the
    _proc_table ``table``)."""
    children = {}
    for pid, row in (_proc_table() if table is None else table).items():
        children.setdefault(row[0], []).append(pid)
    out = []
    todo = [root]
    while todo:
        for pid in children.get(todo.pop(), ()):
            out.append(pid)
            todo.append(pid)
    return out


# --------------------------------------------------------------------------
# who is left after the TERM

PF_KTHREAD = 0x00200000


def _proc_table():
    """{pid: (ppid, state, starttime, flags)} from /proc."""
    table = {}
    for name in os.listdir(b"/proc"):
        if not name.isdigit():
            continue
        try:
            with open(b"/proc/" + name + b"/stat", "rb") as f:
                data = f.read()
        except OSError:
            continue
        fields = data[data.rfind(b")") + 2:].split()
        if len(fields) > 19:
            table[int(name)] = (int(fields[1]), fields[0], fields[19], int(fields[6]))
        elif len(fields) > 1:
            table[int(name)] = (int(fields[1]), fields[0], b"", 0)
    return table


def _cwd(pid):
    try:
        return os.readlink(b"/proc/%d/cwd" % pid)
    except OSError:
        return None


def _threads_left(pid):
    """True when a process shown as a zombie still has threads running (its
    main thread has exited, the others have not)."""
    try:
        return len(os.listdir(b"/proc/%d/task" % pid)) > 1
    except OSError:
        return False


class Survivors:
    """The processes the TERM of kill_all is waiting for: every process that
    kill(-1) reaches (or, as a child subreaper, every descendant of the
    root), except this one, zombies, kernel threads, and the catch-all
    logger's processes started after ``__init__`` (its supervisor restarts
    it after the TERM, and it must live to the end; the one that was
    killed still counts until it has flushed and gone)."""

    def __init__(self, env, logdir):
        self.env = env
        self.logdir = logdir
        self.me = os.getpid()
        self.loggers = {(pid, row[2]) for pid, row in _proc_table().items()
                        if logdir is not None and _cwd(pid) == logdir}

    def _scope(self, table):
        root = self.env.get(ROOT_VAR)
        if root and root.isdigit() and self.me != 1:
            return set(descendants(int(root), table))
        return set(table) - {1}

    def any_left(self):
        table = _proc_table()
        for pid in self._scope(table):
            ppid, state, start, flags = table[pid]
            if pid == self.me or flags & PF_KTHREAD:
                continue
            if state in (b"Z", b"X") and not _threads_left(pid):
                continue
            if self.logdir is not None and (pid, start) not in self.loggers \
                    and _cwd(pid) == self.logdir:
                continue
            return True
        return False


def tempname_suffix():
    """Six random characters, as skalibs' mkfiletemp/mkdtemp put in place
    of XXXXXX."""
    letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return bytes(letters[b % 62] for b in os.urandom(6))
