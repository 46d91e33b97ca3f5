"""s6-overlay-stat path: print path's owner and permissions in a form
preinit can eval:

    uid=N
    user=NAME      (empty when passwd has no such uid)
    gid=N
    group=NAME     (empty when group has no such gid)
    perms=LETTERS

perms lists the permission bits that are set, from the lowest up, two
letters each: ox ow or gx gw gr ux uw ur os gs us (other/group/user
execute, write, read; then sticky, setgid, setuid). The path is followed if
it is a symbolic link. No options: the first argument is the path, even if
it starts with a dash; more arguments are ignored. No argument: usage, 100;
stat fails: 111. (The C program is a musl build: for ELOOP and ENAMETOOLONG
its texts are musl's, not the glibc ones printed here; musl's table is in
s6utils/rc/errtext.py, which this package may not import.)
"""

import grp
import os
import pwd

from execpy.engine import Exit
from execpy.engine.fdio import write_stdout
from execpy.errors import SysFail, Usage

PROG = b"s6-overlay-stat"
USAGE = b"s6-overlay-stat path"
INLINE = True  # core.run_here may run it without a fork (it only prints)
OPENS = True  # reads passwd and group: not where a lock is held

_LETTERS = (b"ox", b"ow", b"or", b"gx", b"gw", b"gr", b"ux", b"uw", b"ur", b"os", b"gs", b"us")


def _name(lookup, ident):
    try:
        return os.fsencode(lookup(ident)[0])
    except (KeyError, OverflowError):
        return b""


def main(ctx, argv):
    if len(argv) < 2:
        raise Usage(USAGE)
    path = argv[1]
    try:
        st = os.stat(path)
    except OSError as e:
        raise SysFail(b"stat " + path, e) from None
    perms = b"".join(l for i, l in enumerate(_LETTERS) if st.st_mode & (1 << i))
    write_stdout(b"uid=%d\nuser=%s\ngid=%d\ngroup=%s\nperms=%s\n" % (
        st.st_uid, _name(pwd.getpwuid, st.st_uid), st.st_gid, _name(grp.getgrgid, st.st_gid), perms))
    return Exit(0)
