"""s6-rc-set-status: print the prescription of every service of a set
(or of the atomic services the given names stand for), ``name/rx`` one a
line, from always down to masked; ``-L`` prints names only, ``-e``
leaves the essential (always) services out."""

import os

from execpy.engine.fdio import write_stdout
from execpy.errors import Usage
from s6utils.rc import repo as repolib
from s6utils.rc.errtext import SysFail
from s6utils.rc.gol import Arg, Flag, gol

PROG = b"s6-rc-set-status"
USAGE = b"s6-rc-set-status [ -v verbosity ] [ -r repo ] [ -E | -e ] [ -L ] set services..."

FLAGS = (Flag(b"E", b"with-essentials", "hide", False),
         Flag(b"e", b"without-essentials", "hide", True),
         Flag(b"L", b"list", "list"))
ARGS = (Arg(b"v", b"verbosity", "verbosity"), Arg(b"r", b"repodir", "repo"))


def main(ctx, argv):
    settings, i = gol(argv, FLAGS, ARGS)
    args = argv[i:]
    if not args:
        raise Usage(USAGE)
    setname, services = args[0], args[1:]
    verbosity = repolib.verbosity_of(settings)
    repolib.sanitize_setname(setname)
    for name in services:
        repolib.sanitize_svname(name)
    r = repolib.open_repo(ctx, PROG, settings, verbosity)
    return repolib.run_locked(r, True, lambda: _status(r, setname, services, settings))


def _status(r, setname, services, settings):
    code = r.check_set(setname)
    if code:
        return code
    wanted = None
    if services:
        wanted = set(r.db_list([b"atomics"] + services))
    out = []
    for rx in range(2 if settings.get("hide") else 3, -1, -1):
        fn = r.sources(setname, repolib.RXNAMES[rx])
        try:
            names = os.listdir(fn)
        except OSError as e:
            raise SysFail(b"opendir " + fn, e) from None
        tail = b"\n" if settings.get("list") else b"/" + repolib.RXNAMES[rx] + b"\n"
        out += [n + tail for n in names if n[:1] != b"." and (wanted is None or n in wanted)]
    try:
        write_stdout(b"".join(out))
    except OSError as e:
        raise SysFail(b"write to stdout", e) from None
    return 0
