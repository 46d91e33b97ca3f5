"""Small, unbuffered fd I/O, shared by builtins and the s6 tools.

No io/TextIOWrapper: data is bytes from fd to fd, and a write error is an
OSError the command turns into ``unable to write to stdout``.
"""

import os

CHUNK = 65536


def write_all(fd, data):
    """Write all of ``data`` to ``fd``; raises OSError."""
    view = memoryview(data)
    while view:
        try:
            n = os.write(fd, view)
        except InterruptedError:
            continue
        view = view[n:]


def read_chunk(fd, size=CHUNK):
    while True:
        try:
            return os.read(fd, size)
        except InterruptedError:
            continue


def read_all(fd):
    """Everything ``fd`` gives until EOF; raises OSError."""
    parts = []
    while True:
        data = read_chunk(fd)
        if not data:
            return b"".join(parts)
        parts.append(data)


def records(fd, sep):
    """Yield the records of ``fd`` separated by the byte ``sep``, each with
    its separator; a last record without one gets one (as skagetln's
    callers in s6-portable-utils do). Raises OSError on a read error."""
    pending = b""
    while True:
        data = read_chunk(fd)
        if not data:
            break
        pending += data
        start = 0
        while True:
            j = pending.find(sep, start)
            if j < 0:
                break
            yield pending[start:j + 1]
            start = j + 1
        pending = pending[start:]
    if pending:
        yield pending + sep


def copy_fd(src, dst):
    """Copy ``src`` to ``dst`` until EOF; raises OSError."""
    while True:
        data = read_chunk(src)
        if not data:
            return
        write_all(dst, data)


def write_stdout(data):
    """Write all of ``data`` to fd 1; a failure is fatal, worded as every
    skarnet tool words it (``unable to write to stdout``, exit 111)."""
    try:
        write_all(1, data)
    except OSError as e:
        from execpy.errors import SysFail
        raise SysFail(b"write to stdout", e) from None


def read_stdin(size=CHUNK):
    """One read of fd 0; a failure is fatal (``unable to read from stdin``)."""
    try:
        return read_chunk(0, size)
    except OSError as e:
        from execpy.errors import SysFail
        raise SysFail(b"read from stdin", e) from None


def stdin_line_batches(size=CHUNK):
    """Read stdin until EOF in reads of ``size``; yield (chunk, complete):
    the complete lines of each read as one chunk ending with its last
    newline, before the next read may block, then any unfinished last line
    with complete False. A read failure is fatal (see read_stdin)."""
    partial = b""
    while True:
        data = read_stdin(size)
        if not data:
            break
        buf = partial + data if partial else data
        k = buf.rfind(b"\n")
        if k < 0:
            partial = buf
            continue
        partial = buf[k + 1:]
        yield buf[:k + 1], True
    if partial:
        yield partial, False


def notify_ready(fd):
    """s6's readiness notification: a newline on ``fd``, then close it; a
    reader that went away is not an error."""
    try:
        os.write(fd, b"\n")
    except OSError:
        pass
    try:
        os.close(fd)
    except OSError:
        pass


def sanitize_std_fds(upto=3):
    """Open /dev/null on any of fds 0..upto-1 that is closed (a daemon
    started with a closed stdin or stdout must not reuse those numbers)."""
    import fcntl
    from execpy.errors import SysFail
    for fd in range(upto):
        try:
            fcntl.fcntl(fd, fcntl.F_GETFD)
        except OSError:
            try:
                nfd = os.open(b"/dev/null", os.O_RDONLY if fd == 0 else os.O_WRONLY)
            except OSError as e:
                raise SysFail(b"sanitize standard fds", e) from None
            if nfd != fd:
                os.dup2(nfd, fd)
                os.close(nfd)
