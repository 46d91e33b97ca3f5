"""s6-supervise: supervise one service directory.

The same Supervisor that s6-svscan runs for every service of its scan
directory, here alone in its own event loop.
"""

import os

from execpy.engine import Exit
from execpy.errors import SysFail, Usage

PROG = b"s6-supervise"
USAGE = b"s6-supervise dir"
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)


def main(ctx, argv):
    if len(argv) < 2:
        raise Usage(USAGE)
    name = argv[1]
    try:
        os.chdir(name)
    except OSError as e:
        raise SysFail(b"chdir to " + name, e) from None
    from execpy.engine.fdio import sanitize_std_fds
    from s6utils.supervision import supervisor as sv
    from s6utils.supervision.loop import Loop
    sanitize_std_fds(2)
    try:
        dirfd = os.open(b".", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as e:
        raise SysFail(b"chdir to " + name, e) from None
    events = {15: sv.TERM, 1: sv.HUP, 3: sv.QUIT, 2: sv.INT}
    holder = []

    def on_signal(sig):
        ev = events.get(sig)
        if ev is not None and holder:
            holder[0].event(ev)

    def on_error(e):
        if os.environ.get("EXECPY_DEBUG"):
            import traceback
            traceback.print_exception(type(e), e, e.__traceback__)
        msg = ("%s: %s" % (type(e).__name__, e)).encode(errors="replace")
        holder[0].warn(b"internal error: " + msg) if holder else None

    loop = Loop((17, 15, 1, 3, 2), on_signal, on_error)
    sup = sv.Supervisor(loop, name, ctx.env)
    holder.append(sup)
    code = sup.start(dirfd)
    if code:
        return Exit(code)
    while sup.alive:
        try:
            loop.step()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as e:  # noqa: BLE001
            on_error(e)
    return Exit(0)
