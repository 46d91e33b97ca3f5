"""s6-fghack: run a program that insists on backgrounding itself, and
notice when it is really done.

The child gets 31 copies of a pipe's writing end; a daemon that forks away
keeps them open, so EOF on the pipe means the whole family is gone. Anything
written on the pipe is a bug in the program (exit 102). The exit code is the
child's, or 111 if it crashed (the message names argv[2], as s6 does).
"""

import os

from execpy.engine import Exit
from execpy.engine import core, process
from execpy.errors import Die, SysFail, Usage

PROG = b"s6-fghack"
USAGE = b"s6-fghack prog..."
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)

COPIES = 30


def _child(ctx, prog, hack, coe):
    """The forked child's body: hold the hack pipe many times, then become
    prog. A failed exec reports its errno through the close-on-exec pipe
    and in the exit code."""
    import fcntl
    os.set_inheritable(hack, True)
    for _ in range(COPIES):
        fcntl.fcntl(hack, fcntl.F_DUPFD, 0)
    core.prepare_exec()
    if core._lookup(prog[0]) is not None:
        os.close(coe)
        return core.run(ctx, prog)
    try:
        core.exec_external(ctx, prog)
    except SysFail as e:
        err = e.errno
    except Die:
        err = 111
    try:
        os.write(coe, b"\0")
    except OSError:
        return 111
    return err & 0xFF


def _read1(fd, what):
    while True:
        try:
            return os.read(fd, 1)
        except InterruptedError:
            continue
        except OSError as e:
            raise SysFail(what, e)


def main(ctx, argv):
    if len(argv) < 2:
        raise Usage(USAGE)
    prog = list(argv[1:])
    try:
        hack_r, hack_w = os.pipe()
    except OSError as e:
        raise SysFail(b"create hackpipe", e)
    try:
        coe_r, coe_w = os.pipe()
    except OSError as e:
        raise SysFail(b"create coepipe", e)
    def body():
        os.close(hack_r)
        os.close(coe_r)
        return _child(ctx.fork_copy(), prog, hack_w, coe_w)

    try:
        pid = process.fork_child(body, PROG)
    except OSError as e:
        for fd in (hack_r, hack_w, coe_r, coe_w):
            os.close(fd)
        raise SysFail(b"fork", e)
    os.close(hack_w)
    os.close(coe_w)
    try:
        if _read1(coe_r, b"read on coepipe"):
            status = core.waitpid(pid)
            raise SysFail(b"exec " + prog[0], os.WEXITSTATUS(status))
    finally:
        os.close(coe_r)
    try:
        if _read1(hack_r, b"read on hackpipe"):
            raise Die(102, prog[0] + b" wrote on hackpipe")
    finally:
        os.close(hack_r)
    status = core.waitpid(pid)
    if os.WIFSIGNALED(status):
        raise Die(111, (argv[2] if len(argv) > 2 else b"") + b" crashed")
    return Exit(os.WEXITSTATUS(status))
