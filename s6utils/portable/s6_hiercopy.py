"""s6-hiercopy: copy a file hierarchy recursively, keeping modes (and
owners, when allowed). Regular files, directories, symlinks, FIFOs and
device nodes are copied; an error below the top is skipped, as skalibs'
hiercopy does, and only the top level decides the exit code."""

import os

from execpy.engine import Exit
from execpy.errors import SysFail, Usage
from s6utils.lib.hiercopy import hiercopy

PROG = b"s6-hiercopy"
USAGE = b"s6-hiercopy src dst"
INLINE = True  # core.spawn_wait may run it without a fork (files and fds only)
OPENS = True  # opens files: not inline in a process that holds a lock (core._plan)


def main(ctx, argv):
    if len(argv) < 3:
        raise Usage(USAGE)
    os.umask(0)
    try:
        hiercopy(argv[1], argv[2])
    except OSError as e:
        raise SysFail(b"copy hierarchy from " + argv[1] + b" to " + argv[2], e)
    return Exit(0)
