"""Putting service directories under a running s6-svscan and taking them
out again, as s6 2.15's s6_supervise_link_names and s6_supervise_unlink do
for s6-rc.

Linking: each servicedir not yet supervised gets a ``down`` file (if asked:
the service must not start) and its ``event/`` fifodir, which we subscribe
to before anything starts; then the links are made in the scan directory,
s6-svscan is told to rescan (``a``), and we wait until every new supervisor
has announced itself (event ``s``).
"""

import errno
import os
import select
import stat
import time

from s6utils.lib import control
from s6utils.lib import fifodir as ftrig
from s6utils.lib.files import unlink_quiet


def _supervised(servicedir):
    """Whether a supervisor runs on servicedir (and on its log/, which must
    agree); OSError."""
    h = control.svc_ok(servicedir)
    try:
        st = os.stat(servicedir + b"/log")
    except FileNotFoundError:
        return h, False
    if not stat.S_ISDIR(st.st_mode):
        raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
    if control.svc_ok(servicedir + b"/log") != h:
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
    return h, True


def _register(servicedir, down, listeners):
    if down:
        fd = os.open(servicedir + b"/down", os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC,
                     0o666)
        os.close(fd)
    eventdir = servicedir + b"/" + ftrig.EVENTDIR
    ftrig.fifodir_make(eventdir, os.getegid())
    listeners.append(ftrig.Listener(eventdir))


def link(scandir, servicedirs, names, down, deadline):
    """Link ``servicedirs[i]`` as ``scandir/names[i]`` and wait (until the
    time.monotonic() ``deadline``, None for ever) for their supervisors.
    Returns how many supervisors were started. OSError: ENXIO when no
    s6-svscan listens, ETIMEDOUT; what was linked is unlinked again."""
    states = [_supervised(d) for d in servicedirs]
    listeners = []
    done = 0
    started = False
    try:
        for servicedir, name, (running, logged) in zip(servicedirs, names, states):
            if not running:
                _register(servicedir, down, listeners)
                if logged:
                    _register(servicedir + b"/log", down, listeners)
            src = servicedir if servicedir[:1] == b"/" else os.path.realpath(servicedir)
            try:
                os.symlink(src, scandir + b"/" + name)
            except FileExistsError:
                if not running:
                    raise
            done += 1
        r = control.svc_writectl(scandir, control.SVSCAN_CTLDIR, b"a")
        if r != 1:
            raise OSError(errno.ENXIO if r == 0 else r[1], "")
        started = True
        _wait_all(listeners, deadline)
    except OSError:
        for name in names[:done]:
            unlink(scandir, name, kill=started, down=down)
        raise
    finally:
        for listener in listeners:
            listener.close()
    return len(listeners)


def _wait_all(listeners, deadline):
    """Until each listener has seen an ``s``; OSError ETIMEDOUT."""
    waiting = {listener.fd: listener for listener in listeners}
    poller = select.poll()
    for fd in waiting:
        poller.register(fd, select.POLLIN)
    while waiting:
        for fd in list(waiting):
            if b"s" in waiting[fd].read():
                poller.unregister(fd)
                del waiting[fd]
        if not waiting:
            return
        timeout = None
        if deadline is not None:
            timeout = int((deadline - time.monotonic()) * 1000 + 0.999)
            if timeout <= 0:
                raise OSError(errno.ETIMEDOUT, os.strerror(errno.ETIMEDOUT))
        try:
            poller.poll(timeout)
        except InterruptedError:
            pass


def unlink(scandir, name, kill=True, down=False):
    """Remove ``scandir/name`` (and its down file if ``down``); with
    ``kill``, tell its supervisors to exit once the link is gone."""
    link_path = scandir + b"/" + name
    if down:
        unlink_quiet(link_path + b"/down")
    fds = []
    if kill:
        for sub, command in ((b"", b"xd"), (b"/log", b"xo")):
            try:
                fds.append((os.open(link_path + sub + b"/" + control.CTLDIR + b"/control",
                                    os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC), command))
            except OSError:
                pass
    unlink_quiet(link_path)
    for fd, command in fds:
        try:
            os.write(fd, command)
        except OSError:
            pass
        os.close(fd)


