"""s6-chown: change a file's owner and/or group (numeric); -U takes them
from UID and GID (as s6-envuidgid sets them)."""

import os

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail, Usage
from execpy.engine.numscan import scan0
from s6utils.lib.accounts import env_id

PROG = b"s6-chown"
USAGE = b"s6-chown [ -U ] [ -u uid ] [ -g gid ] file"
INLINE = True  # core.spawn_wait may run it without a fork (files and fds only)
OPENS = True  # may read passwd and group: not where a lock is held


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"Uu:g:", USAGE)
    uid = gid = -1
    for letter, arg in opts:
        if letter == b"U":
            uid = env_id(ctx.env, b"UID")
            gid = env_id(ctx.env, b"GID")
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
