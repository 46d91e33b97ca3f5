"""s6-fdholder-daemon: bind an fd-holder server's socket and run
s6-fdholderd on it.

It goes on with the chain C s6-fdholder-daemon execs:
s6-ipcserver-socketbinder, then s6-applyuidgid (with -U, -u, -g or -G),
then s6-fdholderd; all three are execpy commands, so the chain stays in
this process.
"""

from execpy.engine import Exec
from execpy.engine.options import parse_or_usage
from execpy.engine.numscan import NGROUPS_MAX, fmt_list, scan0, scan_list
from execpy.errors import Die, Usage

PROG = b"s6-fdholder-daemon"
USAGE = (b"s6-fdholder-daemon [ -v verbosity ] [ -d | -D ] [ -1 ] [ -c maxconn ] "
         b"[ -n maxfds ] [ -b backlog ] [ -G gid,gid,... ] [ -g gid ] [ -u uid ] [ -U ] "
         b"[ -t timeout ] [ -T lameducktimeout ] [ -i rulesdir | -x rulesfile ] path")


def _num(arg):
    value = scan0(arg)
    if value is None:
        raise Usage(USAGE)
    return value


def parse(argv):
    o = {b"v": 1, b"c": 0, b"n": 0, b"b": None, b"u": 0, b"g": 0, b"t": 0, b"T": 0}
    reuse, notify, flag_u, gids = True, False, False, None
    rulesdir = rulesfile = None
    opts, i = parse_or_usage(argv, b"Dd1Uv:c:n:b:u:g:G:t:T:i:x:", USAGE)
    for letter, arg in opts:
        if letter in (b"D", b"d"):
            reuse = letter == b"d"
        elif letter == b"1":
            notify = True
        elif letter == b"U":
            flag_u, o[b"u"], o[b"g"], gids = True, 0, 0, None
        elif letter == b"G":
            gids, used = scan_list(arg, NGROUPS_MAX)
            if not used and arg:
                raise Usage(USAGE)
        elif letter == b"i":
            rulesdir, rulesfile = arg, None
        elif letter == b"x":
            rulesfile, rulesdir = arg, None
        else:
            o[letter] = _num(arg)
            if letter in (b"c", b"n") and not o[letter]:
                o[letter] = 1
    args = argv[i:]
    if not args:
        raise Usage(USAGE)
    if rulesdir is None and rulesfile is None:
        raise Die(100, b"no access rights specified!")
    chain = []
    if flag_u or o[b"u"] or o[b"g"] or gids is not None:
        chain.append(b"s6-applyuidgid")
        if flag_u:
            chain.append(b"-Uz")
        if o[b"u"]:
            chain += [b"-u", b"%d" % o[b"u"]]
        if o[b"g"]:
            chain += [b"-g", b"%d" % o[b"g"]]
        if gids is not None:
            chain += [b"-G", fmt_list(gids)]
        chain.append(b"--")
    chain.append(b"s6-fdholderd")
    if o[b"v"] != 1:
        chain += [b"-v", b"%d" % o[b"v"]]
    if notify:
        chain.append(b"-1")
    for letter in (b"c", b"n", b"t", b"T"):
        if o[letter]:
            chain += [b"-" + letter, b"%d" % o[letter]]
    chain += [b"-i", rulesdir] if rulesdir is not None else [b"-x", rulesfile]
    return args[0], reuse, o[b"b"], chain


def main(ctx, argv):
    path, reuse, backlog, chain = parse(argv)
    binder = [b"s6-ipcserver-socketbinder"]
    if not reuse:
        binder.append(b"-D")
    if backlog is not None:
        binder += [b"-b", b"%d" % backlog]
    return Exec(binder + [b"--", path] + chain)
