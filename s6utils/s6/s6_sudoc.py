"""s6-sudoc: the client side of s6-sudo. Talks to an s6-sudod on fds 6
(read) and 7 (write), as s6-ipcclient leaves them: reads the server's
banner, sends its own banner, its argv and (unless -e) its environment
with fds 0, 1 and 2 attached (0 and 1 are then closed here), waits for the
server's confirmation, then for the exit status of the program the server
ran, and exits as that program did (128+signal when it was killed).
The wire and the steps' messages are in s6utils.lib.sudo.
"""

from execpy.engine import Exit
from execpy.engine.fdio import sanitize_std_fds
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail
from s6utils.lib import ipcio, unixmessage
from s6utils.lib.sudo import BANNER_B, check_banner, check_confirmation, exit_code, request, timeouts

PROG = b"s6-sudoc"
USAGE = b"s6-sudoc [ -e ] [ -t timeoutconn ] [ -T timeoutrun ] [ args... ]"
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)




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
    check_banner(reader.get(len(BANNER_B), deadline), reader.err)
    env = [k + b"=" + v for k, v in ctx.env.items()] if doenv else []
    sender = unixmessage.Sender(7)
    try:
        sender.put(request(args, env), (0, 1, 2), close=(0, 1))
    except OSError as e:
        raise SysFail(b"unixmessage_putv", e) from None
    try:
        sender.flush_until(deadline)
    except OSError as e:
        raise SysFail(b"send args to server", e) from None
    check_confirmation(reader.get(1, deadline), reader.err)
    deadline = ipcio.deadline_ms(T)
    return Exit(exit_code(reader.get(4, deadline), reader.err))
