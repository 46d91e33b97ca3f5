"""s6-linux-init-shutdownd: the shutdown daemon (stage 3).

It reads requests on its service directory's fifo: a letter (``h``alt,
``p``oweroff, ``r``eboot, ``S`` run stage 3 only, ``c`` cancel), a
relative TAI64N deadline and a grace time. At the deadline it runs
``basedir/scripts/rc.shutdown`` and waits for it; then it writes the
"stage 4" script into its own service directory (in container mode, after
recording the letter in /run/s6-linux-init-container-results/haltcode),
takes every other service out of the scan directory, sends every process
SIGTERM and SIGCONT, waits at most the grace time (until every one of them
is gone), sends SIGKILL and becomes "stage 4" (C's exits, and finds "stage
4" when it is started again): in a container, that tells s6-svscan to
exit, which runs ``.s6-svscan/finish``.
"""

import errno
import os
import select
import time

import _signal as signal

from execpy.engine import Exec, Exit
from execpy.engine.numscan import scan0
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, Usage, warn
from s6utils.lib import control
from s6utils.rc.errtext import SysFail, strerror
from s6utils.linux_init import common

PROG = b"s6-linux-init-shutdownd"
USAGE = b"s6-linux-init-shutdownd [ -d notif ] [ -c basedir ] [ -g gracetime ] [ -C ] [ -B ]"
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)
STAGE4 = b"stage 4"
DOTPREFIX = b".s6-linux-init-shutdownd:"
INFINITE = float("inf")


class Daemon:
    def __init__(self, basedir, grace, inns, nologger, lay):
        self.basedir = basedir
        self.grace = grace
        self.inns = inns
        self.nologger = nologger
        self.lay = lay
        self.what = b"S"
        self.deadline = INFINITE

    # requests ------------------------------------------------------------
    def handle(self, data):
        """Apply every request in ``data`` (all that could be read)."""
        i = 0
        while i < len(data):
            c = data[i:i + 1]
            i += 1
            if c in (b"S", b"h", b"p", b"r"):
                self.what = c
                pack = data[i:i + 16]
                i += 16
                if len(pack) < 16:
                    raise Die(101, b"bad shutdown protocol")
                sec = int.from_bytes(pack[:8], "big")
                nano = int.from_bytes(pack[8:12], "big")
                grace = int.from_bytes(pack[12:16], "big")
                self.deadline = time.monotonic() + _relative(sec, nano)
                if grace and grace <= 300000:
                    self.grace = grace
            elif c == b"c":
                self.what = b"S"
                self.deadline = INFINITE
            else:
                warn(PROG, b"unknown command: " + c)

    # stage 3 -------------------------------------------------------------
    def run_stage3(self, ctx):
        from execpy.engine import core, process
        path = self.basedir + b"/scripts/rc.shutdown"
        try:
            pid = core.spawn(core.Ctx(dict(ctx.env), PROG), [path])
        except OSError as e:
            warn(PROG, b"unable to spawn " + path + b": " + strerror(e.errno))
            return
        wstatus = process.waitpid(pid)
        if os.WIFSIGNALED(wstatus):
            warn(PROG, path + b" was killed by signal %d" % os.WTERMSIG(wstatus))
        elif os.WEXITSTATUS(wstatus):
            warn(PROG, path + b" exited %d" % os.WEXITSTATUS(wstatus))

    # the end -------------------------------------------------------------
    def prepare_stage4(self):
        if self.inns:
            try:
                os.mkdir(common.RESULTSDIR, 0o755)
            except FileExistsError:
                pass
            except OSError as e:
                raise SysFail(b"mkdir " + common.RESULTSDIR, e) from None
            try:
                _write_file(common.RESULTSDIR + b"/haltcode", self.what + b"\n")
            except OSError as e:
                raise SysFail(b"write to " + common.RESULTSDIR + b"/haltcode", e) from None
        new = STAGE4 + b".new"
        try:
            os.unlink(new)
        except OSError:
            pass
        try:
            fd = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NONBLOCK | os.O_CLOEXEC,
                         0o666)
        except OSError as e:
            raise SysFail(b"open " + new + b" for writing", e) from None
        try:
            try:
                _write_all(fd, self.stage4_script())
            except OSError as e:
                raise SysFail(b"write to " + new, e) from None
            try:
                os.fchmod(fd, 0o700)
            except OSError as e:
                raise SysFail(b"fchmod " + new, e) from None
        finally:
            os.close(fd)
        try:
            os.rename(new, STAGE4)
        except OSError as e:
            raise SysFail(b"rename " + new + b" to " + STAGE4, e) from None

    def stage4_script(self):
        from s6utils.rc.servicedirs import quote
        el, s6, li = self.lay
        head = b"#!" + el + b"execlineb -P\n\n"
        if self.inns:
            out = (head + el + b"foreground { " + s6 + b"s6-svc -Ox -- . }\n"
                   + el + b"background\n{\n  ")
            if not self.nologger:
                out += (el + b"foreground { " + s6 + b"s6-svc -Oxc -- " + common.SCANDIR + b"/"
                        + common.LOGGER + b" }\n  ")
            return out + s6 + b"s6-svscanctl -b -- " + common.SCANDIR + b"\n}\n"
        return (head + el + b"foreground { " + li + b"s6-linux-init-umountall }\n"
                + el + b"foreground { tryexec { " + quote(self.basedir)
                + b"/scripts/rc.shutdown.final } }\n"
                + li + b"s6-linux-init-hpr -f -" + self.what + b"\n")

    def unsupervise_tree(self):
        keep = {common.SHUTDOWND} if self.nologger else {common.SHUTDOWND, common.LOGGER}
        scan = common.SCANDIR
        try:
            names = os.listdir(scan)
        except OSError as e:
            raise SysFail(b"opendir " + scan, e) from None
        for name in names:
            if name.startswith(b".") or name in keep:
                continue
            hidden = _rename_hidden(scan, name)
            if hidden is None:
                continue
            try:
                control.svc_writectl(scan + b"/" + hidden, b"supervise", b"d")
            except OSError:
                pass
        try:
            control.svc_write(scan + b"/.s6-svscan/control", b"an")
        except OSError:
            pass


def _relative(sec, nano):
    """A packed deadline relative to now, in seconds (hpr sends zero)."""
    if sec >= 1 << 63:
        sec -= 1 << 64
    return sec + nano / 1e9


def _rename_hidden(scan, name):
    base = DOTPREFIX + name + b":"
    last = None
    for _ in range(100):
        hidden = base + common.tempname_suffix()
        if os.path.lexists(scan + b"/" + hidden):
            continue
        try:
            os.rename(scan + b"/" + name, scan + b"/" + hidden)
            return hidden
        except OSError as e:
            last = e
            break
    warn(PROG, b"unable to rename " + scan + b"/" + name + b" to something based on "
         + scan + b"/" + base + b"XXXXXX: " + strerror(last.errno if last else errno.EEXIST))
    try:
        os.unlink(scan + b"/" + name)
    except OSError:
        pass
    return None


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _write_file(path, data):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NONBLOCK | os.O_CLOEXEC, 0o666)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def _stage4_step():
    """The step that becomes ./stage 4, or None when there is none: its
    ``#!`` line read as the kernel would, so that execpy's execlineb runs
    it in this process."""
    try:
        with open(STAGE4, "rb") as f:
            head = f.read(256)
    except FileNotFoundError:
        return None
    except OSError as e:
        warn(PROG, b"unable to exec ./" + STAGE4 + b": " + strerror(e.errno))
        return None
    if not os.access(STAGE4, os.X_OK):
        warn(PROG, b"unable to exec ./" + STAGE4 + b": " + strerror(errno.EACCES))
        return None
    line = head.split(b"\n", 1)[0]
    if not line.startswith(b"#!"):
        return None
    words = line[2:].strip().split(None, 1)
    if not words:
        return None
    return Exec(words + [b"./" + STAGE4])


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"d:c:g:CB", USAGE)
    notif, basedir, grace, inns, nologger = 0, common.BASEDIR, 3000, False, False
    for letter, arg in opts:
        if letter in (b"d", b"g"):
            value = scan0(arg)
            if value is None:
                raise Usage(USAGE)
            if letter == b"d":
                notif = value
            else:
                grace = value
        elif letter == b"c":
            basedir = arg
        elif letter == b"C":
            inns = True
        else:
            nologger = True
    if basedir[:1] != b"/":
        raise Die(100, b"basedir must be an absolute path")
    if notif:
        if notif < 3:
            raise Die(100, b"notification fd must be 3 or more")
        try:
            os.fstat(notif)
        except OSError as e:
            raise Die(100, b"invalid notification fd: " + strerror(e.errno)) from None
    if grace > 300000:
        grace = 300000

    step = _stage4_step()
    if step is not None:
        return step
    started = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGPIPE)}

    try:
        fdr = os.open(b"fifo", os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        raise SysFail(b"open fifo for reading", e) from None
    try:
        fdw = os.open(b"fifo", os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        raise SysFail(b"open fifo for writing", e) from None
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    if notif:
        try:
            os.write(notif, b"\n")
        except OSError:
            pass
        os.close(notif)

    d = Daemon(basedir, grace, inns, nologger, common.layout(ctx.env))
    while True:
        timeout = d.deadline - time.monotonic()
        if timeout <= 0:
            d.run_stage3(ctx)
            if d.what != b"S":
                break
            d.deadline = INFINITE
            continue
        try:
            ready, _, _ = select.select([fdr], [], [], None if timeout == INFINITE else timeout)
        except InterruptedError:
            continue
        if ready:
            data = b""
            while True:
                try:
                    chunk = os.read(fdr, 64)
                except BlockingIOError:
                    break
                except InterruptedError:
                    continue
                except OSError as e:
                    raise SysFail(b"read from pipe", e) from None
                if not chunk:
                    break
                data += chunk
            d.handle(data)
    os.close(fdw)
    os.close(fdr)

    d.prepare_stage4()
    d.unsupervise_tree()
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if not inns:
        os.sync()
        warn(PROG, b"sending all processes the TERM signal...")
    try:
        left = common.Survivors(ctx.env, None if nologger else _logger_dir())
    except Exception:  # noqa: BLE001 - no /proc: the grace is slept whole, as C does
        left = None
    common.kill_all(ctx.env, signal.SIGTERM)
    common.kill_all(ctx.env, signal.SIGCONT)
    _grace(left, d.grace / 1000)
    if not inns:
        os.sync()
        warn(PROG, b"sending all processes the KILL signal...")
    before = _logger_readers() if not nologger else None
    common.kill_all(ctx.env, signal.SIGKILL)
    if before is not None:
        _wait_for_logger(before, 3.0)
    # C's daemon exits here and, its supervisor having died of the KILL, a
    # new supervisor starts it again and it becomes "stage 4". Here the
    # supervisor lives on (it is pid 1's), and would wait until a second
    # after the daemon's start before a restart: become stage 4 now.
    step = _stage4_step()
    if step is None:
        return Exit(0)
    for sig, how in started.items():  # stage 4 starts as the daemon did
        if how is not None:
            signal.signal(sig, how)
    return step


def _grace(left, secs):
    """The grace time between the TERM and the KILL, as a maximum: it ends
    as soon as every process the TERM was for is gone (deviation: C's
    daemon always sleeps it whole)."""
    end = time.monotonic() + secs
    pause = 0.002
    while True:
        wait = end - time.monotonic()
        if wait <= 0:
            return
        try:
            if left is not None and not left.any_left():
                return
        except Exception:  # noqa: BLE001 - a /proc that cannot be read: go on sleeping
            left = None
        time.sleep(min(wait, pause))
        pause = min(pause * 2, 0.025)


def _logger_dir():
    try:
        return os.path.realpath(common.SCANDIR + b"/" + common.LOGGER)
    except OSError:
        return None


def _logger_readers():
    """The pids of the catch-all logger's processes that read its fifo."""
    try:
        fifo = os.stat(common.LOGFIFO)
    except OSError:
        return set()
    logdir = os.path.realpath(common.SCANDIR + b"/" + common.LOGGER)
    return _readers_of(logdir, (fifo.st_dev, fifo.st_ino))


def _wait_for_logger(before, limit):
    """Return once the catch-all logger, restarted after the SIGKILL, reads
    its fifo again (or after ``limit`` seconds).

    The last writers of that fifo are pid 1's stdout and stderr, which its
    finish script closes. On Linux, a reader that opens a fifo (non-blocking,
    as the logger's run script does) while no writer has it open is not told
    of a hang-up until some writer has come and gone: a logger restarted
    after pid 1 closed its end polls forever, and the finish script's
    ``wait`` never returns. With C's tree the logger's s6-supervise keeps
    the fifo open meanwhile; with execpy's single-process tree nothing
    does, so stage 4 (which tells pid 1 to finish) must not start before
    the new logger has the fifo open. This costs time only, never output."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if _logger_readers() - before:  # a new one: the killed one may linger
            return
        time.sleep(0.01)


def _readers_of(cwd, ident):
    """The pids of the processes working in ``cwd`` that have ``ident``
    (dev, ino) open for reading."""
    out = set()
    for name in os.listdir(b"/proc"):
        if not name.isdigit():
            continue
        base = b"/proc/" + name
        try:
            if os.readlink(base + b"/cwd") != cwd:
                continue
            fds = os.listdir(base + b"/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                st = os.stat(base + b"/fd/" + fd)
                if (st.st_dev, st.st_ino) != ident:
                    continue
                with open(base + b"/fdinfo/" + fd, "rb") as f:
                    info = f.read()
            except OSError:
                continue
            for line in info.split(b"\n"):
                if line.startswith(b"flags:") and int(line.split()[1], 8) & 3 != 1:
                    out.add(int(name))
    return out
