"""s6-ln: make hard or symbolic links, like ln, but -f replaces the target
atomically: the link is made under a unique temporary name, then renamed
over the target. -n: a target that is a symlink to a directory is replaced
rather than entered. -L/-P: hard-link what a source symlink points to, or
the symlink itself (the default, as Linux link(2) does)."""

import errno
import os

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail, Usage, strerror

PROG = b"s6-ln"
USAGE = b"s6-ln [ -n ] [ -s ] [ -f ] [ -L ] [ -P ] src... dest"
INLINE = True  # core.spawn_wait may run it without a fork (files and fds only)

SUFFIX = b":s6-ln:"


def basename(path):
    stripped = path.rstrip(b"/")
    if not stripped:
        return b"/" if path else b"."
    return stripped.rsplit(b"/", 1)[-1]


def _link_temp(old, new, link):
    """Link ``old`` under a fresh ``new:s6-ln:XXXXXX``; return that name."""
    import random
    letters = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    rng = random.SystemRandom()
    while True:
        tmp = new + SUFFIX + bytes(rng.choice(letters) for _ in range(6))
        try:
            link(old, tmp)
            return tmp
        except FileExistsError:
            continue


def make_link(ctx, old, new, link, force):
    """One link; warns and returns 1 on failure."""
    try:
        link(old, new)
        return 0
    except OSError as e:
        if not force or e.errno != errno.EEXIST:
            ctx.warn(b"unable to make a link from " + new + b" to " + old + b": " + strerror(e.errno))
            return 1
    try:
        tmp = _link_temp(old, new, link)
    except OSError as e:
        ctx.warn(b"unable to make a link to " + old + b": " + strerror(e.errno))
        return 1
    try:
        os.rename(tmp, new)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        ctx.warn(b"unable to atomically replace " + new + b": " + strerror(e.errno))
        return 1
    try:  # when old and new are the same file, rename() left tmp in place
        os.unlink(tmp)
    except OSError:
        pass
    return 0


def _hardlink_nofollow(old, new):
    os.link(old, new, follow_symlinks=False)


def _hardlink_follow(old, new):
    os.link(old, new, follow_symlinks=True)


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"nsfLP", USAGE)
    link = _hardlink_nofollow
    force = nodir = False
    for letter, _ in opts:
        if letter == b"n":
            nodir = True
        elif letter == b"s":
            link = os.symlink
        elif letter == b"f":
            force = True
        elif link is not os.symlink:
            link = _hardlink_follow if letter == b"L" else _hardlink_nofollow
    args = argv[i:]
    if len(args) < 2:
        raise Usage(USAGE)
    if len(args) > 2:
        dest = args[-1]
        failures = 0
        for src in args[:-1]:
            failures += make_link(ctx, src, dest + b"/" + basename(src), link, force)
        return Exit(failures)
    src, dest = args
    try:
        st = os.lstat(dest) if nodir else os.stat(dest)
    except OSError as e:
        if e.errno != errno.ENOENT:
            raise SysFail(b"stat " + dest, e)
        return Exit(make_link(ctx, src, dest, link, force))
    import stat
    if not stat.S_ISDIR(st.st_mode):
        return Exit(make_link(ctx, src, dest, link, force))
    return Exit(make_link(ctx, src, dest + b"/" + basename(src), link, force))
