"""backtick: run a block, capture its stdout in a variable, go on."""

import os

from execpy.engine.blocks import read_block
from execpy.engine.core import waitpid
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage
from execpy.builtins._fdproc import (check_var, modif_and_exec, pipe_actions,
                                     read_all, spawn_or_die, wait_estatus)

PROG = b"backtick"
USAGE = (b"backtick [ -i | -I | -x | -D default ] [ -N | -n ] [ -E | -e ] "
         b"var { prog... } remainder...")
HERE = True  # core.run_here may run it in the block's process

NULL_MSG = b"child process output contained a null character"


def capture(ctx, block):
    """Run ``block`` with its stdout into a pipe; return (output, wstatus).
    A block that is one INLINE command (``s6-overlay-stat /run``) writes
    into a memory file instead, in this process (core.run_here): it ends
    when it returns, so nothing could tell the difference."""
    here = _capture_here(ctx, block)
    if here is not None:
        return here
    r, w = os.pipe()
    try:
        pid = spawn_or_die(ctx, block, file_actions=pipe_actions(1, r, w))
    finally:
        os.close(w)
    try:
        out = _slurp(r)
    finally:
        os.close(r)
    return out, waitpid(pid)


def _slurp(fd):
    try:
        return read_all(fd)
    except OSError as e:
        raise SysFail(b"slurp", e) from None


def _capture_here(ctx, block):
    from execpy.engine import core, process
    mod = core._lookup(block[0]) if block else None
    if mod is None or not getattr(mod, "INLINE", False) or not hasattr(os, "memfd_create") \
            or (process.locks_held and getattr(mod, "OPENS", False)):
        return None
    try:
        mem = os.memfd_create("backtick", os.MFD_CLOEXEC)
    except OSError:
        return None
    if mem < core._HIGH:  # out of the way of the fds the block names (1 may be closed)
        try:
            high = process.dup_high(mem, core._HIGH)
        except OSError:
            high = None
        os.close(mem)
        if high is None:
            return None
        mem = high
    saved = []
    if not core._save(saved, (1,), ()):
        core._restore_fds(saved)
        os.close(mem)
        return None
    try:
        try:
            os.dup2(mem, 1)
            wstatus = core.run_here(ctx, block)
        finally:
            core._restore_fds(saved)
        os.lseek(mem, 0, os.SEEK_SET)
        out = _slurp(mem)
    finally:
        os.close(mem)
    return out, wstatus


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"iINnxD:Ee", USAGE)
    insist, chomp, doimport, default = 2, True, False, None
    for letter, arg in opts:
        if letter == b"i":
            insist = 2
        elif letter == b"I":
            insist = 0
        elif letter == b"N":
            chomp = False
        elif letter == b"n":
            chomp = True
        elif letter == b"x":
            insist, default = 1, None
        elif letter == b"D":
            insist, default = 1, arg
        elif letter == b"E":
            doimport = True
        else:
            doimport = False
    if len(argv) - i < 2:
        raise Usage(USAGE)
    var = argv[i]
    check_var(var)
    block, rest = read_block(ctx, argv, i + 1)
    if not block:
        raise Die(100, b"empty block")
    out, wstatus = capture(ctx, block)
    value = out
    code = wait_estatus(wstatus)
    if code:
        if insist >= 2:
            raise Die(code, b"child process crashed"
                      if os.WIFSIGNALED(wstatus) else b"child process exited non-zero")
        if insist:
            value = default
        else:
            # the chomp looks at the whole output, the value stops at a NUL
            if chomp and value.endswith(b"\n"):
                value = value[:-1]
            return modif_and_exec(argv[rest:], var, value.split(b"\0", 1)[0], doimport)
    elif b"\0" in out:
        if insist >= 2:
            raise Die(124, NULL_MSG)
        if insist:
            value = default
            ctx.warn(NULL_MSG)
        else:
            value = value.split(b"\0", 1)[0]
    else:
        insist = 0
    if not insist and chomp and value.endswith(b"\n"):
        value = value[:-1]
    return modif_and_exec(argv[rest:], var, value, doimport)
