"""s6-envdir: set (or unset) one environment variable per file of a
directory, then go on.

The file rules are skalibs' envdir: names starting with a dot or holding
``=`` are skipped; an empty file unsets its variable; otherwise the value is
the first line with trailing spaces, tabs and CRs removed (-n keeps them),
or with -f the whole file minus one final newline (-n keeps it); NUL bytes
become newlines (or -c's character). Without -L only the first 4095 bytes
of a file count. With -L and without -n, a first line that does not end
with a newline gives an empty value: s6 2.11.3.2 does that, so we do too.
"""

import errno
import os

from execpy.engine import Exec
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail, Usage
from execpy.engine.fdio import read_chunk

PROG = b"s6-envdir"
USAGE = b"s6-envdir [ -I | -i ] [ -n ] [ -f ] [ -L ] [ -c nullchar ] dir prog..."
HERE = True  # core.run_here may run it in the block's process
OPENS = True  # not where a lock is held (core.run_here)

MAXVARSIZE = 4095
_BLANKS = b" \t\r"


def _read(path, limit, stop_at_newline):
    """Read ``path``: at most ``limit`` bytes (None: no limit), stopping
    after the first newline when asked. A missing file is EIDRM: it was in
    the directory a moment ago."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as e:
        if e.errno == errno.ENOENT:
            raise OSError(errno.EIDRM, os.strerror(errno.EIDRM)) from None
        raise
    try:
        parts = []
        size = 0
        while limit is None or size < limit:
            data = read_chunk(fd, 65536 if limit is None else limit - size)
            if not data:
                break
            parts.append(data)
            size += len(data)
            if stop_at_newline and b"\n" in data:
                break
        return b"".join(parts)
    finally:
        os.close(fd)


def _value(data, verbatim, nochomp, clamp):
    """The variable's value from the file's bytes, or None to unset it."""
    if not data:
        return None
    if verbatim:
        if not nochomp and data.endswith(b"\n"):
            data = data[:-1]
        return data
    line, nl, _ = data.partition(b"\n")
    if not nl and not clamp and not nochomp:
        return b""
    if not nochomp:
        line = line.rstrip(_BLANKS)
    return line


def read_envdir(path, verbatim=False, nochomp=False, clamp=True, nullis=b"\n"):
    """The changes an envdir asks for: {name: value or None}, in directory
    order. Raises OSError."""
    if not nullis or nullis == b"\0":
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
    changes = {}
    for name in os.listdir(path):
        if name.startswith(b".") or b"=" in name:
            continue
        data = _read(path + b"/" + name, MAXVARSIZE if clamp else None,
                     not verbatim and not clamp)
        value = _value(data, verbatim, nochomp, clamp)
        if value is not None:
            value = value.replace(b"\0", nullis)
        changes[name] = value
    return changes


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"IinfLc:", USAGE)
    insist = True
    nochomp = verbatim = False
    clamp = True
    nullis = b"\n"
    for letter, arg in opts:
        if letter == b"I":
            insist = False
        elif letter == b"i":
            insist = True
        elif letter == b"n":
            nochomp = True
        elif letter == b"f":
            verbatim = True
        elif letter == b"L":
            clamp = False
        else:
            nullis = arg[:1]
    rest = argv[i:]
    if len(rest) < 2:
        raise Usage(USAGE)
    try:
        changes = read_envdir(rest[0], verbatim, nochomp, clamp, nullis)
    except OSError as e:
        if insist or e.errno != errno.ENOENT:
            raise SysFail(b"envdir " + rest[0], e)
        changes = None
    return Exec(rest[1:], changes)
