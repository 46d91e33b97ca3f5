"""s6-mkdir: create directories (-p: and their parents, no error if they
exist). -m sets the mode exactly (the umask is cleared); -v reports each
directory created on stderr. A failure is a warning; the exit code is 111
if anything failed."""

import errno
import os

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import Usage, strerror, write_stderr
from execpy.engine.numscan import scan

PROG = b"s6-mkdir"
USAGE = b"s6-mkdir [ -p ] [ -v ] [ -m mode ] dir"
INLINE = True  # core.spawn_wait may run it without a fork (files and fds only)


def _mkdir(ctx, path, mode, verbose, strict):
    try:
        os.mkdir(path, mode)
    except OSError as e:
        if strict or e.errno != errno.EEXIST:
            ctx.warn(b"unable to mkdir " + path + b": " + strerror(e.errno))
            return 111
        return 0
    if verbose:
        write_stderr(PROG + b": created directory " + path + b"\n")
    return 0


def _mkdir_parents(ctx, path, mode, verbose):
    for i in range(1, len(path)):
        if path[i] == 0x2F:
            e = _mkdir(ctx, path[:i], mode, verbose, False)
            if e:
                return e
    return _mkdir(ctx, path, mode, verbose, False)


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"pvm:", USAGE)
    parents = verbose = False
    mode = 0o777
    noumask = False
    for letter, arg in opts:
        if letter == b"p":
            parents = True
        elif letter == b"v":
            verbose = True
        else:
            mode, used = scan(arg, 0, 0xFFFFFFFF, 8)
            if not used:
                raise Usage(USAGE)
            noumask = True
    if noumask:
        os.umask(0)
    code = 0
    for path in argv[i:]:
        if parents:
            code |= _mkdir_parents(ctx, path, mode & 0o7777, verbose)
        else:
            code |= _mkdir(ctx, path, mode & 0o7777, verbose, True)
    return Exit(code)
