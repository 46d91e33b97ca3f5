"""s6-applyuidgid: drop privileges (supplementary groups, then gid, then uid)
and go on with the same process."""

from execpy.engine import Exec
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, Usage
from s6utils.lib.accounts import drop_privileges, env_id, env_value
from execpy.engine.numscan import NGROUPS_MAX, scan0, scan_list

PROG = b"s6-applyuidgid"
USAGE = b"s6-applyuidgid [ -z ] [ -u uid ] [ -g gid ] [ -G gidlist ] [ -U ] prog..."


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"zUu:g:G:", USAGE)
    uid = gid = 0
    gids = None
    unexport = False
    for letter, arg in opts:
        if letter == b"z":
            unexport = True
        elif letter == b"u" or letter == b"g":
            value = scan0(arg)
            if value is None:
                raise Usage(USAGE)
            if letter == b"u":
                uid = value
            else:
                gid = value
        elif letter == b"G":
            gids, used = scan_list(arg, NGROUPS_MAX)
            if not used and arg:
                raise Usage(USAGE)
        else:  # -U
            uid = env_id(ctx.env, b"UID")
            gid = env_id(ctx.env, b"GID")
            value = env_value(ctx.env, b"GIDLIST")
            gids, used = scan_list(value, NGROUPS_MAX + 1)
            if not used and value:
                raise Die(100, b"invalid $GIDLIST")
    rest = argv[i:]
    if not rest:
        raise Usage(USAGE)

    drop_privileges(uid, gid, gids)
    if unexport:
        return Exec(rest, {b"UID": None, b"GID": None, b"GIDLIST": None})
    return Exec(rest)
