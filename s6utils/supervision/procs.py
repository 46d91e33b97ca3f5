"""The seam: every system call that creates, signals or waits for a process.

The supervisor calls these functions through the module (``procs.fork``),
never directly, so a test can replace any of them. A forked child runs its
body with the signal state a freshly exec'd program would get and always
leaves through ``os._exit``: it never returns into the supervisor's code.
"""

import os
import _signal as signal  # the C module: "signal" would import enum

# Set by the event loop: the signals it catches and what they were before,
# and the file descriptor limit to give back to children.
_caught = {}          # signal number -> disposition at start
_blocked = ()         # the same signals, as a tuple for pthread_sigmask
_nofile = None        # (soft, hard) to restore in children, or None


def configure(caught, nofile=None):
    """Record the signals the loop catches ({signum: old disposition}) and
    the RLIMIT_NOFILE the process started with, if it was raised."""
    global _caught, _blocked, _nofile
    _caught = dict(caught)
    _blocked = tuple(_caught)
    _nofile = nofile


def reset_child_state(mask):
    """In a forked child: the signal state and limits of the supervisor's
    own start, as exec would leave them (caught signals back to their old
    disposition, Python's ignored SIGPIPE and SIGXFSZ back to default)."""
    try:
        signal.set_wakeup_fd(-1)
    except (ValueError, OSError):
        pass
    for sig, old in _caught.items():
        try:
            signal.signal(sig, old if old in (signal.SIG_IGN, signal.SIG_DFL) else signal.SIG_DFL)
        except (OSError, ValueError, TypeError):
            pass
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
    if _nofile is not None:
        import resource
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, _nofile)
        except (OSError, ValueError):
            pass
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def restore_nofile():
    """Give this process back the descriptor limit it started with (before
    it execs a finish or crash program)."""
    if _nofile is not None:
        import resource
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, _nofile)
        except (OSError, ValueError):
            pass


def fork(body):
    """Fork a child that runs ``body()`` and then exits; return its pid.

    The caught signals are blocked across the fork, so none lands in the
    child's copy of the loop's handlers. Raises OSError if fork fails."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _blocked) if _blocked else None
    try:
        pid = os.fork()
    except BaseException:
        if old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        raise
    if pid == 0:  # pragma: no cover - runs in the child
        code = 111
        try:
            reset_child_state(old if old is not None else ())
            code = body()
        except BaseException:  # noqa: BLE001 - the child must reach _exit
            pass
        finally:
            os._exit(code if isinstance(code, int) else 111)
    if old is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
    return pid


def execve(path, argv, env):
    """Replace the (child) process; raises OSError."""
    os.execve(path, argv, env)


def kill(pid, sig):
    """Send ``sig`` to ``pid``; False if it could not be sent."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, sig)
        return True
    except OSError:
        return False


def getpgid(pid):
    return os.getpgid(pid)


def killpg(pgid, sig):
    os.killpg(pgid, sig)


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


def spawn_simple(path, argv, env):
    """Start ``path`` with default signals and no other set-up (the
    .s6-svscan/SIG* scripts); return its pid. Raises OSError when the
    program cannot be started, as skalibs' child_spawn0 reports it."""
    r, w = os.pipe2(os.O_CLOEXEC)

    def body():
        os.close(r)
        try:
            os.execve(path, argv, env)
        except OSError as e:
            os.write(w, e.errno.to_bytes(2, "big"))
        return 127

    try:
        pid = fork(body)
    finally:
        os.close(w)
    try:
        data = _read_all(r)
    finally:
        os.close(r)
    if data:
        err = int.from_bytes(data[:2], "big")
        raise OSError(err, os.strerror(err))
    return pid


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
