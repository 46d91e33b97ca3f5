"""s6-log: a reliable logger with automatic rotation (s6 2.11.3.2).

    s6-log [ -d notif ] [ -q | -v ] [ -b ] [ -p ] [ -l linelimit ] [ -- ] logging script

The logging script is compiled first (a first pass checks its shape, a
second one reads the numbers and regexes and opens the logdirs, in order),
then one event loop runs until stdin ends:

- stdin is read in chunks of at most 8191 bytes, the size of s6-log's input
  buffer, so a logdir receives the same writes, and rotates at the same
  points, as with the C program. All the complete lines of a chunk are one
  batch: selected, timestamped (one clock reading per batch) and appended
  to each action's buffer; a logdir's batch goes to ``current`` in one write.
- a logdir is a small state machine (``Logdir.rotate``): fsync ``current``,
  rename it ``previous``, open a new ``current`` (0644), mark ``previous``
  complete (0744), then either archive it as ``@<tai64n>.s`` or run the
  processor on it, sync ``processed`` and ``newstate``, and archive that.
  A failed step is retried after the logdir's cooldown (``r``, 2 s by
  default); meanwhile lines wait in memory, so a full disk (ENOSPC) only
  delays them.
- signals arrive through a self-pipe (signal.set_wakeup_fd): SIGALRM forces
  a rotation, SIGTERM (unless -p) and SIGHUP make s6-log finish the current
  line and exit, SIGCHLD reaps processors.

At exit each ``current`` is fsync'd and made 0744, which marks it as
cleanly closed; a ``current`` found without the user x bit at start-up is
archived as ``@<tai64n>.u``.
"""

import os
import signal
import time

from execpy.engine.core import Exit
from execpy.engine.fdio import write_all
from execpy.engine.options import MISSING, UNKNOWN, Scan
from execpy.errors import Die, SysFail, Usage, strerror, write_stderr
from s6utils.lib import tai

PROG = b"s6-log"
USAGE = b"s6-log [ -d notif ] [ -q | -v ] [ -b ] [ -p ] [ -l linelimit ] [ -- ] logging_script"

LINELIMIT_MIN = 48
INBUF = 8191  # what one read of the C program's input buffer takes at most

U32 = 0xFFFFFFFF
U64 = 0xFFFFFFFFFFFFFFFF

# rotation states
WRITABLE, START, RENAME, NEWCURRENT, CHMODPREVIOUS, FINISHPREVIOUS, \
    RUNPROCESSOR, WAITPROCESSOR, SYNCPROCESSED, SYNCNEWSTATE, UNLINKPREVIOUS, \
    RENAMESTATE, FINISHPROCESSED, ENDFCHMOD, END = range(15)

# selection kinds
SEL_F, SEL_PLUS, SEL_MINUS = range(3)
# action kinds
ACT_NOTHING, ACT_FD1, ACT_FD2, ACT_STATUS, ACT_DIR = range(5)

INFINITY = float("inf")


def _uint(word, limit):
    """skalibs uint*0_scan: all digits, fitting in the type."""
    if not word or not word.isdigit():
        return None
    v = int(word)
    return v if v <= limit else None


class Logger:
    """Everything one s6-log process holds."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.verbosity = 1
        self.protect = False
        self.block = False
        self.linelimit = 8192
        self.exiting = False
        self.last_mode = False   # after SIGTERM/SIGHUP: finish the line, then exit
        self.partial = b""       # an incomplete input line
        self.out1 = []           # pending stdout data
        self.fd1_ok = True
        self.script = []         # list of (selections, actions)
        self.has_sel = False
        self.needs_stamp = False
        self.logdirs = []
        self.sigr = -1

    # messages -------------------------------------------------------------
    def warn(self, msg):
        if self.verbosity:
            write_stderr(PROG + b": warning: " + msg + b"\n")

    def warnsys(self, what, err):
        if self.verbosity:
            write_stderr(PROG + b": warning: unable to " + what + b": " + strerror(err) + b"\n")

    # script ----------------------------------------------------------------
    def first_pass(self, script):
        acted = False
        for d in script:
            c = d[:1]
            if c == b"f":
                if len(d) > 1:
                    raise Die(100, b"syntax error at directive: " + d)
            elif c in (b"+", b"-", b"n", b"s", b"S", b"l", b"r", b"E", b"^", b"!", b"?", b"p"):
                pass
            elif c in (b"t", b"T", b"1", b"2"):
                if len(d) > 1:
                    raise Die(100, b"syntax error at directive: " + d)
                if c in (b"1", b"2"):
                    acted = True
            elif c in (b".", b"/"):
                acted = True
            elif c == b"=":
                if len(d) == 1:
                    raise Die(100, b"syntax error at directive: " + d)
                acted = True
            else:
                raise Die(100, b"unrecognized directive: " + d)
        if not acted:
            raise Die(100, b"no action directive specified")

    def second_pass(self, script):
        fd2_size = 200
        status_size = 1001
        s = 99999
        n = 10
        tolerance = 2000
        maxdirsize = 0
        retry = 2.0
        processor = None
        prefix = b""
        flags = 0
        sels = []
        acts = []
        for d in script:
            c = d[:1]
            arg = d[1:]
            bad = Die(100, b"unrecognized directive: " + d)
            if c in (b"f", b"+", b"-"):
                if acts:
                    self.script.append((sels, acts))
                    sels, acts = [], []
                if c == b"f":
                    sels.append((SEL_F, None))
                else:
                    from s6utils.lib import ere
                    try:
                        rx = ere.compile_ere(arg)
                    except ere.EREError:
                        raise bad from None
                    except MemoryError:
                        raise SysFail(b"initialize script", 12) from None
                    sels.append((SEL_PLUS if c == b"+" else SEL_MINUS, rx))
                self.has_sel = True
            elif c == b"n":
                v = _uint(arg, U32)
                if v is None:
                    raise bad
                n = v
            elif c == b"s":
                v = _uint(arg, U32)
                if v is None:
                    raise bad
                s = min(max(v, 4096), 268435455)
            elif c == b"S":
                v = _uint(arg, U64)
                if v is None:
                    raise bad
                maxdirsize = v
            elif c == b"l":
                v = _uint(arg, U32)
                if v is None:
                    raise bad
                if v > (s >> 1):
                    raise Die(100, b"directive " + d + b" conflicts with previous s directive")
                tolerance = v
            elif c == b"r":
                v = _uint(arg, U32)
                if v is None:
                    raise bad
                retry = v / 1000.0
            elif c == b"E":
                v = _uint(arg, U32)
                if v is None:
                    raise bad
                fd2_size = v
            elif c == b"^":
                v = _uint(arg, U32)
                if v is None:
                    raise bad
                status_size = v
            elif c == b"!":
                processor = (b"!", arg) if arg else None
            elif c == b"?":
                processor = (b"?", arg) if arg else None
            elif c == b"p":
                prefix = arg + b" " if arg else b""
            elif c == b"t":
                flags |= 1
            elif c == b"T":
                flags |= 2
            else:
                if c == b"1":
                    act = [ACT_FD1, flags, prefix, None]
                elif c == b"2":
                    act = [ACT_FD2, flags, prefix, fd2_size]
                elif c == b"=":
                    act = [ACT_STATUS, flags, prefix, (arg, status_size)]
                elif c in (b".", b"/"):
                    ld = Logdir(self, d, s, n, tolerance, maxdirsize, retry, processor)
                    ld.init()
                    self.logdirs.append(ld)
                    act = [ACT_DIR, flags, prefix, ld]
                else:
                    raise bad
                if flags:
                    self.needs_stamp = True
                acts.append(act)
                flags = 0
        if acts:
            self.script.append((sels, acts))

    # input -------------------------------------------------------------------
    def prepare_to_exit(self):
        try:
            os.close(0)
        except OSError:
            pass
        self.exiting = True

    def read_normal(self):
        try:
            data = os.read(0, INBUF)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as e:
            if e.errno != 32:
                self.warnsys(b"read from stdin", e.errno)
            self.prepare_to_exit()
            return
        if not data:
            # end of stdin: an unfinished line is dropped, as s6-log does
            self.prepare_to_exit()
            return
        self.take(data)

    def take(self, data):
        """Process a chunk of input: every complete line, then the long
        unfinished one in pieces of linelimit bytes."""
        if b"\0" in data:
            # s6-log 2.11 ends a line at a NUL as at a newline
            data = data.replace(b"\0", b"\n")
        buf = self.partial + data if self.partial else data
        k = buf.rfind(b"\n")
        if k < 0:
            body = b""
            rest = buf
        elif k + 1 == len(buf):
            body = buf
            rest = b""
        else:
            body = buf[:k + 1]
            rest = buf[k + 1:]
        limit = self.linelimit
        lines = None
        if limit and len(body) > limit + 1:
            lines = body[:-1].split(b"\n")
            if max(map(len, lines)) > limit:
                lines = _split_long(lines, limit)
                body = None
        if limit and len(rest) > limit:
            if lines is None:
                lines = body[:-1].split(b"\n") if body else []
            while len(rest) > limit:
                lines.append(rest[:limit])
                rest = rest[limit:]
            body = None
        self.partial = rest
        if body is None:
            if lines:
                self.run_batch(b"\n".join(lines) + b"\n", lines)
        elif body:
            self.run_batch(body, lines)

    def read_last(self):
        """After SIGTERM/SIGHUP: read byte by byte up to the end of the line."""
        buf = bytearray(self.partial)
        limit = self.linelimit
        while True:
            try:
                c = os.read(0, 1)
            except (BlockingIOError, InterruptedError):
                self.partial = bytes(buf)
                return
            except OSError as e:
                if e.errno != 32:
                    self.warnsys(b"read from stdin", e.errno)
                c = b""
            if not c:
                if not buf:
                    self.partial = b""
                    self.prepare_to_exit()
                    return
                break
            if c == b"\n" or c == b"\0":
                break
            buf += c
            if limit and len(buf) > limit:
                self.warn(b"input line too long, stopping before the end")
                break
        self.partial = b""
        line = bytes(buf)
        self.run_batch(line + b"\n", [line])
        self.prepare_to_exit()

    # the script, on a batch of lines ---------------------------------------
    def run_batch(self, body, lines):
        """``body`` is the batch, each line ending with a newline; ``lines``
        the same lines without newlines, or None when not split yet."""
        if self.needs_stamp:
            stamp, local = tai.stamps_now()
            stamps = (b"", stamp + b" ", local + b"  ", stamp + b" " + local + b"  ")
        else:
            stamps = (b"", b"", b"", b"")
        if not self.has_sel:
            for _, acts in self.script:
                for act in acts:
                    head = stamps[act[1]] + act[2]
                    kind = act[0]
                    if kind == ACT_DIR or kind == ACT_FD1:
                        if head:
                            data = head + body[:-1].replace(b"\n", b"\n" + head) + b"\n"
                        else:
                            data = body
                        if kind == ACT_DIR:
                            act[3].out.append(data)
                        else:
                            self.out1.append(data)
                    elif kind != ACT_NOTHING:
                        if lines is None:
                            lines = body[:-1].split(b"\n")
                        self.act_lines(act, head, lines)
            return
        if lines is None:
            lines = body[:-1].split(b"\n")
        mlines = lines
        count = len(lines)
        selected = [True] * count
        acted = [False] * count
        for sels, acts in self.script:
            for kind, rx in sels:
                if kind == SEL_F:
                    selected = [not a for a in acted]
                elif kind == SEL_PLUS:
                    search = rx.search
                    selected = [s or search(m) is not None for s, m in zip(selected, mlines)]
                else:
                    search = rx.search
                    selected = [s and search(m) is None for s, m in zip(selected, mlines)]
            chosen = [x for x, s in zip(lines, selected) if s]
            if not chosen:
                continue
            acted = [a or s for a, s in zip(acted, selected)]
            for act in acts:
                self.act_lines(act, stamps[act[1]] + act[2], chosen)

    def act_lines(self, act, head, lines):
        kind = act[0]
        if kind == ACT_DIR or kind == ACT_FD1:
            if head:
                data = head + (b"\n" + head).join(lines) + b"\n"
            else:
                data = b"\n".join(lines) + b"\n"
            if kind == ACT_DIR:
                act[3].out.append(data)
            else:
                self.out1.append(data)
        elif kind == ACT_FD2:
            size = act[3]
            start = PROG + b": alert: " + head
            parts = []
            for line in lines:
                if size and size + 3 < len(line):
                    parts.append(start + line[:size] + b"...\n")
                else:
                    parts.append(start + line + b"\n")
            write_stderr(b"".join(parts))
        elif kind == ACT_STATUS:
            # only the last line of a batch survives the successive updates
            self.write_status(act[3], head + lines[-1] + b"\n")

    def write_status(self, target, data):
        path, size = target
        if size:
            if len(data) > size:
                data = data[:size]
            else:
                data = data[:-1] + b"\n" * (size - len(data) + 1)
        tmp = path + b".new"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NONBLOCK, 0o666)
            try:
                write_all(fd, data)
            finally:
                os.close(fd)
            os.rename(tmp, path)
        except OSError as e:
            self.warnsys(b"write status file " + path, e.errno)

    # output ------------------------------------------------------------------
    def flush_stdout(self):
        data = b"".join(self.out1)
        self.out1 = []
        while data:
            try:
                r = os.write(1, data)
            except (BlockingIOError, InterruptedError):
                self.out1 = [data]
                return
            except OSError as e:
                write_stderr(PROG + b": warning: unable to write to stdout, closing the stream"
                             b" - error was: " + strerror(e.errno) + b"\n")
                try:
                    os.close(1)
                except OSError:
                    pass
                self.fd1_ok = False
                for _, acts in self.script:
                    for act in acts:
                        if act[0] == ACT_FD1:
                            act[0] = ACT_NOTHING
                return
            data = data[r:]

    # signals -----------------------------------------------------------------
    def handle_signals(self):
        # The Python-level handler queued the signals; the self-pipe only
        # wakes poll up. A signal delivered just as poll returned on another
        # fd is already in the queue here, so none is lost at exit.
        try:
            os.read(self.sigr, 256)
        except (BlockingIOError, InterruptedError):
            pass
        while _SIGNALS:
            sig = _SIGNALS.pop(0)
            if sig == signal.SIGALRM:
                for ld in self.logdirs:
                    if ld.rstate == WRITABLE and ld.b:
                        ld.rstate = START
                        ld.rotate()
            elif sig == signal.SIGTERM and self.protect:
                continue
            elif sig in (signal.SIGTERM, signal.SIGHUP):
                if not self.exiting:
                    self.last_mode = True
                    if not self.partial:
                        self.prepare_to_exit()
            elif sig == signal.SIGCHLD:
                self.reap()

    def reap(self):
        while True:
            try:
                pid, wstat = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            except InterruptedError:
                continue
            if pid <= 0:
                return
            for ld in self.logdirs:
                if ld.pid == pid:
                    ld.processor_died(wstat)
                    break

    # the loop ----------------------------------------------------------------
    def loop(self):
        import select
        POLLIN = select.POLLIN | select.POLLHUP
        POLLOUT = select.POLLOUT
        monotonic = time.monotonic
        logdirs = self.logdirs
        sigr = self.sigr
        while True:
            if _SIGNALS:
                self.handle_signals()
            now = monotonic()
            pending = False
            deadline = INFINITY
            due = []
            poller = select.poll()
            poller.register(sigr, POLLIN)
            want1 = self.fd1_ok and bool(self.out1)
            if want1:
                pending = True
                poller.register(1, POLLOUT | select.POLLERR)
            for ld in logdirs:
                if ld.out or ld.rstate != WRITABLE:
                    pending = True
                    if ld.deadline <= now:
                        due.append(ld)
                    elif ld.deadline < deadline:
                        deadline = ld.deadline
            if self.exiting and not pending:
                break
            want0 = not self.exiting and not (self.block and pending)
            if want0:
                poller.register(0, POLLIN)
            if due:
                timeout = 0
            elif deadline == INFINITY:
                timeout = None
            else:
                timeout = max(0, int((deadline - now) * 1000) + 1)
            try:
                events = poller.poll(timeout)
            except InterruptedError:
                continue
            got0 = got1 = 0
            if _SIGNALS:
                self.handle_signals()
            for fd, ev in events:
                if fd == sigr:
                    self.handle_signals()
                elif fd == 0:
                    got0 = ev
                elif fd == 1:
                    got1 = ev
            if want1 and got1:
                self.flush_stdout()
            for ld in due:
                ld.rotate_or_flush()
            if want0 and got0 and not self.exiting:
                if got0 & POLLIN:
                    if self.last_mode:
                        self.read_last()
                    else:
                        self.read_normal()
                else:
                    self.prepare_to_exit()
                    if self.partial:
                        line = self.partial
                        self.partial = b""
                        self.run_batch(line + b"\n", [line])

    def finalize(self):
        todo = [ld for ld in self.logdirs if ld.rstate != END]
        while todo:
            deadline = time.monotonic() + 2
            left = []
            for ld in todo:
                if not ld.finalize():
                    left.append(ld)
                    deadline = min(deadline, ld.deadline)
            todo = left
            if todo:
                time.sleep(max(0.0, deadline - time.monotonic()))


def _split_long(lines, limit):
    out = []
    for line in lines:
        while len(line) > limit:
            out.append(line[:limit])
            line = line[limit:]
        out.append(line)
    return out


class Logdir:
    """One logdir: its buffer, its ``current`` and its rotation state."""

    def __init__(self, logger, path, s, n, tolerance, maxdirsize, retry, processor):
        self.logger = logger
        self.dir = path
        self.s = s
        self.n = n
        self.tolerance = tolerance
        self.maxdirsize = maxdirsize
        self.retry = retry
        self.processor = processor
        self.out = []
        self.b = 0
        self.fd = -1
        self.fdlock = -1
        self.pid = 0
        self.rstate = WRITABLE
        self.deadline = 0.0

    def path(self, name):
        return self.dir + b"/" + name

    # start-up ----------------------------------------------------------------
    def init(self):
        d = self.dir
        try:
            os.mkdir(d, 0o2700)
        except FileExistsError:
            pass
        except OSError as e:
            raise SysFail(b"mkdir " + d, e) from None
        lock = self.path(b"lock")
        try:
            self.fdlock = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_NONBLOCK, 0o666)
        except OSError as e:
            raise SysFail(b"open " + lock, e) from None
        import fcntl
        try:
            fcntl.lockf(self.fdlock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            err = 16 if e.errno in (11, 13) else e.errno
            raise SysFail(b"lock " + lock, err) from None
        current = self.path(b"current")
        size = 0
        clean = False
        try:
            st = os.stat(current)
            if st.st_mode & 0o100:
                clean = True
                size = st.st_size
        except FileNotFoundError:
            pass
        except OSError as e:
            raise SysFail(b"stat " + current, e) from None
        if not clean:
            for name in (b"state", b"newstate"):
                try:
                    os.unlink(self.path(name))
                except OSError:
                    pass
            processed = self.path(b"processed")
            done = False
            try:
                done = bool(os.stat(processed).st_mode & 0o100)
            except FileNotFoundError:
                pass
            except OSError as e:
                raise SysFail(b"stat " + processed, e) from None
            if done:
                try:
                    os.unlink(self.path(b"previous"))
                except OSError:
                    pass
                self.finish_or_die(b"processed", b"s")
            else:
                try:
                    os.unlink(processed)
                except OSError:
                    pass
                self.finish_or_die(b"previous", b"u")
            self.finish_or_die(b"current", b"u")
            state = self.path(b"state")
            try:
                os.close(os.open(state, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NONBLOCK, 0o666))
            except OSError as e:
                raise SysFail(b"open_trunc " + state, e) from None
        try:
            self.fd = os.open(current, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NONBLOCK, 0o666)
        except OSError as e:
            raise SysFail(b"open_append " + current, e) from None
        try:
            os.fchmod(self.fd, 0o644)
        except OSError as e:
            raise SysFail(b"fd_chmod " + current, e) from None
        self.b = size
        self.deadline = time.monotonic()

    def finish_or_die(self, name, suffix):
        try:
            self.finish(name, suffix)
        except OSError as e:
            raise SysFail(b"finish " + name + b" ." + suffix + b" for logdir " + self.dir, e) from None

    # archives ----------------------------------------------------------------
    def finish(self, name, suffix):
        """Archive ``name`` as @<now>.<suffix>, then trim. Raises OSError."""
        x = self.path(name)
        try:
            st = os.stat(x)
        except FileNotFoundError:
            return
        if st.st_nlink == 1:
            os.link(x, self.dir + b"/" + tai.label_now() + b"." + suffix)
        os.unlink(x)
        self.trim()

    def trim(self):
        names = []
        total = 0
        for entry in os.scandir(self.dir):
            name = entry.name
            if not _is_archive(name):
                continue
            try:
                size = entry.stat().st_size
            except OSError as e:
                self.logger.warnsys(b"stat " + self.path(name), e.errno)
                continue
            names.append((name[1:26], name, size))
            total += size
        if len(names) <= self.n and (not self.maxdirsize or total <= self.maxdirsize):
            return
        names.sort()
        i = len(names)
        k = 0
        while i > self.n + k or (self.maxdirsize and total > self.maxdirsize):
            if k >= i:
                break
            name, size = names[k][1], names[k][2]
            try:
                os.unlink(self.path(name))
                total -= size
            except OSError as e:
                if e.errno == 2:
                    total -= size
                self.logger.warnsys(b"unlink " + self.path(name), e.errno)
            k += 1

    # rotation ----------------------------------------------------------------
    def rotate(self):
        """Run the rotation from its current state; True when it is done."""
        warnsys = self.logger.warnsys
        d = self.dir
        try:
            state = self.rstate
            if state == START:
                step = b"fd_sync " + d + b"/current"
                os.fsync(self.fd)
                state = self.rstate = RENAME
            if state == RENAME:
                step = b"rename " + d + b"/current to " + d + b"/previous"
                os.rename(self.path(b"current"), self.path(b"previous"))
                state = self.rstate = NEWCURRENT
            if state == NEWCURRENT:
                x = self.path(b"current")
                step = b"open_append " + x
                fd = os.open(x, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NONBLOCK, 0o666)
                try:
                    step = b"fchmod " + x + b" to 0644"
                    os.fchmod(fd, 0o644)
                except OSError:
                    os.close(fd)
                    raise
                os.close(self.fd)
                self.fd = fd
                self.b = 0
                state = self.rstate = CHMODPREVIOUS
            if state == CHMODPREVIOUS:
                x = self.path(b"previous")
                step = b"chmod " + x + b" to 0744"
                os.chmod(x, 0o744)
                state = self.rstate = RUNPROCESSOR if self.processor else FINISHPREVIOUS
            if state == FINISHPREVIOUS:
                step = b"finish previous .s to logdir " + d
                self.finish(b"previous", b"s")
                self.deadline = time.monotonic()
                self.rstate = WRITABLE
                return True
            if state == RUNPROCESSOR:
                step = b"fork processor for logdir " + d
                self.pid = self.spawn_processor()
                self.deadline = INFINITY
                self.rstate = WAITPROCESSOR
                return False
            if state == WAITPROCESSOR:
                return False
            if state == SYNCPROCESSED:
                x = self.path(b"processed")
                step = b"open_append " + x
                fd = os.open(x, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NONBLOCK, 0o666)
                try:
                    step = b"fd_sync " + x
                    os.fsync(fd)
                    step = b"fd_chmod " + x + b" to 0744"
                    os.fchmod(fd, 0o744)
                finally:
                    os.close(fd)
                state = self.rstate = SYNCNEWSTATE
            if state == SYNCNEWSTATE:
                x = self.path(b"newstate")
                step = b"open_append " + x
                fd = os.open(x, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NONBLOCK, 0o666)
                try:
                    step = b"fd_sync " + x
                    os.fsync(fd)
                finally:
                    os.close(fd)
                state = self.rstate = UNLINKPREVIOUS
            if state == UNLINKPREVIOUS:
                x = self.path(b"previous")
                step = b"open_append " + x  # sic: s6-log's own wording for this step
                try:
                    os.unlink(x)
                except FileNotFoundError:
                    pass
                state = self.rstate = RENAMESTATE
            if state == RENAMESTATE:
                step = b"rename " + d + b"/newstate to " + d + b"/state"
                os.rename(self.path(b"newstate"), self.path(b"state"))
                state = self.rstate = FINISHPROCESSED
            if state == FINISHPROCESSED:
                step = b"finish processed .s to logdir " + d
                self.finish(b"processed", b"s")
                self.deadline = time.monotonic()
                self.rstate = WRITABLE
                return True
            raise Die(101, b"inconsistent state in rotator()")
        except OSError as e:
            warnsys(step, e.errno)
            self.deadline = time.monotonic() + self.retry
            return False

    def spawn_processor(self):
        kind, text = self.processor
        logger = self.logger
        pid = os.fork()
        if pid:
            return pid
        code = 111
        try:
            code = _processor_child(logger, self.dir, kind, text)
        finally:
            os._exit(code)

    def processor_died(self, wstat):
        self.pid = 0
        if os.WIFSIGNALED(wstat) or os.WEXITSTATUS(wstat):
            self.logger.warn((b"processor crashed in " if os.WIFSIGNALED(wstat)
                              else b"processor failed in ") + self.dir)
            self.deadline = time.monotonic() + self.retry
            self.rstate = RUNPROCESSOR
        else:
            self.rstate = SYNCPROCESSED
            self.rotate()

    # writing -----------------------------------------------------------------
    def flush(self):
        while self.out:
            data = self.out[0] if len(self.out) == 1 else b"".join(self.out)
            k = data.rfind(b"\n")
            n = k + 1 if k >= 0 else len(data)
            try:
                r = os.write(self.fd, data[:n] if n < len(data) else data)
            except (BlockingIOError, InterruptedError):
                self.out = [data]
                return
            except OSError as e:
                self.out = [data]
                self.deadline = time.monotonic() + self.retry
                self.logger.warnsys(b"write to " + self.dir + b"/current", e.errno)
                return
            self.b += r
            self.out = [data[r:]] if r < len(data) else []
            if self.b + self.tolerance >= self.s and data[r - 1] == 0x0A:
                self.rstate = START
                self.rotate()

    def rotate_or_flush(self):
        if self.rstate != WRITABLE and not self.rotate():
            return
        if self.b >= self.s:
            self.rstate = START
            if not self.rotate():
                return
        self.flush()

    def finalize(self):
        try:
            if self.rstate == WRITABLE:
                step = b"fd_sync " + self.dir + b"/current"
                os.fsync(self.fd)
                self.rstate = ENDFCHMOD
            if self.rstate == ENDFCHMOD:
                step = b"fd_chmod " + self.dir + b"/current to 0744"
                os.fchmod(self.fd, 0o744)
                self.rstate = END
                return True
            raise Die(101, b"inconsistent state in logdir_finalize()")
        except OSError as e:
            self.logger.warnsys(step, e.errno)
            self.deadline = time.monotonic() + self.retry
            return False


def _is_archive(name):
    """An archive is @ + 24 hex digits (a valid TAI64N label) + .s or .u."""
    return (len(name) == 27 and name[25] == 0x2E and name[26] in (0x73, 0x75)
            and tai.scan_label(name[:25]) is not None)


def _processor_child(logger, d, kind, text):
    """In the forked child: set up fds 0, 1, 4, 5 in the logdir and run the
    processor. Returns an exit code only on failure."""
    prog = PROG + b" (processor child)"

    def die(what, err):
        write_stderr(prog + b": fatal: unable to " + what + b": " + strerror(err) + b"\n")
        return 111

    for sig in (signal.SIGHUP, signal.SIGALRM, signal.SIGTERM, signal.SIGCHLD):
        signal.signal(sig, signal.SIG_DFL)
    signal.set_wakeup_fd(-1)
    try:
        os.chdir(d)
    except OSError as e:
        return die(b"chdir to " + d, e.errno)
    plan = ((b"previous", os.O_RDONLY, 0, b"open_readb "),
            (b"processed", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 1, b"open_trunc "),
            (b"state", os.O_RDONLY, 4, b"open_readb "),
            (b"newstate", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 5, b"open_trunc "))
    for name, flags, target, verb in plan:
        try:
            fd = os.open(name, flags, 0o666)
        except OSError as e:
            return die(verb + d + b"/" + name, e.errno)
        try:
            if fd != target:
                os.dup2(fd, target)
                os.close(fd)
            else:
                os.set_inheritable(fd, True)
        except OSError as e:
            return die(b"fd_move " + d + b"/" + name, e.errno)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
    env = logger.ctx.env
    if kind == b"?":
        argv = [b"/bin/sh", b"-c", text]
    else:
        argv = [b"execlineb", b"-Pc", text]
        try:
            from execpy import commands
            from execpy.engine import core
            mod = commands.load(b"execlineb")
        except Exception:  # noqa: BLE001 - fall back to an external execlineb
            mod = None
        if mod is not None:
            core.set_lookup(commands.load)
            ctx = core.Ctx(dict(env), mod.PROG)
            return core.run(ctx, argv, first=mod)
    try:
        if b"/" in argv[0]:
            os.execve(argv[0], argv, env)
        from execpy.engine.core import find_executable
        os.execve(find_executable(argv[0], env), argv, env)
    except OSError as e:
        die(b"exec " + argv[0], e.errno)
        return 127 if e.errno == 2 else 126


def _sanitize_fds():
    """Make sure fds 0, 1 and 2 are open (on /dev/null if they were not)."""
    import fcntl
    for fd in (0, 1, 2):
        try:
            fcntl.fcntl(fd, fcntl.F_GETFD)
        except OSError:
            nfd = os.open("/dev/null", os.O_RDONLY if fd == 0 else os.O_WRONLY)
            if nfd != fd:
                os.dup2(nfd, fd)
                os.close(nfd)


_SIGNALS = []


def _queue_signal(signum, frame):
    _SIGNALS.append(signum)


def main(ctx, argv):
    logger = Logger(ctx)
    notif, i = _options(logger, argv)
    script = argv[i:]
    if not script:
        raise Usage(USAGE)
    if logger.linelimit and logger.linelimit < LINELIMIT_MIN:
        logger.linelimit = LINELIMIT_MIN
    _sanitize_fds()
    for fd, name in ((0, b"in"), (1, b"out")):
        try:
            os.set_blocking(fd, False)
        except OSError as e:
            raise SysFail(b"set std" + name + b" non-blocking", e) from None
    logger.first_pass(script)
    logger.second_pass(script)

    sigr, sigw = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    logger.sigr = sigr
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    signal.set_wakeup_fd(sigw, warn_on_full_buffer=False)
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGALRM, signal.SIGCHLD):
        signal.signal(sig, _queue_signal)
    if notif is not None:
        try:
            os.write(notif, b"\n")
        except OSError:
            pass
        try:
            os.close(notif)
        except OSError:
            pass
    logger.loop()
    logger.finalize()
    return Exit(0)


def _each_option(argv, optstring):
    """Options one at a time, then ``(None, index of the first operand)``.
    A bad option raises Usage when it is reached, so earlier options have
    acted already (s6-log checks -d inside its option loop)."""
    scan = Scan(argv, optstring)
    for letter, arg in scan:
        if arg is UNKNOWN or arg is MISSING:
            raise Usage(USAGE)
        yield letter, arg
    yield None, scan.index


def _options(logger, argv):
    notif = None
    for opt, arg in _each_option(argv, b"qvbpl:d:"):
        if opt is None:
            return notif, arg
        if opt == b"q":
            if logger.verbosity:
                logger.verbosity -= 1
        elif opt == b"v":
            logger.verbosity += 1
        elif opt == b"b":
            logger.block = True
        elif opt == b"p":
            logger.protect = True
        elif opt == b"l":
            v = _uint(arg, U32)
            if v is None:
                raise Usage(USAGE)
            logger.linelimit = v
        elif opt == b"d":
            v = _uint(arg, U32)
            if v is None:
                raise Usage(USAGE)
            if v < 3:
                raise Die(100, b"notification fd must be 3 or more")
            import fcntl
            try:
                fcntl.fcntl(v, fcntl.F_GETFD)
            except OSError as e:
                raise Die(100, b"invalid notification fd: " + strerror(e.errno)) from None
            notif = v
