"""s6-rc-set-commit: compile a set into its database in the repository,
``compiled/SET``: the set's usable, active and always services, the
store bundles that contain no masked service, and a default bundle (-D,
``default``) of the active and always ones. Nothing to do if the set has
not changed since its last commit (unless -f); refused (1) if the set is
inconsistent. ``-K`` keeps the previous database and prints its path.
"""

from execpy.engine.fdio import write_stdout
from execpy.errors import Die, Usage
from s6utils.rc import repo as repolib
from s6utils.rc import sets
from s6utils.rc.errtext import SysFail
from s6utils.rc.gol import Arg, Flag, gol

PROG = b"s6-rc-set-commit"
USAGE = (b"s6-rc-set-commit [ -v verbosity ] [ -r repo ] [ -D defaultbundle ] [ -h fdhuser ] "
         b"[ -K ] [ -f ] set")
DEFBUNDLE = b"default"

FLAGS = (Flag(b"K", b"keep-old", "keep"), Flag(b"f", b"force", "force"))
ARGS = (Arg(b"v", b"verbosity", "verbosity"), Arg(b"r", b"repodir", "repo"),
        Arg(b"D", b"default-bundle", "defbundle"), Arg(b"h", b"fdholder-user", "fdhuser"))


def main(ctx, argv):
    settings, i = gol(argv, FLAGS, ARGS)
    args = argv[i:]
    verbosity = repolib.verbosity_of(settings)
    if not args:
        raise Usage(USAGE)
    setname = args[0]
    repolib.sanitize_setname(setname)
    r = repolib.open_repo(ctx, PROG, settings, verbosity)
    return repolib.run_locked(r, True, lambda: _commit(r, setname, settings))


def _commit(r, setname, settings):
    code = r.check_set(setname)
    if code:
        return code
    if not settings.get("force"):
        fresh = r.set_up_to_date(setname)
        if fresh is None:
            return 111
        if fresh:
            if r.verbosity >= 2:
                r.info(b"set ", setname, b" is already up-to-date.")
            return 0
    e = sets.fix_set(r, setname, sets.FIX_CHECK)
    if e == 1:
        raise Die(1, b"unable to commit: found inconsistent dependencies")
    if e:
        return e
    res, oldc = r.compile_set(setname, settings.get("defbundle", DEFBUNDLE),
                              settings.get("fdhuser"))
    if res < 0:
        return 111
    if not res:
        return 1
    if res == 2:
        if settings.get("keep"):
            try:
                write_stdout(oldc + b"\n")
            except OSError as e:
                raise SysFail(b"write to stdout", e) from None
        else:
            repolib.rm_rf(oldc)
    return 0
