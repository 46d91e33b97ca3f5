"""The account database and privilege changes, as s6's tools use them.

Names are bytes; the pwd and grp modules want str, so a name travels through
os.fsdecode (surrogateescape keeps every byte). Supplementary groups are
read the way skalibs' prot_readgroups does: every group of the group
database that lists the user as a member, in database order.
"""

import os

from execpy.engine.numscan import NGROUPS_MAX
from execpy.errors import SysFail


def user(name):
    """(uid, gid) of the user ``name``, or None if there is no such user."""
    import pwd
    try:
        pw = pwd.getpwnam(os.fsdecode(name))
    except (KeyError, ValueError):
        return None
    return pw.pw_uid, pw.pw_gid


def group(name):
    """The gid of the group ``name``, or None."""
    import grp
    try:
        return grp.getgrnam(os.fsdecode(name)).gr_gid
    except (KeyError, ValueError):
        return None


def supplementary_groups(name, maxn=NGROUPS_MAX):
    """The gids of the groups that list ``name`` as a member."""
    import grp
    who = os.fsdecode(name)
    out = []
    for gr in grp.getgrall():
        if len(out) >= maxn:
            break
        if who in gr.gr_mem:
            out.append(gr.gr_gid)
    return out


def setgroups_and_gid(gid, gids):
    """Set the supplementary groups to ``gids`` with ``gid`` first, as
    skalibs does: the primary gid is always part of the list, once."""
    gids = list(gids)
    if not gids:
        groups = [gid]
    elif gids[0] == gid:
        groups = gids
    elif gid in gids:
        i = gids.index(gid)
        groups = [gid] + gids[:i] + gids[i + 1:]
    else:
        groups = [gid] + gids
    os.setgroups(groups)


def env_value(env, name):
    """$name, as s6-envuidgid left it for -U; dies if it is not set."""
    from execpy.errors import Die
    value = env.get(name)
    if value is None:
        raise Die(100, name + b" not set")
    return value


def env_id(env, name):
    """$UID or $GID as a number; dies if it is not set or not a number."""
    from execpy.engine.numscan import scan0
    from execpy.errors import Die
    number = scan0(env_value(env, name))
    if number is None:
        raise Die(100, b"invalid $" + name)
    return number


def drop_privileges(uid, gid, gids):
    """s6-applyuidgid's order, dying with its messages: the groups (``gids``
    a list, or None to leave them), then a non-zero gid, then a non-zero
    uid; once the uid is gone, the groups can no longer change."""
    from execpy.engine.process import keep_title_access
    keep_title_access()
    if gids is not None:
        try:
            setgroups_and_gid(gid if gid else os.getegid(), gids)
        except OSError as e:
            raise SysFail(b"set supplementary group list", e)
    if gid:
        try:
            os.setgid(gid)
        except OSError as e:
            raise SysFail(b"setgid", e)
    if uid:
        try:
            os.setuid(uid)
        except OSError as e:
            raise SysFail(b"setuid", e)
