"""s6-chown: change a file's owner and/or group (numeric); -U takes them
from UID and GID (as s6-envuidgid sets them)."""

import os

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage
from execpy.engine.numscan import scan0

PROG = b"s6-chown"
USAGE = b"s6-chown [ -U ] [ -u uid ] [ -g gid ] file"


def _env_number(env, name):
    value = env.get(name)
    if value is None:
        raise Die(100, name + b" not set")
    number = scan0(value)
    if number is None:
        raise Die(100, b"invalid $" + name)
    return number


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"Uu:g:", USAGE)
    uid = gid = -1
    for letter, arg in opts:
        if letter == b"U":
            uid = _env_number(ctx.env, b"UID")
            gid = _env_number(ctx.env, b"GID")
        else:
            value = scan0(arg)
            if value is None:
                raise Usage(USAGE)
            if letter == b"u":
                uid = value
            else:
                gid = value
    if i >= len(argv):
        raise Usage(USAGE)
    path = argv[i]
    try:
        os.chown(path, uid, gid)
    except OSError as e:
        raise SysFail(b"chown " + path, e)
    return Exit(0)
