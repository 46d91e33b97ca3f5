"""s6-rc-repo-sync: bring a repository in line with its stores: a new
reference database from every service they define, then every set gets
the new services (with their default prescriptions) and loses the ones
that are gone."""

from s6utils.rc import repo as repolib
from s6utils.rc.gol import Arg, gol

PROG = b"s6-rc-repo-sync"
USAGE = b"s6-rc-repo-sync [ -v verbosity ] [ -r repo ] [ -h fdhuser ]"

ARGS = (Arg(b"v", b"verbosity", "verbosity"), Arg(b"r", b"repodir", "repo"),
        Arg(b"h", b"fdholder-user", "fdhuser"))


def main(ctx, argv):
    settings, i = gol(argv, (), ARGS)
    verbosity = repolib.verbosity_of(settings)
    r = repolib.open_repo(ctx, PROG, settings, verbosity)
    return repolib.run_locked(r, True, lambda: _sync(r, settings.get("fdhuser")))


def _sync(r, fdhuser):
    res = r.sync(fdhuser)
    if res <= 0:
        return 111 if res else 1
    r.touch_all()
    return 0
