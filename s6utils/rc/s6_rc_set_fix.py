"""s6-rc-set-fix: make sets consistent (every set without arguments):
services that depend on services in a lower prescription are moved down
to it (``-u``: their dependencies are moved up instead); an essential
service is never moved down unless -e; ``-n`` only says what it would do.
"""

import os

from s6utils.rc import repo as repolib
from s6utils.rc import sets
from s6utils.rc.gol import Arg, Flag, gol

PROG = b"s6-rc-set-fix"
USAGE = (b"s6-rc-set-fix [ -v verbosity ] [ -r repo ] [ -u | -d ] [ -E | -e ] [ -n ] "
         b"[ sets... ]")

FLAGS = (Flag(b"u", b"fix-up", "up", True), Flag(b"d", b"fix-down", "up", False),
         Flag(b"E", b"no-force-essential", "essential", False),
         Flag(b"e", b"force-essential", "essential", True),
         Flag(b"n", b"dry-run", "dry", True))
ARGS = (Arg(b"v", b"verbosity", "verbosity"), Arg(b"r", b"repodir", "repo"))


def main(ctx, argv):
    settings, i = gol(argv, FLAGS, ARGS)
    names = argv[i:]
    verbosity = repolib.verbosity_of(settings)
    for name in names:
        repolib.sanitize_setname(name)
    options = ((sets.FIX_UP if settings.get("up") else 0)
               | (sets.FIX_FORCE_ESSENTIAL if settings.get("essential") else 0)
               | (sets.FIX_DRYRUN if settings.get("dry") else 0))
    r = repolib.open_repo(ctx, PROG, settings, verbosity)
    return repolib.run_locked(r, True, lambda: _fix(r, names, options))


def _fix(r, names, options):
    if not names:
        try:
            names = [n for n in os.listdir(r.sources()) if n[:1] != b"."]
        except OSError as e:
            r.fail(b"list sets at " + r.path, e)
            return 111
    else:
        for name in names:
            code = r.check_set(name)
            if code:
                return code
    for name in names:
        code = sets.fix_set(r, name, options)
        if code:
            return code
    return 0
