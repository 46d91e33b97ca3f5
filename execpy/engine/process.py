"""The process seam: the one module that forks, spawns and execs.

Every process execpy creates or replaces goes through these functions:
the chain engine, the builtins, the s6 tools, s6-log and the supervision
tree alike, so that a test can replace them and so that each rule is kept
in one place:

  * a forked child runs a body and always leaves through ``os._exit``: it
    never unwinds into its parent's code; an exception in it prints one
    line, ``prog: fatal: internal error: ...`` (the traceback too with
    EXECPY_DEBUG=1), and exits 111;
  * a program we start gets SIGPIPE and SIGXFSZ at their defaults (Python
    ignores both), whichever way it is started;
  * every fd a spawn opens for itself (the pipe that carries a failed
    exec's errno, the pipe that carries a grandchild's pid) is closed on
    every path, including a failed fork.

Also here: waiting for a child, the two ways execline turns a wait
status into a number, and the name a process shows in ps (set_title).
"""

import os
import sys
import _signal as signal  # the C module: 'signal' would import enum (~4 ms)

RESET = (signal.SIGPIPE, signal.SIGXFSZ)


def reset_signals():
    """Give SIGPIPE and SIGXFSZ back their defaults, as a program that is
    about to be exec'd (or to behave as one) expects them."""
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)


def internal_error(prog, e):
    """Print ``prog: fatal: internal error: ...`` (with the traceback under
    EXECPY_DEBUG=1); return 111."""
    from execpy.errors import write_stderr
    if os.environ.get("EXECPY_DEBUG"):
        try:
            import traceback
            traceback.print_exception(type(e), e, e.__traceback__)
        except BaseException:  # noqa: BLE001 - a traceback must not hide the line
            pass
    try:
        msg = "%s: %s" % (type(e).__name__, e)
    except BaseException:  # noqa: BLE001 - str() of a broken exception
        msg = type(e).__name__
    try:
        write_stderr(prog + b": fatal: internal error: " + msg.encode(errors="replace") + b"\n")
    except BaseException:  # noqa: BLE001 - nothing more can be said
        pass
    return 111


def fork_child(body, prog=b"execpy"):
    """Fork; the child runs ``body()`` and exits with what it returns (an
    int; anything else is 111). Returns the child's pid; raises OSError if
    the fork fails. An exception in the child is reported as an internal
    error of ``prog``; an execline ``Die`` is printed as the program would."""
    pid = os.fork()
    if pid:
        return pid
    code = 111  # pragma: no cover - the rest runs in the child
    try:
        _forked()
        code = body()
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 111
    except BaseException as e:  # noqa: BLE001 - the child must reach _exit
        from execpy.errors import Die, format_error, write_stderr
        if isinstance(e, Die):
            try:
                write_stderr(format_error(prog, e))
            except BaseException:  # noqa: BLE001
                pass
            code = e.code
        else:
            if isinstance(e, RecursionError):  # room to print the line
                import sys
                sys.setrecursionlimit(sys.getrecursionlimit() + 200)
            code = internal_error(prog, e)
    finally:
        os._exit(code if isinstance(code, int) and 0 <= code <= 255 else 111)


def double_fork(body, prog=b"execpy"):
    """Run ``body()`` in a grandchild and return the grandchild's pid.

    The intermediate child exits at once and is reaped here, so the
    grandchild is adopted by init (or the nearest subreaper) and never
    becomes this process's zombie. Raises OSError (EAGAIN when the second
    fork failed)."""
    def middle(w):
        def grandchild():
            os.close(w)  # else the parent's read lasts as long as the grandchild
            return body()

        try:
            gpid = fork_child(grandchild, prog)
        except OSError:
            return 111  # no pid on the pipe: the parent reports EAGAIN
        _write(w, b"%d" % gpid)
        return 0

    pid, data = _fork_telling(middle, prog)
    waitpid(pid)
    if not data:
        raise OSError(11, os.strerror(11))
    return int(data)


def _fork_telling(body, prog):
    """fork_child of ``body(w)``, ``w`` the write end of a close-on-exec
    pipe; return (pid, all the child wrote on it before it exec'd or
    exited). Both ends are closed on every path, a failed fork included."""
    r, w = os.pipe2(os.O_CLOEXEC)

    def child():
        os.close(r)
        return body(w)

    try:
        pid = fork_child(child, prog)
    except BaseException:
        os.close(r)
        os.close(w)
        raise
    os.close(w)
    try:
        return pid, _read_all(r)
    finally:
        os.close(r)


def _forked():
    """In a new child: POSIX locks are not inherited, and the fds kept for
    set_title write to the parent: close them (a program the child execs
    must never hold a writable /proc/PPID/mem)."""
    locks_held.clear()
    errors = sys.modules.get("execpy.errors")
    if errors is not None:
        errors.pipe_kills = False  # a fork is never an inline block's
    for fd, _ in _kept.values():
        try:
            os.close(fd)
        except OSError:
            pass
    _kept.clear()


# The files (st_dev, st_ino) this process holds a POSIX record lock on
# (s6-setlock, s6-rc's locks), each with how many of its fds hold one:
# closing any fd of such a file drops the lock, where a forked child's close
# would not, so core runs a block inline in such a process only when it
# opens no file and changes no fd of one.
locks_held = {}


def took_lock(fd):
    try:
        st = os.fstat(fd)
    except OSError:
        return
    key = (st.st_dev, st.st_ino)
    locks_held[key] = locks_held.get(key, 0) + 1


def release_lock(fd):
    """Close ``fd``, which took_lock was told of: its file is no longer
    locked by this process (an inline block may open it again)."""
    try:
        st = os.fstat(fd)
    except OSError:
        pass
    else:
        key = (st.st_dev, st.st_ino)
        if locks_held.get(key, 0) > 1:
            locks_held[key] -= 1  # the kernel drops them all: counted, we stay on the safe side
        else:
            locks_held.pop(key, None)
    os.close(fd)


def refers_to_locked(fd):
    """Whether ``fd`` is open on a file this process holds a lock on."""
    try:
        st = os.fstat(fd)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) in locks_held


# --------------------------------------------------------------------------
# the process's name in ps

# (address, size) of this process's argv area, None until looked up, False:
# no title is set (the default: only the launcher turns titles on, so that a
# test running a daemon in its own process keeps its own name)
_room = False


def enable_titles():
    global _room
    _room = None


def _look_up_room():
    global _room
    _room = False
    try:
        with open("/proc/self/stat", "rb") as f:
            stat = f.read()
        fields = stat[stat.rindex(b")") + 2:].split()
        start, end = int(fields[45]), int(fields[46])
        if 0 < start < end:
            _room = (start, end - start)
    except (OSError, ValueError, IndexError):
        pass


# /proc/self/mem and /proc/thread-self/comm opened before a change of
# credentials (which makes the process undumpable, its /proc files root's):
# {path: (fd, (pid, st_dev, st_ino))}, each checked before use: a script may
# have put something else on that fd number since, and in a forked child
# the fd still writes to the parent
_kept = {}
_MEM, _COMM = "/proc/self/mem", "/proc/thread-self/comm"


def keep_title_access():
    """Called before credentials change: keep the two files set_title writes
    open, so that a daemon run after the change (s6-setuidgid nobody
    s6-log ...) can still show its name. The process stays undumpable, as
    the kernel made it: unlike an exec, the memory still holds what was read
    with the old credentials."""
    if _room is False:
        return
    for path in (_MEM, _COMM):
        if path in _kept and _kept[path][1][0] == os.getpid():
            continue
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            new = dup_high(fd, 200)
            st = os.fstat(new)
        except OSError:
            continue
        finally:
            os.close(fd)
        _kept[path] = (new, (os.getpid(), st.st_dev, st.st_ino))


def dup_high(fd, low):
    """A close-on-exec copy of ``fd`` numbered ``low`` or more, out of the
    way of the fds a script names; below it when the fd limit is lower
    (s6-softlimit -o). Raises OSError."""
    import fcntl
    try:
        return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, low)
    except OSError as e:
        if e.errno != 22:  # EINVAL: low is past RLIMIT_NOFILE
            raise
        return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 0)


def _write_proc(path, data, offset=None):
    kept = _kept.get(path)
    if kept is not None:
        fd, ident = kept
        try:
            st = os.fstat(fd)
            same = (os.getpid(), st.st_dev, st.st_ino) == ident
        except OSError:
            same = False
        if same:
            if offset is None:
                os.write(fd, data)
            else:
                os.pwrite(fd, data, offset)
            return
        del _kept[path]  # not ours to close: the fd number is someone else's now
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        if offset is None:
            os.write(fd, data)
        else:
            os.pwrite(fd, data, offset)
    finally:
        os.close(fd)


def set_title(argv):
    """Show ``argv`` as this process's command line (/proc/PID/cmdline, what
    ps -o args and pgrep -f read) and its last part as its name
    (/proc/PID/comm, what ps -C and pidof match), as the exec of that
    program would in C: a forked child that keeps interpreting would
    otherwise show its interpreter's `python3 -ES /command/...` for ever.

    The new line is written over the kernel's copy of the original argv
    (its address and size are in /proc/self/stat), padded with NULs: when
    it does not fit, argv[0] is reduced to its last part if that is enough,
    else the line is cut; the environment next to it is never touched.
    A system without /proc, or that refuses the write, keeps the old
    title."""
    global _room
    if _room is None:
        _look_up_room()
    if not _room or not argv:
        return
    start, size = _room
    name = argv[0].rpartition(b"/")[2] or argv[0]
    line = b"\0".join(argv)
    if len(line) >= size:
        short = b"\0".join([name] + list(argv[1:]))
        line = short if len(short) < size else line[:size - 1]
    try:
        _write_proc(_MEM, line + b"\0" * (size - len(line)), start)
        _write_proc(_COMM, name[:15])
    except OSError:
        _room = False


# --------------------------------------------------------------------------
# exec

def execve(path, argv, env):
    """Replace the process: os.execve, except that what a C program may pass
    and Python refuses (an empty argv[0], a variable name that is empty or
    holds "=") goes through libc's execve directly. Raises OSError."""
    try:
        os.execve(path, argv, env)
    except ValueError:
        pass
    import ctypes  # only on this rare path
    libc = ctypes.CDLL(None, use_errno=True)
    cargv = (ctypes.c_char_p * (len(argv) + 1))(*argv, None)
    entries = [k + b"=" + v for k, v in env.items()]
    cenv = (ctypes.c_char_p * (len(entries) + 1))(*entries, None)
    libc.execve(path, cargv, cenv)
    err = ctypes.get_errno()
    raise OSError(err, os.strerror(err))


def fork_exec(path, argv, env, setup=None, prog=b"execpy"):
    """Start ``path`` in a forked child: ``setup()`` (if given), SIGPIPE and
    SIGXFSZ at their defaults, then exec. A failed exec comes back here
    through a close-on-exec pipe and is raised as OSError, as posix_spawn
    reports it; the pipe is closed on every path. Returns the pid."""
    def body(w):
        try:
            if setup is not None:
                setup()
            reset_signals()
            execve(path, argv, env)
        except OSError as e:
            _write(w, b"%d" % (e.errno or 5))
        return 127

    pid, data = _fork_telling(body, prog)
    if data:
        waitpid(pid)
        err = int(data)
        raise OSError(err, os.strerror(err))
    return pid


def posix_spawn(path, argv, env, file_actions=None, sigmask=None):
    """Start ``path`` with posix_spawn (vfork-based: no Python is copied),
    SIGPIPE and SIGXFSZ at their defaults in the child only, the given file
    actions and signal mask. What os.posix_spawn refuses (see execve) goes
    through fork_exec. Returns the pid; raises OSError."""
    extra = {"setsigdef": RESET}
    if file_actions:
        extra["file_actions"] = file_actions
    if sigmask is not None:
        extra["setsigmask"] = sigmask
    try:
        return os.posix_spawn(path, argv, env, **extra)
    except ValueError:
        pass

    def setup():
        if sigmask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, sigmask)
        if file_actions:
            apply_file_actions(file_actions)
    return fork_exec(path, argv, env, setup)


def apply_file_actions(actions):
    """Do in a forked child what posix_spawn's file actions would do."""
    for action in actions:
        if action[0] == os.POSIX_SPAWN_DUP2:
            if action[1] != action[2]:
                os.dup2(action[1], action[2])
            else:
                os.set_inheritable(action[1], True)
        elif action[0] == os.POSIX_SPAWN_CLOSE:
            try:
                os.close(action[1])
            except OSError:
                pass
        else:
            fd = os.open(action[2], action[3], action[4])
            if fd != action[1]:
                os.dup2(fd, action[1])
                os.close(fd)


# --------------------------------------------------------------------------
# waiting

def waitpid(pid):
    """Wait for ``pid``; return its raw wait status."""
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except InterruptedError:
            continue


def reap():
    """Yield (pid, wait status) for every dead child, without blocking."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        except InterruptedError:
            continue
        if pid == 0:
            return
        yield pid, status


def status_of(wstatus):
    """The ``?`` value execline commands report: exit code, or 256+signal."""
    if os.WIFSIGNALED(wstatus):
        return 256 + os.WTERMSIG(wstatus)
    return os.WEXITSTATUS(wstatus)


def exitcode_of(wstatus):
    """skalibs' wait_estatus, the code a command exits with to relay a
    child's fate: 128+signal if killed, 128 if the child exited 128 or
    more, else its exit code."""
    if os.WIFSIGNALED(wstatus):
        return 128 + os.WTERMSIG(wstatus)
    code = os.WEXITSTATUS(wstatus)
    return 128 if code >= 128 else code


# --------------------------------------------------------------------------

def _write(fd, data):
    try:
        os.write(fd, data)
    except OSError:
        pass


def _read_all(fd):
    chunks = []
    while True:
        try:
            data = os.read(fd, 64)
        except InterruptedError:
            continue
        if not data:
            return b"".join(chunks)
        chunks.append(data)
