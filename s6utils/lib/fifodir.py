"""The event fifodir protocol (s6's ftrig), byte-compatible with s6 2.11.3.2.

A fifodir is a directory where listeners put named pipes. A notifier writes
its event bytes to every pipe it finds there; a listener reads them.

Listener pipe names are ``ftrig1:@`` + the TAI64N label of their creation
(24 hex digits) + ``:`` + 6 random characters: 39 bytes exactly. A
listener creates its pipe under a dot name (``.ftrig1:...``), opens it,
then renames it, so a notifier never sees a pipe nobody reads yet.

A notifier opens each pipe for writing without blocking. ENXIO means no
reader: the listener died and left a stale pipe, which the notifier
removes; so does a write failing with EPIPE. A full pipe is the reader's
problem: the notifier never blocks on it.

Fifodirs are mode 01733 (anyone may add a pipe, nobody may list) or, when a
group is given, 03730 with that group: only its members may subscribe.
s6-supervise makes ``event/`` the second way, with its own group.
"""

import errno
import os
import _signal as signal  # the C module: "signal" would import enum (~4 ms)
import time

from s6utils.lib.files import unlink_quiet
from s6utils.lib.tai import label_now

EVENTDIR = b"event"  # a service directory's fifodir
PREFIX = b"ftrig1"
NAME_LEN = len(PREFIX) + 33  # "ftrig1:@" + 24 hex + ":" + 6 random
_RANDOM_CHARS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


# --------------------------------------------------------------------------
# fifodirs

def fifodir_make(path, gid=-1, force=False):
    """Create fifodir ``path`` as s6-mkfifodir does.

    Created 0700 and then chmod'ed to 03730 (gid given: the directory is
    chown'ed to it) or 01733. An existing directory owned by us is accepted
    as is unless ``force``; one owned by someone else is EACCES. Raises
    OSError."""
    old = os.umask(0)
    try:
        os.mkdir(path, 0o700)
    except OSError as e:
        os.umask(old)
        if e.errno != errno.EEXIST:
            raise
        st = os.stat(path)
        if st.st_uid != os.getuid():
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), path) from None
        if (st.st_mode & 0o170000) != 0o040000:
            raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), path) from None
        if not force:
            return
    else:
        os.umask(old)
    if gid != -1:
        os.chown(path, -1, gid)
    os.chmod(path, 0o3730 if gid != -1 else 0o1733)


def _is_listener_name(name):
    return len(name) == NAME_LEN and name.startswith(PREFIX + b":@")


def _join(path, name):
    if isinstance(path, str):
        path = os.fsencode(path)
    return path + b"/" + name


# --------------------------------------------------------------------------
# notifier side

def notify(fifodir, event):
    """Write ``event`` (bytes) to every listener of ``fifodir``.

    Returns the number of listeners that got the whole event. Stale pipes
    (no reader) are removed. Raises OSError if the directory cannot be
    read. SIGPIPE is ignored for the duration, so a reader that vanishes
    mid-write costs an EPIPE, not our life."""
    if isinstance(fifodir, str):
        fifodir = os.fsencode(fifodir)
    restore = None
    try:
        restore = signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    except ValueError:  # not the main thread: SIGPIPE is whatever it is
        restore = None
    try:
        return _notify(fifodir, event)
    finally:
        if restore is not None:
            signal.signal(signal.SIGPIPE, restore)


def _open_listeners(fifodir):
    """(path, write fd) of every live listener pipe; stale ones (nobody
    reads them) are removed on the way."""
    with os.scandir(fifodir) as it:
        for entry in it:
            if not _is_listener_name(entry.name):
                continue
            path = _join(fifodir, entry.name)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC)
            except OSError as e:
                if e.errno == errno.ENXIO:
                    unlink_quiet(path)
                continue
            yield path, fd


def _notify(fifodir, event):
    count = 0
    for path, fd in _open_listeners(fifodir):
        try:
            try:
                n = os.write(fd, event) if event else 0
            except OSError as e:
                if e.errno == errno.EPIPE:
                    unlink_quiet(path)
                continue
            if n == len(event):
                count += 1
        finally:
            os.close(fd)
    return count


def clean(fifodir):
    """Remove the stale listener pipes of ``fifodir`` (s6-cleanfifodir)."""
    if isinstance(fifodir, str):
        fifodir = os.fsencode(fifodir)
    for _, fd in _open_listeners(fifodir):
        os.close(fd)




# --------------------------------------------------------------------------
# listener side

def _random_suffix():
    raw = os.urandom(6)
    return bytes(_RANDOM_CHARS[b % len(_RANDOM_CHARS)] for b in raw)


class Listener:
    """One subscription to a fifodir: a pipe of ours inside it.

    ``fd`` is the non-blocking read end (poll it for POLLIN); ``read()``
    returns the bytes that arrived. We also hold a write end, so the pipe
    never reports end-of-file when a notifier closes it. ``close()``
    removes the pipe; use the object as a context manager."""

    def __init__(self, fifodir):
        if isinstance(fifodir, str):
            fifodir = os.fsencode(fifodir)
        self.fifodir = fifodir
        self.fd = -1
        self._fdw = -1
        self.path = None
        for _ in range(100):
            name = PREFIX + b":" + label_now() + b":" + _random_suffix()
            tmp = _join(fifodir, b"." + name)
            try:
                os.mkfifo(tmp, 0o600)
            except FileExistsError:
                continue
            break
        else:
            raise OSError(errno.EEXIST, os.strerror(errno.EEXIST), tmp)
        try:
            self.fd = os.open(tmp, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
            self._fdw = os.open(tmp, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC)
            final = _join(fifodir, name)
            os.rename(tmp, final)
            self.path = final
        except BaseException:
            self._close_fds()
            unlink_quiet(tmp)
            raise

    def _close_fds(self):
        for fd in (self.fd, self._fdw):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.fd = self._fdw = -1

    def drop(self):
        """Close our fds and leave the pipe in place: what a forked child
        does with its copy of a subscription that stays its parent's."""
        self._close_fds()
        self.path = None

    def read(self):
        """What has arrived so far (possibly b""); never blocks."""
        chunks = []
        while True:
            try:
                data = os.read(self.fd, 4096)
            except BlockingIOError:
                break
            except InterruptedError:
                continue
            if not data:
                break
            chunks.append(data)
            if len(data) < 4096:
                break
        return b"".join(chunks)

    def wait(self, deadline=None):
        """Block until some bytes arrive or ``deadline`` (time.monotonic()
        value, None = forever) passes; returns the bytes (b"" on timeout)."""
        import select
        poller = select.poll()
        poller.register(self.fd, select.POLLIN)
        while True:
            data = self.read()
            if data:
                return data
            if deadline is None:
                timeout = None
            else:
                timeout = int((deadline - time.monotonic()) * 1000 + 0.999)
                if timeout <= 0:
                    return b""
            try:
                poller.poll(timeout)
            except InterruptedError:
                pass

    def close(self):
        if self.path is not None:
            unlink_quiet(self.path)
            self.path = None
        self._close_fds()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass


def wait_for(listener, match, deadline=None):
    """Feed every byte the listener gets to ``match(byte) -> bool`` until it
    returns True; return True, or False if ``deadline`` passed first."""
    while True:
        data = listener.wait(deadline)
        if not data:
            return False
        for c in data:
            if match(c):
                return True


def wait_sequence(listener, pattern, deadline=None):
    """Wait until the events received, in order, contain ``pattern`` (an
    extended regular expression over bytes, searched in everything received
    so far, where ``^`` and ``$`` never match, as s6-ftrigrd does). Returns
    the last byte of the match (an int: what s6-ftrig-wait prints), or None
    on timeout."""
    import re  # only listeners that want a regexp pay for it
    rx = re.compile(pattern) if isinstance(pattern, bytes) else pattern
    got = b""
    while True:
        data = listener.wait(deadline)
        if not data:
            return None
        got += data
        m = rx.search(got)
        if m and m.end() > 0:
            return got[m.end() - 1]
