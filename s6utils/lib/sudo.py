"""The s6-sudo exchange, shared by s6-sudo, s6-ipcclient and s6-sudoc and
by s6-rc's in-process oneshot client (s6utils.rc.transition.Sudo): the
argv s6-sudo hands over, the connection and its -v line, and each step of
the client's side with its message (s6 2.15.1.0).

Wire: server "s6-sudo b v1.0\\n"; client one unixmessage: "s6-sudo a
v1.0\\n", argc, envc, argv bytes, env bytes (four big-endian uint32), then
the NUL-terminated strings, with fds 0, 1 and 2; server one byte (0, or
the errno that stopped it), then the wait status as a big-endian uint32.
"""

import errno
import os

from execpy.engine.numscan import scan0
from execpy.engine.options import parse_or_usage
from execpy.engine.process import exitcode_of
from execpy.errors import Die, SysFail, Usage, write_stderr
from s6utils.lib import ipcio

IPCCLIENT = b"s6-ipcclient"
BANNER_B = b"s6-sudo b v1.0\n"
BANNER_A = b"s6-sudo a v1.0\n"


def client_options(opts):
    """-q, -Q, -v, -p and -l as s6-ipcclient (and s6-sudo) read them:
    (verbosity, bindpath, localname, the other options in order)."""
    verbosity = 1
    bindpath = localname = None
    rest = []
    for letter, arg in opts:
        if letter == b"q":
            verbosity = max(verbosity - 1, 0)
        elif letter == b"Q":
            verbosity = 1
        elif letter == b"v":
            verbosity += 1
        elif letter == b"p":
            bindpath = arg
        elif letter == b"l":
            localname = arg
        else:
            rest.append((letter, arg))
    return verbosity, bindpath, localname, rest


def chain(argv, usage):
    """What s6-sudo ARGV execs into: s6-ipcclient [opts] -- path s6-sudoc [opts] -- args."""
    opts, i = parse_or_usage(argv, b"qQvp:l:et:T:", usage)
    verbosity, bindpath, localname, rest = client_options(opts)
    t, T, rest = timeouts(rest, usage)
    nodoenv = bool(rest)  # -e
    args = argv[i:]
    if not args:
        raise Usage(usage)
    verbosity = min(verbosity, 4)
    out = [b"s6-ipcclient"]
    if not verbosity:
        out.append(b"-Q")
    else:
        out += [b"-v"] * (verbosity - 1)
    if bindpath is not None:
        out += [b"-p", bindpath]
    if localname is not None:
        out += [b"-l", localname]
    out += [b"--", args[0], b"s6-sudoc"]
    if nodoenv:
        out.append(b"-e")
    out += [b"-t", b"%d" % t, b"-T", b"%d" % T, b"--"] + list(args[1:])
    return out


def connect_to(path, verbosity=1, bindpath=None, nonblocking=False):
    """A socket connected to ``path`` (bound to ``bindpath`` first), with
    the info line of -v; dies with s6-ipcclient's messages. Also what s6-rc's
    in-process oneshot client (rc.transition.Sudo) connects with: with
    ``nonblocking``, a connect that would wait (the server's backlog is
    full) raises BlockingIOError instead."""
    try:
        s = ipcio.stream_socket(nonblocking)
    except OSError as e:
        raise SysFail(b"create socket", e) from None
    try:
        if bindpath is not None:
            try:
                ipcio.bind(s, bindpath)
            except OSError as e:
                raise SysFail(b"bind socket to " + bindpath, e) from None
        try:
            ipcio.connect(s, path)
        except BlockingIOError:
            if nonblocking:
                raise
            raise SysFail(b"connect to " + path, errno.EAGAIN) from None
        except OSError as e:
            raise SysFail(b"connect to " + path, e) from None
    except BaseException:
        os.close(s)
        raise
    if verbosity >= 2:
        connected(path)
    return s


def connected(path):
    write_stderr(IPCCLIENT + b": info: " + IPCCLIENT + b": connected to " + path + b"\n")


def strings(words):
    return b"".join(w + b"\0" for w in words)


def timeouts(opts, usage):
    """-t and -T (milliseconds, uint0_scan): (t, T, the other options)."""
    t = T = 0
    rest = []
    for letter, arg in opts:
        if letter in (b"t", b"T"):
            value = scan0(arg)
            if value is None:
                raise Usage(usage)
            if letter == b"t":
                t = value
            else:
                T = value
        else:
            rest.append((letter, arg))
    return t, T, rest


# The steps of the exchange, each with its message: also what s6-rc's
# in-process oneshot client (rc.transition.Sudo) goes through. ``err`` is
# the reader's errno when it got fewer bytes than it wanted: ETIMEDOUT, or
# 0 at end of file.

def check_banner(banner, err):
    if not banner:
        raise Die(111, b"unable to connect to the s6-sudod server - "
                       b"check that you have appropriate permissions")
    if len(banner) < len(BANNER_B):
        raise SysFail(b"read banner from s6-sudod", err)
    if banner != BANNER_B:
        raise Die(100, b"wrong banner - check that you are connecting to a s6-sudod server")


def request(args, env):
    """The message sent with fds 0, 1 and 2 (env: NAME=value words)."""
    argdata = strings(args)
    envdata = strings(env)
    header = b"".join(n.to_bytes(4, "big") for n in
                      (len(args), len(env), len(argdata), len(envdata)))
    return BANNER_A + header + argdata + envdata


def check_confirmation(c, err):
    if not c:
        raise SysFail(b"get confirmation from server", err)
    if c[0]:
        raise SysFail(b"start privileged program: server answered: ", c[0])


def exit_code(pack, err):
    """What s6-sudoc exits with, from the wait status the server sent."""
    if len(pack) < 4:
        raise SysFail(b"get exit status from server", err)
    return exitcode_of(int.from_bytes(pack, "big"))
