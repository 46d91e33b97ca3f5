"""s6-notifyoncheck: readiness notification by polling a check program.

Run from a service's run script (the current directory is the service
directory). The process forks: the parent becomes ``prog...`` (the daemon
keeps the service's pid), the child polls ``./data/check`` (or the
``-c`` command line, read as an execline script as ``execlineb -Pc``
would) until it exits 0, then writes a newline to the notification fd.

Child exit codes: 0 notified, 1 out of tries, 2 the service went down
meanwhile (a ``d`` event in ``event/``), 3 global timeout.
"""

import os
import select
import _signal as signal  # the C module: "signal" would import enum (~4 ms)
import time

from execpy.engine import Exec, process
from execpy.engine.core import spawn
from execpy.engine.numscan import scan0
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage, strerror, write_stderr
from s6utils.lib import fifodir
from s6utils.lib.control import svc_ok

PROG = b"s6-notifyoncheck"
CHILD_PROG = b"s6-notifyoncheck (child)"
USAGE = (b"s6-notifyoncheck [ -d ] [ -3 fd ] [ -s initialsleep ] [ -T globaltimeout ] "
         b"[ -t localtimeout ] [ -w waitingtime ] [ -n tries ] [ -c \"checkprog...\" ] prog...")
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)

INFINITE = None


class Settings:
    __slots__ = ("doublefork", "fd", "initialsleep", "globaltimeout", "localtimeout",
                 "waitingtime", "tries", "checkprog")

    def __init__(self):
        self.doublefork = False
        self.fd = None
        self.initialsleep = 10
        self.globaltimeout = 0
        self.localtimeout = 0
        self.waitingtime = 1000
        self.tries = 7
        self.checkprog = None


def _parse(argv):
    opts, i = parse_or_usage(argv, b"d3:s:T:t:w:n:c:", USAGE)
    s = Settings()
    numeric = {b"3": "fd", b"s": "initialsleep", b"T": "globaltimeout",
               b"t": "localtimeout", b"w": "waitingtime", b"n": "tries"}
    for letter, arg in opts:
        if letter == b"d":
            s.doublefork = True
        elif letter == b"c":
            s.checkprog = arg
        else:
            n = scan0(arg)
            if n is None:
                raise Usage(USAGE)
            setattr(s, numeric[letter], n)
    return s, argv[i:]


def _read_notification_fd():
    """./notification-fd as s6 reads it: the first line, a decimal number."""
    try:
        fd = os.open(b"notification-fd", os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            data = os.read(fd, 10)
        finally:
            os.close(fd)
    except OSError as e:
        raise SysFail(b"read ./notification-fd", e) from None
    line = data.split(b"\n", 1)[0]
    n = scan0(line)
    if n is None:
        raise Die(100, b"invalid ./notification-fd")
    return n


def main(ctx, argv):
    s, prog = _parse(argv)
    if not prog:
        raise Usage(USAGE)
    try:
        running = svc_ok(b".")
    except OSError as e:
        raise SysFail(b"sanity-check current service directory", e) from None
    if not running:
        raise Die(100, b"s6-supervise not running.")
    if s.fd is None:
        s.fd = _read_notification_fd()
    try:
        import fcntl
        fcntl.fcntl(s.fd, fcntl.F_GETFD)
    except OSError as e:
        raise Die(111, b"notification-fd sanity check failed: " + strerror(e.errno)) from None
    except (OverflowError, ValueError):
        raise Die(111, b"notification-fd sanity check failed: " + strerror(9)) from None
    start = time.monotonic()

    rfd, wfd = os.pipe2(os.O_CLOEXEC)
    def body():
        os.close(rfd)
        return _child(ctx, s, wfd, start)

    try:
        if s.doublefork:
            process.double_fork(body, CHILD_PROG)
        else:
            process.fork_child(body, CHILD_PROG)
    except OSError as e:
        os.close(rfd)
        os.close(wfd)
        raise SysFail(b"doublefork" if s.doublefork else b"fork", e) from None
    os.close(wfd)
    os.close(s.fd)
    try:
        got = os.read(rfd, 1)
    except OSError:
        got = b""
    os.close(rfd)
    if not got:
        raise Die(111, b": unable to synchronize with child")
    return Exec(prog)


# --------------------------------------------------------------------------
# the polling child

def _child(ctx, s, syncfd, start):
    """The polling child's body (process.fork_child prints what it raises)."""
    ctx.prog = CHILD_PROG
    return _poll(ctx, s, syncfd, start)


def _deadline(base, millisecs):
    return INFINITE if not millisecs else base + millisecs / 1000.0


def _earliest(a, b):
    if a is INFINITE:
        return b
    if b is INFINITE:
        return a
    return min(a, b)


def _timeout_ms(deadline):
    if deadline is INFINITE:
        return None
    return max(0, int((deadline - time.monotonic()) * 1000 + 0.999))


def _check_argv(s):
    if s.checkprog is None:
        return [b"./data/check"]
    from execpy.parser.lexer import ParseError, parse
    try:
        words = parse(s.checkprog)
    except ParseError:
        words = None
    if not words:
        # let execlineb itself report the error (or run the empty script)
        return [b"execlineb", b"-Pc", s.checkprog]
    return words


def _spawn_check(ctx, s, checkargv):
    """Start the check; a -c command line that names no program we can
    find goes through execlineb, which words the failure as the real
    s6-notifyoncheck's execlineb child would."""
    try:
        return spawn(ctx, checkargv)
    except OSError:
        if s.checkprog is None:
            raise
        return spawn(ctx, [b"execlineb", b"-Pc", s.checkprog])


def _poll(ctx, s, syncfd, start):
    globaldeadline = _deadline(start, s.globaltimeout)
    try:
        listener = fifodir.Listener(b"event")
    except OSError as e:
        raise SysFail(b"ftrigr_subscribe to event fifodir", e) from None
    try:
        return _poll_loop(ctx, s, syncfd, start, listener, globaldeadline)
    finally:
        listener.close()


def _poll_loop(ctx, s, syncfd, start, listener, globaldeadline):
    sp_r, sp_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(sp_w, warn_on_full_buffer=False)
    try:
        os.write(syncfd, b"\0")
    except OSError as e:
        raise SysFail(b"synchronize with parent", e, 2) from None
    os.close(syncfd)

    checkargv = _check_argv(s)
    waitsleep = s.waitingtime / 1000.0 if s.waitingtime else INFINITE
    sleep = s.initialsleep / 1000.0
    tries = s.tries if s.tries else -1  # -1: forever
    ev_poll = select.poll()
    ev_poll.register(listener.fd, select.POLLIN)
    all_poll = select.poll()
    all_poll.register(sp_r, select.POLLIN)
    all_poll.register(listener.fd, select.POLLIN)

    while tries:
        if tries > 0:
            tries -= 1
        now = time.monotonic()
        deadline = _earliest(globaldeadline, INFINITE if sleep is INFINITE else now + sleep)
        sleep = waitsleep
        while True:
            if not ev_poll.poll(_timeout_ms(deadline)):
                if globaldeadline is not INFINITE and time.monotonic() >= globaldeadline:
                    return 3
                break
            if b"d" in listener.read():
                return 2
        try:
            pid = _spawn_check(ctx, s, checkargv)
        except OSError as e:
            write_stderr(CHILD_PROG + b": warning: unable to spawn " + checkargv[0] + b": "
                         + strerror(e.errno) + b"\n")
            continue
        deadline = _earliest(globaldeadline, _deadline(time.monotonic(), s.localtimeout))
        while True:
            ready = all_poll.poll(_timeout_ms(deadline))
            if not ready:
                if globaldeadline is not INFINITE and time.monotonic() >= globaldeadline:
                    _kill(pid)
                    return 3
                break
            fds = [fd for fd, _ in ready]
            if sp_r in fds:
                wstat = _reap(sp_r, pid)
                if wstat is not None:
                    if process.status_of(wstat) == 0:
                        try:
                            os.write(s.fd, b"\n")
                        except OSError:
                            pass
                        return 0
                    break
            if listener.fd in fds and b"d" in listener.read():
                _kill(pid)
                return 2
    return 1


def _kill(pid):
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError:
        pass


def _reap(sp_r, pid):
    """Drain the self-pipe; the wait status of ``pid`` if it has ended."""
    try:
        while os.read(sp_r, 512):
            pass
    except (BlockingIOError, InterruptedError):
        pass
    try:
        done, wstat = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return None
    return wstat if done == pid else None
