"""s6-socklog: a minimal syslogd. Reads datagrams from /dev/log (or another
Unix socket, or a UDP port), turns a leading ``<code>`` into
``facility.priority: `` and prints one line per datagram on stdout.

As s6 2.15.1.0 built against musl (s6-overlay's binaries): the names are
musl's syslog tables (first name for a value: ``warn``, ``err``, ``emerg``,
``auth``), a datagram of more than linelen bytes is cut and ends in ``...``,
trailing NULs and newlines go, embedded ones become ``~``. The socket is
bound (beside a ``.lock`` file held for the life of the process) before the
privileges are dropped; readiness is a newline on the -d fd after that. On
SIGTERM the socket is no longer read; the lines already formatted are
written, within -t milliseconds (exit 99 if not), then it exits 0.
"""

import os
import select
import socket
import time
import _signal as signal

from execpy.engine.numscan import NGROUPS_MAX, U16, scan, scan0, scan_list
from execpy.engine.options import parse_or_usage
from execpy.engine import Exit
from execpy.errors import Die, SysFail, Usage, strerror
from s6utils.lib.accounts import drop_privileges, env_id, env_value
from s6utils.lib.sigqueue import SignalQueue

PROG = b"s6-socklog"
USAGE = (b"s6-socklog [ -d notif ] [ -r ] [ -U | -u uid -g gid -G gidlist ] [ -l linelen ]"
         b" [ -t lameducktimeout ] [ -x socket | -i ip_port ]")
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)

# musl's <syslog.h> tables, reduced to the first name of each value (the
# C program takes the first match)
_FACILITIES = {0: b"kern", 1: b"user", 2: b"mail", 3: b"daemon", 4: b"auth", 5: b"syslog",
               6: b"lpr", 7: b"news", 8: b"uucp", 9: b"cron", 10: b"authpriv", 11: b"ftp",
               24: b"mark"}
_FACILITIES.update({16 + i: b"local%d" % i for i in range(8)})
_PRIORITIES = (b"emerg", b"alert", b"crit", b"err", b"warn", b"notice", b"info", b"debug")


def syslog_prefix(line):
    """(``facility.priority: ``, length of the ``<code>`` it replaces), or
    (b"", 0) when the line does not start with ``<digits>``."""
    if line[:1] != b"<":
        return b"", 0
    code, used = scan(line, 1)
    if not used or line[1 + used:2 + used] != b">":
        return b"", 0
    facility = _FACILITIES.get((code & 0x3F8) >> 3, b"unknown")
    return facility + b"." + _PRIORITIES[code & 7] + b": ", used + 2


def format_datagram(data, linelen, raw):
    """The output line for one datagram (read with a limit of linelen + 1)."""
    end = len(data)
    while end and data[end - 1] in (0, 10):
        end -= 1
    line = data[:end].replace(b"\0", b"~").replace(b"\n", b"~")
    prefix, pos = (b"", 0) if raw else syslog_prefix(line)
    tail = b"...\n" if len(data) == linelen + 1 else b"\n"
    return prefix + line[pos:] + tail


def _scan_ip(word):
    """skalibs ip46_scan: the longest IPv6 (else IPv4) address at the start
    of ``word``: (family, packed address, characters used), or None."""
    text = word.decode("latin-1")
    for family, chars in ((socket.AF_INET6, "0123456789abcdefABCDEF:."), (socket.AF_INET, "0123456789.")):
        n = 0
        while n < len(text) and text[n] in chars:
            n += 1
        for k in range(n, 0, -1):
            try:
                return family, socket.inet_pton(family, text[:k]), k
            except OSError:
                continue
    return None


def parse_ip_port(word):
    """-i ip[_port] (or ip:port for IPv4): (family, address text, port)."""
    found = _scan_ip(word)
    if found is None:
        raise Usage(USAGE)
    family, packed, pos = found
    port = 514
    sep = word[pos:pos + 1]
    if sep == b"_" or (family == socket.AF_INET and sep == b":"):
        port = scan0(word[pos + 1:], U16)
        if port is None:
            raise Usage(USAGE)
    return family, socket.inet_ntop(family, packed), port


def _check_fd(fd):
    import fcntl
    fcntl.fcntl(fd, fcntl.F_GETFD)


def bind_unix(path):
    """ipc_bind_reuse_perms(path, 0777): lock ``path.lock`` (EBUSY if
    another holds it), then unlink ``path`` and bind a datagram socket there,
    mode 0777. Returns (socket, lock fd)."""
    import fcntl
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_NONBLOCK | socket.SOCK_CLOEXEC)
    try:
        lock = os.open(path + b".lock", os.O_WRONLY | os.O_NONBLOCK | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            os.close(lock)
            if e.errno in (13, 11):  # EACCES, EAGAIN: held by another
                raise OSError(16, "busy") from None
            raise
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                os.unlink(path)
            except OSError:
                pass
            old = os.umask(0)
            try:
                sock.bind(path)
            finally:
                os.umask(old)
        except OSError:
            os.close(lock)
            raise
    except OSError:
        sock.close()
        raise
    return sock, lock


def main(ctx, argv):
    opts, _ = parse_or_usage(argv, b"rd:l:t:u:g:G:Ux:i:", USAGE)
    raw = False
    notif = lameduck = 0
    linelen = 1024
    uid = gid = 0
    gids = None
    usock = b"/dev/log"
    inet = None
    for letter, arg in opts:
        if letter == b"r":
            raw = True
        elif letter in (b"d", b"l", b"t", b"u", b"g"):
            value = scan0(arg)
            if value is None:
                raise Usage(USAGE)
            if letter == b"d":
                notif = value
            elif letter == b"l":
                linelen = value
            elif letter == b"t":
                lameduck = value
            elif letter == b"u":
                uid = value
            else:
                gid = value
        elif letter == b"G":
            gids, used = scan_list(arg, NGROUPS_MAX)
            if not used and arg:
                raise Usage(USAGE)
        elif letter == b"U":
            uid = env_id(ctx.env, b"UID")
            gid = env_id(ctx.env, b"GID")
            value = env_value(ctx.env, b"GIDLIST")
            gids, used = scan_list(value, NGROUPS_MAX + 1)
            if not used and value:
                raise Die(100, b"invalid $GIDLIST")
        elif letter == b"x":
            usock, inet = arg, None
        else:  # -i
            inet = parse_ip_port(arg)
    linelen = min(max(linelen, 76), 1048576)
    if notif:
        if notif < 3:
            raise Die(100, b"notification fd must be 3 or more")
        try:
            _check_fd(notif)
        except OSError as e:
            raise Die(100, b"invalid notification fd: " + strerror(e.errno))
    try:
        os.close(0)
    except OSError:
        pass
    for fd, name in ((1, b"out"), (2, b"err")):
        try:
            _check_fd(fd)
        except OSError as e:
            raise Die(100, b"invalid std" + name + b": " + strerror(e.errno))

    lock = -1
    if inet is None:
        try:
            sock, lock = bind_unix(usock)
        except OSError as e:
            raise SysFail(b"bind socket to " + usock, e)
    else:
        family, host, port = inet
        try:
            sock = socket.socket(family, socket.SOCK_DGRAM | socket.SOCK_NONBLOCK | socket.SOCK_CLOEXEC)
        except OSError as e:
            raise SysFail(b"create socket", e)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
        except OSError as e:
            sock.close()
            raise SysFail(b"bind socket to ip %s port %d" % (host.encode(), port), e)

    drop_privileges(uid, gid, gids)

    queue = SignalQueue((signal.SIGTERM,))
    queue.catch()
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    if notif:
        try:
            os.write(notif, b"\n")
        except OSError:
            pass
        os.close(notif)
    try:
        return _loop(sock, queue, linelen, raw, lameduck, inet is not None)
    finally:
        queue.restore()
        queue.close()
        sock.close()
        if lock >= 0:
            os.close(lock)


def _loop(sock, queue, linelen, raw, lameduck, udp):
    bufsize = linelen << 2
    out = bytearray()
    cont = True
    deadline = None
    sfd = sock.fileno()
    while cont or out:
        poller = select.poll()
        poller.register(queue.fd, select.POLLIN)
        if out:
            poller.register(1, select.POLLOUT)
        reading = cont and bufsize - len(out) >= linelen + 80
        if reading:
            poller.register(sfd, select.POLLIN)
        timeout = None
        if not cont and deadline is not None:
            timeout = max(0, int((deadline - time.monotonic()) * 1000 + 0.999))
        events = dict(queue.poll(poller, timeout))
        if not events and timeout is not None and time.monotonic() >= deadline:
            return Exit(99)
        if events.get(queue.fd):
            queue.drain()
        if signal.SIGTERM in queue.take() and cont:
            cont = False
            if lameduck:
                deadline = time.monotonic() + lameduck / 1000
        if out and events.get(1, 0) & (select.POLLOUT | select.POLLERR | select.POLLHUP):
            try:
                n = os.write(1, out)
                del out[:n]
            except BlockingIOError:
                pass
            except OSError as e:
                raise SysFail(b"write to stdout", e)
        if reading and events.get(sfd, 0) & (select.POLLIN | select.POLLERR | select.POLLHUP):
            try:
                if udp:
                    data, addr = sock.recvfrom(linelen + 1)
                else:
                    data = sock.recv(linelen + 1)
            except BlockingIOError:
                continue
            except OSError as e:
                raise SysFail(b"recv", e)
            if not data:
                raise SysFail(b"recv", 32)  # skalibs' sanitize_read: EPIPE
            if udp:
                out += b"%s_%d: " % (addr[0].encode(), addr[1])
            out += format_datagram(data, linelen, raw)
    return Exit(0)
