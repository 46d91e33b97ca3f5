"""s6-rc-set-change: move services of a set to another prescription
(``mask``, ``disable``/``usable``, ``enable``/``active``, ``always`` with
-e, and their synonyms). Services that would contradict the change
(dependents of services moved down, dependencies of services moved up,
pipeline partners when masking) are reported; ``-p`` moves them too,
``-i`` fails (1) instead, ``-n`` changes nothing."""

from execpy.errors import Die, Usage, write_stderr
from s6utils.rc import repo as repolib
from s6utils.rc import sets
from s6utils.rc.gol import Arg, Flag, gol

PROG = b"s6-rc-set-change"
USAGE = (b"s6-rc-set-change [ -v verbosity ] [ -r repo ] [ -E | -e ] [ -n ] [ -I | -i ] "
         b"[ -P | -p ] set newrx services...")

FLAGS = (Flag(b"E", b"no-force-essential", "essential", False),
         Flag(b"e", b"force-essential", "essential", True),
         Flag(None, b"no-dry-run", "dry", False), Flag(b"n", b"dry-run", "dry", True),
         Flag(b"I", b"no-fail-on-dependencies", "faildeps", False),
         Flag(b"i", b"fail-on-dependencies", "faildeps", True),
         Flag(b"P", b"no-pull-dependencies", "pull", False),
         Flag(b"p", b"pull-dependencies", "pull", True))
ARGS = (Arg(b"v", b"verbosity", "verbosity"), Arg(b"r", b"repodir", "repo"))

DIRECTIVES = {
    b"activate": 2, b"active": 2, b"always": 3, b"deactivate": 1, b"disable": 1,
    b"disabled": 1, b"enable": 2, b"enabled": 2, b"essential": 3, b"inactive": 1,
    b"latent": 1, b"make-essential": 3, b"mask": 0, b"masked": 0, b"onboot": 2,
    b"suppress": 0, b"unmask": 1, b"unmasked": 1, b"usable": 1,
}


def main(ctx, argv):
    settings, i = gol(argv, FLAGS, ARGS)
    args = argv[i:]
    verbosity = repolib.verbosity_of(settings)
    if len(args) < 3:
        raise Usage(USAGE)
    setname = args[0]
    repolib.sanitize_setname(setname)
    newrx = DIRECTIVES.get(args[1])
    if newrx is None:
        raise Die(100, b"unrecognized state change directive: " + args[1])
    if newrx == 3 and not settings.get("essential"):
        raise Die(100, b"unable to artificially mark a service as essential without "
                  b"--force-essential")
    for name in args[2:]:
        repolib.sanitize_svname(name)
    r = repolib.open_repo(ctx, PROG, settings, verbosity)
    return repolib.run_locked(r, True, lambda: _change(r, setname, newrx, args[2:], settings))


def _change(r, setname, newrx, services, settings):
    try:
        svl = sets.SvList(r, setname)
    except repolib.Failed:
        return 111
    try:
        flat = r.db_list([b"atomics"] + services)
    except repolib.Failed as e:
        return e.code
    if not flat:
        raise Die(101, b"can't happen: 0 services in flattened list!")
    starting = []
    for name in flat:
        k = svl.index.get(name)
        if k is None:
            raise Die(102, b"inconsistent view in set " + setname + b" of repository " + r.path
                      + b": service " + name + b" is defined in the reference database but "
                      b"not in the textual representation of the set")
        starting.append((name, svl.byname[k].rx))
        svl.byname[k].rx = newrx
    try:
        bads = sets.bad_rx(r, setname, flat, newrx, 3, svl)
    except repolib.Failed:
        return 111
    faildeps, pull, dry = (settings.get("faildeps"), settings.get("pull"), settings.get("dry"))
    if bads:
        if faildeps or r.verbosity > (1 if pull else 0):
            kind = b"fatal" if faildeps else b"info" if pull else b"warning"
            write_stderr(PROG + b": " + kind + b": the following services ("
                         + (b"dependencies of" if newrx >= 2 else b"depending on")
                         + b" the ones given as arguments, or part of the same pipeline) "
                         + (b"are also being" if pull else b"also need to be")
                         + b" changed to \"" + repolib.RXNAMES[newrx] + b"\": "
                         + b"".join(svl.byname[k].name + b" " for k in bads) + b"\n")
        if faildeps:
            return 1
        if dry:
            return 0
        if pull:
            full = starting + [(svl.byname[k].name, svl.byname[k].rx) for k in bads]
            try:
                sets.move(r, setname, full, newrx)
            except repolib.Failed:
                return 111
            return 0
    if not dry:
        try:
            sets.move(r, setname, starting, newrx)
        except repolib.Failed:
            return 111
    return 0
