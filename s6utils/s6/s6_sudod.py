"""s6-sudod: the server side of s6-sudo. Its fds 0 and 1 are a connection
from s6-sudoc (as s6-ipcserverd gives it): it sends its banner, receives
the client's argv, environment and fds 0, 1 and 2, runs its own args
followed by the client's with those fds, confirms the start, waits for
the program and sends its wait status back.

The client's environment only fills variables that the server's own
environment defines empty (``VAR=``); others are not passed. If the client
goes away while the program runs, the program gets SIGTERM and SIGCONT and
s6-sudod exits 1 (with -d it waits on, and sends no status).

Our own commands (s6-rc-oneshot-run, execline builtins) are run in a
forked child that keeps interpreting the chain: no new interpreter.
"""

import errno
import os
import select
import _signal as signal

from execpy.engine import Exit
from execpy.engine.numscan import scan0
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage
from s6utils.lib import ipcio, unixmessage
from s6utils.lib.sigqueue import SignalQueue
from s6utils.lib.sudo import BANNER_A, BANNER_B

PROG = b"s6-sudod"
USAGE = b"s6-sudod [ -0 ] [ -1 ] [ -2 ] [ -d ] [ -t timeout ] args..."
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)

_MAXARGS = 131072


def split_strings(data, count):
    """skalibs' env_make: ``count`` NUL-terminated strings from the start
    of ``data`` (what follows them is ignored); EINVAL if they are not
    all there."""
    out = []
    pos = 0
    for _ in range(count):
        end = data.find(b"\0", pos)
        if end < 0:
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        out.append(data[pos:end])
        pos = end + 1
    return out


def _answer(err, deadline):
    try:
        ipcio.write_timed(1, bytes((err,)), deadline)
    except OSError:
        pass


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"012dt:", USAGE)
    nullfds = 0
    t = 0
    for letter, arg in opts:
        if letter == b"t":
            t = scan0(arg)
            if t is None:
                raise Usage(USAGE)
        else:
            nullfds |= {b"0": 1, b"1": 2, b"2": 4, b"d": 15}[letter]
    args = argv[i:]
    try:
        ipcio.nonblock(0)
        ipcio.nonblock(1)
    except OSError as e:
        raise SysFail(b"make socket non-blocking", e) from None
    deadline = ipcio.deadline_ms(t)
    try:
        ipcio.write_timed(1, BANNER_B, deadline)
    except OSError as e:
        raise SysFail(b"write banner to client", e) from None
    receiver = unixmessage.Receiver(0)
    try:
        msg = receiver.recv(deadline)
    except OSError as e:
        raise SysFail(b"read message from client", e) from None
    if msg is None:
        raise SysFail(b"read message from client", errno.EPIPE)
    data, fds = msg
    if len(fds) != 3:
        raise Die(100, b"client did not send 3 fds")
    hlen = len(BANNER_A) + 16
    if len(data) < hlen:
        raise Die(100, b"wrong client message")
    if data[:len(BANNER_A)] != BANNER_A:
        raise Die(100, b"wrong client banner")
    cargc, cenvc, carglen, cenvlen = (int.from_bytes(data[len(BANNER_A) + 4 * k:len(BANNER_A) + 4 * k + 4], "big")
                                      for k in range(4))
    if hlen + carglen + cenvlen != len(data):
        raise Die(100, b"wrong client argc/envlen")
    if cargc > _MAXARGS or cenvc > _MAXARGS:
        raise Die(100, b"too many args/envvars from client")
    if not args and not cargc:
        raise Die(100, b"client and server args both empty")

    for i, flags, how in ((0, os.O_RDONLY, b"reading"), (1, os.O_WRONLY, b"writing")):
        if nullfds & (1 << i):
            os.close(fds[i])
            try:
                fds[i] = os.open(b"/dev/null", flags | os.O_CLOEXEC)
            except OSError as e:
                raise SysFail(b"open /dev/null for " + how, e) from None
    if nullfds & 4:
        os.close(fds[2])
        fds[2] = 2

    try:
        cargv = split_strings(data[hlen:hlen + carglen], cargc)
    except OSError as e:
        _answer(e.errno, deadline)
        raise SysFail(b"make child argv", e) from None
    try:
        cenv = split_strings(data[hlen + carglen:], cenvc)
    except OSError as e:
        _answer(e.errno, deadline)
        raise SysFail(b"make child envp", e) from None
    env = dict(ctx.env)
    for var in cenv:
        eq = var.find(b"=")
        if eq < 0:
            _answer(errno.EINVAL, deadline)
            raise Die(100, b"bad environment from client")
        name = var[:eq]
        if env.get(name) == b"":
            env[name] = var[eq + 1:]
    targv = list(args) + cargv

    sq = SignalQueue((signal.SIGCHLD,))
    try:
        sq.catch()
    except OSError as e:
        raise SysFail(b"selfpipe_init", e) from None
    try:
        try:
            pid = ipcio.spawn(env, targv, [(0, fds[0]), (1, fds[1]), (2, fds[2])], sq, PROG)
        except OSError as e:
            raise SysFail(b"spawn " + targv[0], e) from None
        os.close(fds[0])
        os.close(fds[1])
        if not nullfds & 4:
            os.close(fds[2])
        try:
            ipcio.write_timed(1, b"\0", deadline)
        except OSError as e:
            raise SysFail(b"send confirmation to client", e) from None
        return _wait(pid, sq, nullfds)
    finally:
        sq.restore()
        sq.close()


def _wait(pid, sq, nullfds):
    poller = select.poll()
    poller.register(sq.fd, select.POLLIN)
    poller.register(0, 0)
    hup = False
    wstat = None
    while wstat is None:
        for fd, revents in sq.poll(poller, -1):
            if fd == sq.fd:
                sq.drain()
            elif revents:
                hup = True
                poller.unregister(0)
                if not nullfds & 8:
                    for sig in (signal.SIGTERM, signal.SIGCONT):
                        try:
                            os.kill(pid, sig)
                        except OSError:
                            pass
                    return Exit(1)
        for sig in sq.take():
            if sig == signal.SIGCHLD:
                try:
                    r, w = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    continue
                except OSError as e:
                    raise SysFail(b"wait_pid_nohang", e) from None
                if r:
                    wstat = w
    if not hup:
        try:
            ipcio.write_timed(1, wstat.to_bytes(4, "big"))
        except OSError as e:
            raise SysFail(b"write status to client", e) from None
    return Exit(0)
