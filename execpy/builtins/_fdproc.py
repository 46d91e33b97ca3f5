"""Shared pieces of the fd, process and environment builtins.

skalibs' fd_move/fd_copy as this process sees them (every result fd is
inheritable, as a C program's would be after dup2), execline's
el_modif_and_exec (set one variable, optionally substituting it at once),
and the fork helpers (double fork, a child's pipe to its stdout).
"""

import os

from execpy.engine import Exec
from execpy.engine import process
from execpy.engine.core import exitcode_of, prepare_exec, spawn, spawn_wait
from execpy.engine.fdio import read_all, write_all  # noqa: F401 (the builtins import them from here)
from execpy.errors import Die, SysFail


def fd_move(to, frm):
    """Make ``to`` what ``frm`` was, close ``frm``. Raises OSError."""
    if to == frm:
        os.set_inheritable(to, True)
        return
    os.dup2(frm, to)
    os.close(frm)


def fd_copy(to, frm):
    """Make ``to`` a copy of ``frm``. Raises OSError (EINVAL if equal)."""
    if to == frm:
        raise OSError(22, "")
    os.dup2(frm, to)


def wait_estatus(wstatus):
    """skalibs' wait_estatus: 128+signal, 128 for an exit code of 128 or
    more, else the exit code (execline's exitcodes convention)."""
    return exitcode_of(wstatus)


def check_var(name):
    if not name or b"=" in name:
        raise Die(100, b"invalid variable name")


def modif_and_exec(rest, var, value, doimport):
    """el_modif_and_exec: go on with ``var`` set to ``value`` (None unsets
    it); with ``doimport``, through ``importas -ui -- var var``."""
    if doimport:
        rest = [b"importas", b"-ui", b"--", var, var] + list(rest)
    return Exec(rest, {var: value})


def spawn_wait_or_die(ctx, argv):
    """core.spawn_wait (the wait status), dying with ``unable to spawn X``."""
    try:
        return spawn_wait(ctx, argv)
    except OSError as e:
        raise SysFail(b"spawn " + (argv[0] if argv else b""), e) from None


def spawn_or_die(ctx, argv, **kw):
    """spawn, dying with ``unable to spawn X`` as execline's C does."""
    try:
        return spawn(ctx, argv, **kw)
    except OSError as e:
        raise SysFail(b"spawn " + (argv[0] if argv else b""), e) from None


def pipe_actions(child_fd, mine, theirs):
    """posix_spawn file actions giving the child ``theirs`` as ``child_fd``
    and nothing of ``mine`` (the parent's end of the pipe)."""
    actions = [(os.POSIX_SPAWN_CLOSE, mine)] if mine != child_fd else []
    if theirs != child_fd:
        actions += [(os.POSIX_SPAWN_DUP2, theirs, child_fd),
                    (os.POSIX_SPAWN_CLOSE, theirs)]
    else:
        os.set_inheritable(theirs, True)
    return actions


def doublefork(body, prog=b"execpy"):
    """Run ``body()`` in a grandchild (process.double_fork); return its
    pid, dying with ``unable to doublefork`` as execline's C does."""
    try:
        return process.double_fork(body, prog)
    except OSError as e:
        raise SysFail(b"doublefork", e) from None


def run_as(ctx, argv, prog, setup=None):
    """A body for doublefork: the chain ``argv`` under the name ``prog``,
    whose first step is checked as the exec C's grandchild would do."""
    from execpy.engine.forked import run_forked  # once here, not in every grandchild

    def body():
        prepare_exec()
        if setup is not None:
            setup()
        child = ctx.fork_copy()
        child.prog = prog
        return run_forked(child, argv, forks=2, execed=False)
    return body
