"""What Linux's execve accepts: the size limits on argv and envp.

A C execline chain execs a program at every step, so a chain whose argv or
environment outgrows these limits fails with E2BIG ("Argument list too
long") where execpy, running the step in-process, would go on. The engine
asks ``too_big`` wherever C would exec, and fails as C would. The rules
(fs/exec.c, checked against the running kernel by tests/test_deep_scripts.py):

* every string (the file name handed to execve, each environment entry
  ``NAME=value``, each argument), counted with its NUL, is at most
  MAX_ARG_STRLEN: 32 pages;
* all those strings together, plus one pointer per argument (at least one)
  and per environment entry, must fit in a quarter of the soft stack limit
  (RLIMIT_STACK), but never less than ARG_MAX (128 kB) and never more than
  three quarters of _STK_LIM (6 MB);
* and the strings are written on the new program's stack, which may not
  grow past the soft stack limit: their size plus one pointer, in whole
  pages, is at most RLIMIT_STACK (this bites only under 132 kB or so).
"""

import os
import sys

ARG_MAX = 131072          # linux/limits.h: the floor, whatever the stack limit
_SURE = 32768             # under this, no stack limit a Python could run with matters
_STK_LIM = 8 << 20        # the default stack limit; 3/4 of it is the ceiling
_POINTER = 8 if sys.maxsize > 1 << 32 else 4  # sizeof(void *)
E2BIG = 7


def _page():
    try:
        return os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return 4096


def _stack_soft():
    """RLIMIT_STACK's soft limit, None for no limit."""
    import resource  # only near the limit: not on the start-up path
    soft = resource.getrlimit(resource.RLIMIT_STACK)[0]
    return None if soft == resource.RLIM_INFINITY else soft


def stack_bytes():
    """How far the main thread's stack may grow (64 MB taken for no limit)."""
    soft = _stack_soft()
    return 64 << 20 if soft is None else soft


def strings_limit(soft=False):
    """How many bytes of strings and pointers one execve may carry now."""
    if soft is False:
        soft = _stack_soft()
    limit = _STK_LIM // 4 * 3
    if soft is not None:
        limit = min(limit, soft // 4)
    return max(limit, ARG_MAX)


def fits(strings, pointers):
    """Whether ``strings`` bytes of strings (NULs included) and that many
    pointers pass execve's checks on the total (see the module's text)."""
    soft = _stack_soft()
    if strings + _POINTER * pointers > strings_limit(soft):
        return False
    if soft is None:
        return True
    page = _page()
    return (strings + _POINTER + page - 1) // page * page <= soft


def argv_size(argv):
    """(bytes of the arguments with their NULs, length of the longest + 1)."""
    sizer = getattr(argv, "strings_size", None)
    if sizer is not None:
        return sizer()
    if not argv:
        return 0, 0
    return sum(map(len, argv)) + len(argv), max(map(len, argv)) + 1


def env_size(env):
    """(bytes of the ``NAME=value`` entries with their NULs, longest + 1)."""
    if not env:
        return 0, 0
    total = sum(map(len, env)) + sum(map(len, env.values())) + 2 * len(env)
    if total <= _SURE:
        return total, total  # the longest cannot be longer than them all
    return total, max(len(k) + len(v) for k, v in env.items()) + 2


def too_big(filename, argv, env, filename_len=None):
    """True when execve(filename, argv, env) would fail with E2BIG.

    ``filename`` may be a callable returning the file name, asked only when
    the answer depends on it; ``filename_len`` is then a bound on its length
    (PATH plus the name will do)."""
    asize, along = argv_size(argv)
    esize, elong = env_size(env)
    pointers = _POINTER * (max(len(argv), 1) + len(env))
    bound = filename_len if callable(filename) else len(filename)
    if asize + esize + pointers + bound + 1 <= _SURE:
        return False  # every string is shorter than them all, too
    if callable(filename):
        filename = filename()
    if max(along, elong, len(filename) + 1) > 32 * _page():  # MAX_ARG_STRLEN
        return True
    return not fits(asize + esize + len(filename) + 1, max(len(argv), 1) + len(env))
