"""One logdir: its lock and its recovery at start-up, its buffer written to
``current``, and the rotation state machine (with the processor's turn),
each step retried after the logdir's cooldown when it fails."""

import os
import time

from execpy.errors import Die, SysFail
from s6utils.lib import files
from s6utils.log.processor import start as start_processor
from s6utils.log.archive import archive

# rotation states
WRITABLE, START, RENAME, NEWCURRENT, CHMODPREVIOUS, FINISHPREVIOUS, \
    RUNPROCESSOR, WAITPROCESSOR, SYNCPROCESSED, SYNCNEWSTATE, UNLINKPREVIOUS, \
    RENAMESTATE, FINISHPROCESSED, ENDFCHMOD, END = range(15)

INFINITY = float("inf")
_APPEND = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NONBLOCK


class Logdir:
    """One logdir: its buffer, its ``current`` and its rotation state.

    ``loop`` is set by the I/O loop before it runs: it watches the
    processor's pid (``watch_child``) and gives the forked child the signal
    state s6-log started with (``restore_signals``)."""

    __slots__ = ("config", "dir", "s", "n", "tolerance", "maxdirsize", "retry", "processor",
                 "out", "b", "fd", "fdlock", "rstate", "step", "deadline", "loop")

    def __init__(self, config, path, knobs, processor):
        self.config = config
        self.dir = path
        self.s = knobs[b"s"]
        self.n = knobs[b"n"]
        self.tolerance = knobs[b"l"]
        self.maxdirsize = knobs[b"S"]
        self.retry = knobs[b"r"] / 1000.0
        self.processor = processor   # (b"!" or b"?", text) or None
        self.out = []                # data waiting for current
        self.b = 0                   # the size of current
        self.fd = -1
        self.fdlock = -1
        self.rstate = WRITABLE
        self.step = b""
        self.deadline = 0.0          # when a failed step may be tried again
        self.loop = None

    def path(self, name):
        return self.dir + b"/" + name

    # start-up ----------------------------------------------------------------
    def open(self):
        """Create and lock the logdir, archive what a crash left, open current."""
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
            self.recover()
        try:
            self.fd = os.open(current, _APPEND, 0o666)
        except OSError as e:
            raise SysFail(b"open_append " + current, e) from None
        try:
            os.fchmod(self.fd, 0o644)
        except OSError as e:
            raise SysFail(b"fd_chmod " + current, e) from None
        self.b = size
        self.deadline = time.monotonic()

    def recover(self):
        """After a crash: finish what a rotation left, archive current as .u."""
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
            self.archive_or_die(b"processed", b"s")
        else:
            try:
                os.unlink(processed)
            except OSError:
                pass
            self.archive_or_die(b"previous", b"u")
        self.archive_or_die(b"current", b"u")
        state = self.path(b"state")
        try:
            files.truncate(state)
        except OSError as e:
            raise SysFail(b"open_trunc " + state, e) from None

    def archive_or_die(self, name, suffix):
        try:
            archive(self, name, suffix)
        except OSError as e:
            raise SysFail(b"finish " + name + b" ." + suffix + b" for logdir " + self.dir, e) from None

    # rotation ----------------------------------------------------------------
    def rotate(self):
        """Run the rotation from its current state, step after step (see
        _ROTATION); True when it is done, False while it waits for the
        processor or, after a failed step, for the cooldown."""
        try:
            while True:
                state = self.rstate
                if state == WRITABLE:
                    return True
                if state == WAITPROCESSOR:
                    return False
                step = _ROTATION.get(state)
                if step is None:
                    raise Die(101, b"inconsistent state in rotator()")
                self.rstate = step(self)
        except OSError as e:
            return self.retry_later(e.errno)

    def retry_later(self, err):
        """``step`` failed: warn, and try again after the cooldown. False."""
        self.config.warnsys(self.step, err)
        self.deadline = time.monotonic() + self.retry
        return False

    # The steps: each names itself in ``step`` (s6-log's words for its
    # failure), raises OSError or returns the next state.
    def sync_current(self):
        self.step = b"fd_sync " + self.dir + b"/current"
        os.fsync(self.fd)
        return RENAME

    def rename(self, old, new, then):
        self.step = b"rename " + self.path(old) + b" to " + self.path(new)
        os.rename(self.path(old), self.path(new))
        return then

    def new_current(self):
        x = self.path(b"current")
        self.step = b"open_append " + x
        fd = os.open(x, _APPEND, 0o666)
        try:
            self.step = b"fchmod " + x + b" to 0644"
            os.fchmod(fd, 0o644)
        except OSError:
            os.close(fd)
            raise
        os.close(self.fd)
        self.fd = fd
        self.b = 0
        return CHMODPREVIOUS

    def chmod_previous(self):
        x = self.path(b"previous")
        self.step = b"chmod " + x + b" to 0744"
        os.chmod(x, 0o744)
        return RUNPROCESSOR if self.processor else FINISHPREVIOUS

    def finish(self, name):
        """Archive ``name`` as .s: the rotation is over."""
        self.step = b"finish " + name + b" .s to logdir " + self.dir
        archive(self, name, b"s")
        self.deadline = time.monotonic()
        return WRITABLE

    def run_processor(self):
        self.step = b"fork processor for logdir " + self.dir
        pid = start_processor(self, self.loop.restore_signals)
        self.loop.watch_child(pid, self.processor_exited)
        self.deadline = INFINITY
        return WAITPROCESSOR

    def sync(self, name, then):
        """fsync what the processor wrote in ``name``; ``processed`` is
        then marked complete (0744)."""
        x = self.path(name)
        self.step = b"open_append " + x
        fd = os.open(x, _APPEND, 0o666)
        try:
            self.step = b"fd_sync " + x
            os.fsync(fd)
            if name == b"processed":
                self.step = b"fd_chmod " + x + b" to 0744"
                os.fchmod(fd, 0o744)
        finally:
            os.close(fd)
        return then

    def unlink_previous(self):
        x = self.path(b"previous")
        self.step = b"open_append " + x  # sic: s6-log's own wording for this step
        try:
            os.unlink(x)
        except FileNotFoundError:
            pass
        return RENAMESTATE

    def processor_exited(self, pid, wstat):
        """The processor is done: on success, the rotation goes on."""
        if os.WIFSIGNALED(wstat) or os.WEXITSTATUS(wstat):
            self.config.warn((b"processor crashed in " if os.WIFSIGNALED(wstat)
                              else b"processor failed in ") + self.dir)
            self.deadline = time.monotonic() + self.retry
            self.rstate = RUNPROCESSOR
        else:
            self.rstate = SYNCPROCESSED
            self.rotate()

    # writing -----------------------------------------------------------------
    def flush(self):
        """Write the buffer to current, up to its last newline, rotating
        when current is full."""
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
                self.step = b"write to " + self.dir + b"/current"
                self.retry_later(e.errno)
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
        """At exit: fsync current and mark it complete (0744); True when done."""
        try:
            if self.rstate == WRITABLE:
                self.step = b"fd_sync " + self.dir + b"/current"
                os.fsync(self.fd)
                self.rstate = ENDFCHMOD
            if self.rstate == ENDFCHMOD:
                self.step = b"fd_chmod " + self.dir + b"/current to 0744"
                os.fchmod(self.fd, 0o744)
                self.rstate = END
                return True
            raise Die(101, b"inconsistent state in logdir_finalize()")
        except OSError as e:
            return self.retry_later(e.errno)


# state -> the step that leaves it (WRITABLE and WAITPROCESSOR have none)
_ROTATION = {
    START: Logdir.sync_current,
    RENAME: lambda ld: ld.rename(b"current", b"previous", NEWCURRENT),
    NEWCURRENT: Logdir.new_current,
    CHMODPREVIOUS: Logdir.chmod_previous,
    FINISHPREVIOUS: lambda ld: ld.finish(b"previous"),
    RUNPROCESSOR: Logdir.run_processor,
    SYNCPROCESSED: lambda ld: ld.sync(b"processed", SYNCNEWSTATE),
    SYNCNEWSTATE: lambda ld: ld.sync(b"newstate", UNLINKPREVIOUS),
    UNLINKPREVIOUS: Logdir.unlink_previous,
    RENAMESTATE: lambda ld: ld.rename(b"newstate", b"state", FINISHPROCESSED),
    FINISHPROCESSED: lambda ld: ld.finish(b"processed"),
}
