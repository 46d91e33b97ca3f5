"""s6-sudoc: the client side of s6-sudo. Talks to an s6-sudod on fds 6
(read) and 7 (write), as s6-ipcclient leaves them: reads the server's
banner, sends its own banner, its argv and (unless -e) its environment
with fds 0, 1 and 2 attached (0 and 1 are then closed here), waits for the
server's confirmation, then for the exit status of the program the server
ran, and exits as that program did (128+signal when it was killed).

Wire (s6 2.15.1.0): server "s6-sudo b v1.0\\n"; client one unixmessage:
"s6-sudo a v1.0\\n", argc, envc, argv bytes, env bytes (four big-endian
uint32), then the NUL-terminated strings; server one byte (0, or the errno
that stopped it), then the wait status as a big-endian uint32.
"""


from execpy.engine import Exit
from execpy.engine.fdio import sanitize_std_fds
from execpy.engine.numscan import scan0
from execpy.engine.options import parse_or_usage
from execpy.engine.process import exitcode_of
from execpy.errors import Die, SysFail, Usage
from s6utils.lib import ipcio, unixmessage

PROG = b"s6-sudoc"
USAGE = b"s6-sudoc [ -e ] [ -t timeoutconn ] [ -T timeoutrun ] [ args... ]"

BANNER_B = b"s6-sudo b v1.0\n"
BANNER_A = b"s6-sudo a v1.0\n"


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


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"et:T:", USAGE)
    t, T, rest = timeouts(opts, USAGE)
    doenv = not rest  # -e
    args = argv[i:]
    try:
        ipcio.nonblock(6)
        ipcio.nonblock(7)
    except OSError as e:
        raise SysFail(b"make socket non-blocking", e) from None
    try:
        sanitize_std_fds()
    except OSError as e:
        raise SysFail(b"sanitize stdin/stdout/stderr", e) from None

    deadline = ipcio.deadline_ms(t)
    reader = ipcio.TimedReader(6)
    banner = reader.get(len(BANNER_B), deadline)
    if not banner:
        raise Die(111, b"unable to connect to the s6-sudod server - "
                       b"check that you have appropriate permissions")
    if len(banner) < len(BANNER_B):
        raise SysFail(b"read banner from s6-sudod", reader.err)
    if banner != BANNER_B:
        raise Die(100, b"wrong banner - check that you are connecting to a s6-sudod server")

    env = [k + b"=" + v for k, v in ctx.env.items()] if doenv else []
    argdata = strings(args)
    envdata = strings(env)
    header = b"".join(n.to_bytes(4, "big") for n in
                      (len(args), len(env), len(argdata), len(envdata)))
    sender = unixmessage.Sender(7)
    try:
        sender.put(BANNER_A + header + argdata + envdata, (0, 1, 2), close=(0, 1))
    except OSError as e:
        raise SysFail(b"unixmessage_putv", e) from None
    try:
        sender.flush_until(deadline)
    except OSError as e:
        raise SysFail(b"send args to server", e) from None

    c = reader.get(1, deadline)
    if not c:
        raise SysFail(b"get confirmation from server", reader.err)
    if c[0]:
        raise SysFail(b"start privileged program: server answered: ", c[0])

    deadline = ipcio.deadline_ms(T)
    pack = reader.get(4, deadline)
    if len(pack) < 4:
        raise SysFail(b"get exit status from server", reader.err)
    return Exit(exitcode_of(int.from_bytes(pack, "big")))
