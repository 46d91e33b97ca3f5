"""s6-ipcserver: s6-ipcserver-socketbinder, then (with -u, -g, -G or -U)
s6-applyuidgid, then s6-ipcserverd: the chain C s6-ipcserver execs into,
built from its options and run here in-process."""

from execpy.engine import Exec
from execpy.engine.numscan import fmt_list, scan0, scan_list, oscan0
from execpy.engine.options import parse_or_usage
from execpy.errors import Usage

PROG = b"s6-ipcserver"
USAGE = (b"s6-ipcserver [ -q | -Q | -v ] [ -d | -D ] [ -P | -p ] [ -1 ] [ -c maxconn ] "
         b"[ -C localmaxconn ] [ -b backlog ] [ -a socketperms ] [ -G gid,gid,... ] "
         b"[ -g gid ] [ -u uid ] [ -U ] path prog...")


def _num(arg, scan=scan0):
    value = scan(arg)
    if value is None:
        raise Usage(USAGE)
    return value


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"qQvDd1UPpc:C:b:a:u:g:G:", USAGE)
    verbosity = 1
    flag1 = flag_u = False
    lookup = reuse = True
    uid = gid = 0
    gids = None
    maxconn = localmaxconn = 0
    backlog = None
    perms = 0o777
    for letter, arg in opts:
        if letter in (b"q", b"Q", b"v"):
            verbosity = b"qQv".index(letter)
        elif letter in (b"D", b"d"):
            reuse = letter == b"d"
        elif letter in (b"P", b"p"):
            lookup = letter == b"p"
        elif letter == b"c":
            maxconn = _num(arg) or 1
        elif letter == b"C":
            localmaxconn = _num(arg) or 1
        elif letter == b"b":
            backlog = _num(arg)
        elif letter == b"a":
            perms = _num(arg, oscan0)
        elif letter == b"u":
            uid = _num(arg)
        elif letter == b"g":
            gid = _num(arg)
        elif letter == b"G":
            gids, used = scan_list(arg)
            if not used and arg:
                raise Usage(USAGE)
        elif letter == b"1":
            flag1 = True
        else:
            flag_u = True
            uid = gid = 0
            gids = None
    args = argv[i:]
    if len(args) < 2:
        raise Usage(USAGE)
    out = [b"s6-ipcserver-socketbinder"]
    if not reuse:
        out.append(b"-D")
    if backlog is not None:
        out += [b"-b", b"%d" % (backlog or 1)]
    if perms != 0o777:
        out += [b"-a", b"0%o" % (perms & 0o777)]
    out += [b"--", args[0]]
    if flag_u or uid or gid or gids is not None:
        out.append(b"s6-applyuidgid")
        if flag_u:
            out.append(b"-Uz")
        if uid:
            out += [b"-u", b"%d" % uid]
        if gid:
            out += [b"-g", b"%d" % gid]
        if gids is not None:
            out += [b"-G", fmt_list(gids)]
        out.append(b"--")
    out.append(b"s6-ipcserverd")
    if verbosity == 0:
        out.append(b"-v0")
    elif verbosity == 2:
        out.append(b"-v2")
    if flag1:
        out.append(b"-1")
    if not lookup:
        out.append(b"-P")
    if maxconn:
        out += [b"-c", b"%d" % maxconn]
    if localmaxconn:
        out += [b"-C", b"%d" % localmaxconn]
    out += [b"--"] + list(args[1:])
    return Exec(out)
