"""The supervision's seam: every call that creates, signals or waits for a
process, built on execpy's process seam (execpy.engine.process).

The supervisor calls these functions through the module (``procs.fork``),
never directly, so a test can replace any of them. What this layer adds:
a child of the tree starts with the signal state and descriptor limit the
tree itself started with (``configure`` records them), and the signals the
loop catches are blocked across every fork, so none lands in the child's
copy of the loop's handlers. A forked child always leaves through
``os._exit`` (process.fork_child): it never returns into the supervisor.
"""

import errno
import os
import _signal as signal  # the C module: "signal" would import enum

from execpy.engine import process

PROG = b"s6-supervise"

# Set by the event loop: the signals it catches and what they were before,
# the signal mask the process started with (the loop keeps its signals
# blocked) and the file descriptor limit to give back to children.
_caught = {}          # signal number -> disposition at start
_blocked = ()         # the same signals, as a tuple for pthread_sigmask
_mask = None          # the mask at start, or None (then: the mask at fork)
_nofile = None        # (soft, hard) to restore in children, or None


def configure(caught, nofile=None, mask=None):
    """Record the signals the loop catches ({signum: old disposition}),
    the RLIMIT_NOFILE the process started with if it was raised, and the
    signal mask it started with if the loop changed it."""
    global _caught, _blocked, _mask, _nofile
    _caught = dict(caught)
    _blocked = tuple(_caught)
    _mask = None if mask is None else tuple(mask)
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
    process.reset_signals()
    restore_nofile()
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def restore_nofile():
    """Give this process back the descriptor limit it started with (in a
    child, or before the tree execs a finish or crash program)."""
    if _nofile is not None:
        import resource
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, _nofile)
        except (OSError, ValueError):
            pass


def _block():
    """Block the caught signals; return the mask to restore (or None)."""
    return signal.pthread_sigmask(signal.SIG_BLOCK, _blocked) if _blocked else None


def _restore(old):
    if old is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _child_mask(old):
    if _mask is not None:
        return _mask
    return old if old is not None else ()


def fork(body, prog=PROG):
    """Fork a child that runs ``body()`` and exits with what it returns;
    return its pid. Raises OSError if fork fails (nothing is left open)."""
    old = _block()
    mask = _child_mask(old)

    def child():
        reset_child_state(mask)
        return body()

    try:
        return process.fork_child(child, prog)
    finally:
        _restore(old)


def execve(path, argv, env):
    """Replace the process; raises OSError."""
    process.execve(path, argv, env)


def spawn_simple(path, argv, env, prog=b"s6-svscan"):
    """Start ``path`` with the start-up signal state and no other set-up
    (the .s6-svscan/SIG* scripts); return its pid. Raises OSError when the
    program cannot be started, as skalibs' child_spawn0 reports it (the
    child that failed to exec is waited for, the pipe closed on every
    path, a failed fork included). A program that does not exist fails
    as its exec would, without the fork: a flood of signals that have no
    script costs no process."""
    try:
        os.stat(path)
    except OSError as e:
        if e.errno == errno.ENOENT:
            raise
    old = _block()
    mask = _child_mask(old)
    try:
        return process.fork_exec(path, argv, env, lambda: reset_child_state(mask), prog)
    finally:
        _restore(old)


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
    return process.reap()
