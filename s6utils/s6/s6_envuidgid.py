"""s6-envuidgid: put an account's UID, GID and GIDLIST in the environment,
then go on. Nothing changes in the process itself: s6-applyuidgid does that."""

from execpy.engine import Exec
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage
from s6utils.lib import accounts
from execpy.engine.numscan import fmt_list, scan, scan_list

PROG = b"s6-envuidgid"
USAGE = (b"s6-envuidgid [ -i | -D defaultuid:defaultgid:defaultgidlist ] "
         b"[ -u | -g | -B ] [ -n ] account prog...")

_USER, _GROUP, _LIST = 1, 2, 4


def scan_defaults(word):
    """Parse -D's ``uid:gid:gidlist``; every part may be missing or empty
    (meaning 0, 0 and no groups). None if the word is malformed."""
    uid, used = scan(word)
    if not used and word[:1] != b":":
        return None
    i = used
    if i == len(word):
        return uid, 0, []
    if word[i:i + 1] != b":":
        return None
    i += 1
    if i == len(word):
        return uid, 0, []
    gid, used = scan(word, i)
    if not used and word[i:i + 1] != b":":
        return None
    i += used
    if i == len(word):
        return uid, gid, []
    if word[i:i + 1] != b":":
        return None
    i += 1
    if i == len(word):
        return uid, gid, []
    gids, used = scan_list(word[i:])
    if not used:
        return None
    return uid, gid, gids


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"ugBniD:", USAGE)
    what = _USER | _GROUP | _LIST
    numfallback = False
    insist = True
    uid = gid = 0
    gids = []
    for letter, arg in opts:
        if letter == b"u":
            what = _USER
        elif letter == b"g":
            what = _GROUP
        elif letter == b"B":
            what = _USER | _GROUP
        elif letter == b"n":
            what &= _USER | _GROUP
            numfallback = True
        elif letter == b"i":
            insist = True
        else:
            defaults = scan_defaults(arg)
            if defaults is None:
                raise Usage(USAGE)
            uid, gid, gids = defaults
            insist = False
    rest = argv[i:]
    if len(rest) < 2:
        raise Usage(USAGE)
    account = rest[0]

    username = groupname = None
    if what == _GROUP:
        groupname = account
    elif what == _USER | _GROUP:
        username, colon, groupname = account.partition(b":")
        if not colon:
            groupname = None
        else:
            if not username:
                username = None
            if not groupname:
                groupname = None
    else:
        username = account

    if groupname is not None:
        found = accounts.group(groupname)
        if found is not None:
            gid = found
        else:
            value, used = scan(groupname)
            if numfallback and used:
                gid = value
            elif insist:
                raise Die(1, b"unknown group: " + groupname)

    if username is not None:
        found = accounts.user(username)
        if found is not None:
            uid = found[0]
            if what == _USER | _GROUP | _LIST:
                try:
                    gids = accounts.supplementary_groups(account)
                except OSError as e:
                    raise SysFail(b"get supplementary groups for " + account, e)
                gid = found[1]
        else:
            value, used = scan(username)
            if numfallback and used:
                uid = value
            elif insist:
                raise Die(1, b"unknown user: " + username)

    changes = {}
    if what & _USER:
        changes[b"UID"] = b"%d" % uid
    if what & _GROUP:
        changes[b"GID"] = b"%d" % gid
    if what & _LIST:
        changes[b"GIDLIST"] = fmt_list(gids)
    return Exec(rest[1:], changes)
