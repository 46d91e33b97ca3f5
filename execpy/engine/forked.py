"""A forked child that goes on with its block's chain (core.spawn, and the
double-forked blocks of pipeline and background).

C execline execs a new program for every block; execpy forks and keeps
interpreting, which is much cheaper, until blocks nest deep: each fork of
a fork costs more than the last (the kernel links every private mapping of
a child to those of all its ancestors: anon_vma chains), and each level
adds frames to the Python stack the child inherits. So every _FORK_CHAIN
forks the child starts a fresh interpreter on its chain, as C would exec,
and when it cannot, it raises the recursion limit instead.
"""

import os

from execpy.engine import core, process
from execpy.errors import Die, format_error, write_stderr


def run_forked(ctx, argv, forks=1, execed=True):
    """The chain ``argv``, run by a child ``forks`` forks away from its
    parent; returns its exit status, or execs. ``execed=False`` when C
    would exec argv now (a double-forked block: spawn checks the others):
    a builtin argv[0] is then checked as that exec (core.exec_would_fail).
    A fork at depth d costs time and kernel memory in proportion to d, so
    nested blocks in forks of forks would cost time quadratic in their
    depth: every _FORK_CHAIN forks, a fresh interpreter takes over."""
    global _forks
    _forks += forks
    builtin = bool(argv) and core._lookup(argv[0]) is not None
    if builtin and not execed:
        try:
            core.exec_would_fail(ctx, argv, ctx.env.get(b"PATH"))
        except Die as e:
            write_stderr(format_error(ctx.prog, e))
            return e.code
    if _forks >= _FORK_CHAIN:
        if builtin:
            execed_fresh(ctx, argv)  # returns only if it could not
        room_to_nest()  # going on in this interpreter, deeper than planned
    return core.run(ctx, argv)


_forks = 0           # forks since this process's interpreter started
_FORK_CHAIN = 32     # measured: 1,000 nested blocks run fastest between 16 and 32


def execed_fresh(ctx, argv):
    """Exec a new interpreter running the builtin chain ``argv``, as its
    launcher would (execpy.cli), the argv passed compactly (words.encode).
    Returns False only if the exec failed."""
    import sys
    exe = sys.executable
    if not exe:
        return False
    from execpy.parser.words import encode
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    code = ("import sys;sys.path.insert(0,%r);from execpy.parser.words import decode;"
            "from execpy.cli import main;main(decode(sys.argv[1:]))" % root)
    exe = os.fsencode(exe)
    try:
        process.execve(exe, [exe, b"-ES", b"-c", code.encode()] + encode(argv), ctx.env)
    except OSError:
        return False
    return True  # pragma: no cover - execve does not return


def room_to_nest():
    """In a forked child that goes on interpreting past _FORK_CHAIN levels
    (no fresh interpreter could be started): make room for one more level.

    The child keeps its parent's Python stack, so every block level run in
    a fork adds about ten frames (32 levels fit the default limit); C
    execline, one process per level, can nest until the kernel refuses the
    argv (about 1,400 levels of ``if {`` with an 8 MB stack, 2,500 at
    most). Python 3.11 and later use no C stack for Python-to-Python calls
    (the path from a block to its child is only those: measured, the stack
    does not grow), so the limit only has to follow the depth; before 3.11
    a frame costs C stack too (measured: 400 to 550 bytes), so the limit
    stays within the stack's size."""
    import sys
    limit = sys.getrecursionlimit()
    if limit >= _NEST_CAP:
        return
    want = limit + _NEST_STEP
    if sys.version_info < (3, 11):
        from execpy.engine.argmax import stack_bytes
        want = min(want, max(limit, stack_bytes() // _C_FRAME))
    sys.setrecursionlimit(min(want, _NEST_CAP))


_NEST_STEP = 100       # frames a block level can take (about 10 are used)
_NEST_CAP = 1 << 20
_C_FRAME = 1024        # C stack bytes a frame may use before 3.11 (measured: ~500)
