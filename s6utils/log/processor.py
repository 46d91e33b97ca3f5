"""A logdir's processor: a child in the logdir with fds 0, 1, 4 and 5 on
``previous``, ``processed``, ``state`` and ``newstate``, running its text
with /bin/sh -c (``?``) or as an execline script (``!``): in this process
when the command table is there, else with the execlineb on PATH."""

import os

from execpy.engine import core, process
from execpy.errors import SysFail
from s6utils.log.config import PROG

CHILD = PROG + b" (processor child)"

# name, open flags, target fd, s6-log's verb for a failed open
_FDS = ((b"previous", os.O_RDONLY, 0, b"open_readb "),
        (b"processed", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 1, b"open_trunc "),
        (b"state", os.O_RDONLY, 4, b"open_readb "),
        (b"newstate", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 5, b"open_trunc "))


def start(ld, restore_signals):
    """Fork the processor of ``ld``; return its pid (raises OSError).
    ``restore_signals`` gives the child the signal state s6-log found."""
    return process.fork_child(lambda: _child(ld, restore_signals), CHILD)


def _child(ld, restore_signals):
    restore_signals()
    d = ld.dir
    try:
        os.chdir(d)
    except OSError as e:
        raise SysFail(b"chdir to " + d, e) from None
    for name, flags, target, verb in _FDS:
        try:
            fd = os.open(name, flags, 0o666)
        except OSError as e:
            raise SysFail(verb + d + b"/" + name, e) from None
        try:
            if fd != target:
                os.dup2(fd, target)
                os.close(fd)
            else:
                os.set_inheritable(fd, True)
        except OSError as e:
            raise SysFail(b"fd_move " + d + b"/" + name, e) from None
    kind, text = ld.processor
    env = ld.config.env
    if kind == b"?":
        argv = [b"/bin/sh", b"-c", text]
    else:
        argv = [b"execlineb", b"-Pc", text]
        code = core.run_execline(env, argv)
        if code is not None:
            return code
    core.exec_external(core.Ctx(env, CHILD), argv)
