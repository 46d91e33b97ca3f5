"""s6-rc-repo-list: print the name of every set of a repository, one a
line, in directory order (``-x name`` leaves one out)."""

import os

from execpy.engine.fdio import write_stdout
from s6utils.rc import repo as repolib
from s6utils.rc.errtext import SysFail
from s6utils.rc.gol import Arg, gol

PROG = b"s6-rc-repo-list"
USAGE = b"s6-rc-repo-list [ -v verbosity ] [ -r repo ] [ -x exclude ]"

ARGS = (Arg(b"v", b"verbosity", "verbosity"), Arg(b"r", b"repodir", "repo"),
        Arg(b"x", b"exclude", "exclude"))


def main(ctx, argv):
    settings, i = gol(argv, (), ARGS)
    verbosity = repolib.verbosity_of(settings)
    r = repolib.open_repo(ctx, PROG, settings, verbosity)
    return repolib.run_locked(r, True, lambda: _list(r, settings.get("exclude")))


def _list(r, exclude):
    fn = r.sources()
    try:
        names = os.listdir(fn)
    except OSError as e:
        raise SysFail(b"opendir " + fn, e) from None
    try:
        write_stdout(b"".join(n + b"\n" for n in names if n[:1] != b"." and n != exclude))
    except OSError as e:
        raise SysFail(b"write to stdout", e) from None
