"""s6-rc-set-install: make a committed set the live database: copy its
compiled database beside the boot database (-c), have s6-rc-update switch
the live s6-rc (-l) to the copy (not with --no-update), then point the
boot database link at it. ``-K`` keeps the previous live database and
prints its path (else it is removed)."""

import os

from execpy.engine.fdio import write_stdout
from execpy.errors import Die, Usage
from s6utils.lib import hiercopy
from s6utils.rc import repo as repolib
from s6utils.rc.errtext import SysFail
from s6utils.rc.gol import Arg, Flag, gol

PROG = b"s6-rc-set-install"
USAGE = (b"s6-rc-set-install [ -v verbosity ] [ -c bootdb ] [ -l livedir ] [ -r repo ] "
         b"[ -f convfile ] [ -b ] [ -K ] [ -e | -E ] set")
BOOTDB = b"/etc/s6-rc/compiled/current"
LIVEDIR = b"/run/s6-rc"

FLAGS = (Flag(b"b", b"block", "block"), Flag(b"K", b"keep-old", "keep"),
         Flag(None, b"no-update", "noupdate"),
         Flag(b"e", b"force-essentials", "noforce", False),
         Flag(b"E", b"no-force-essentials", "noforce", True))
ARGS = (Arg(b"v", b"verbosity", "verbosity"), Arg(b"c", b"bootdb", "bootdb"),
        Arg(b"l", b"livedir", "live"), Arg(b"r", b"repodir", "repo"),
        Arg(b"f", b"conversion-file", "convfile"))


def main(ctx, argv):
    settings, i = gol(argv, FLAGS, ARGS)
    args = argv[i:]
    verbosity = repolib.verbosity_of(settings)
    bootdb = settings.get("bootdb", BOOTDB)
    live = settings.get("live", LIVEDIR)
    if bootdb[:1] != b"/":
        raise Die(100, b"bootdb needs to be an absolute path")
    if live[:1] != b"/":
        raise Die(100, b"livedir needs to be an absolute path")
    if not args:
        raise Usage(USAGE)
    setname = args[0]
    repolib.sanitize_setname(setname)
    r = repolib.open_repo(ctx, PROG, settings, verbosity)
    return repolib.run_locked(r, False, lambda: _install(r, setname, bootdb, live, settings))


def _install(r, setname, bootdb, live, settings):
    code = r.check_set(setname)
    if code:
        return code
    fresh = r.set_up_to_date(setname)
    if fresh is None:
        return 111
    if not fresh:
        raise Die(7, b"set " + setname + b" is not up-to-date; commit it first")
    clink = r.compiled(setname)
    try:
        target = os.readlink(clink)
    except OSError as e:
        raise SysFail(b"readlink " + clink, e) from None
    if len(target) >= len(setname) + 35:
        raise Die(102, b"unable to incorrect/unexpected link contents for " + clink)
    cfull = r.compiled(target)
    dstfn = os.path.dirname(bootdb) + b"/" + target
    try:
        src = os.stat(cfull).st_mtime_ns
    except OSError as e:
        raise SysFail(b"stat " + cfull, e) from None
    try:
        dst = os.stat(dstfn).st_mtime_ns
    except FileNotFoundError:
        pass
    except OSError as e:
        raise SysFail(b"stat " + dstfn, e) from None
    else:
        if dst >= src:
            r.info(b"set ", setname, b" is already installed as ", dstfn)
            return 0
        raise Die(102, b"huh? " + dstfn + b" already exists")
    olddb = None
    try:
        os.stat(live + b"/compiled")
        olddb = os.path.realpath(live + b"/compiled")
    except FileNotFoundError:
        pass
    except OSError as e:
        raise SysFail(b"realpath " + live + b"/compiled", e) from None
    try:
        hiercopy.hiercopy(cfull, dstfn)
    except OSError as e:
        repolib.rm_rf(dstfn)
        raise SysFail(b"recursively copy " + cfull + b" to " + dstfn, e) from None
    if not settings.get("noupdate"):
        _update(r, settings, live, dstfn, olddb)
    name = dstfn[dstfn.rfind(b"/") + 1:]
    try:
        repolib.atomic_symlink(name, bootdb)
    except OSError as e:
        raise SysFail(b"symlink " + name + b" to " + bootdb + b" (live database switch was "
                      b"performed) (update that link manually or next boot might fail)",
                      e) from None
    return 0


def _update(r, settings, live, dstfn, olddb):
    args = []
    if settings.get("block"):
        args.append(b"-b")
    args += [b"-E" if settings.get("noforce") else b"-e", b"-v", b"%d" % r.verbosity,
             b"-l", live]
    if "convfile" in settings:
        args += [b"-f", settings["convfile"]]
    args += [b"--", dstfn]
    prog = r.binprefix + b"s6-rc-update"
    got = r.run(b"s6-rc-update", args)
    if got is None:  # said
        repolib.rm_rf(dstfn)
        raise repolib.Failed(111)
    status = got[0]
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        raise Die(128 + sig, prog + b" crashed with signal %d" % sig)
    code = os.WEXITSTATUS(status)
    if code == 111:
        raise Die(111, prog + b" exited 111, unable to know the state of the live db or "
                  b"clean up")
    if 3 <= code <= 10 or code == 100:
        repolib.rm_rf(dstfn)
        raise Die(code, prog + b" exited with code %d (live database switch was NOT "
                  b"performed)" % code)
    if olddb is not None:
        if settings.get("keep"):
            try:
                write_stdout(olddb + b"\n")
            except OSError as e:
                raise SysFail(b"write to stdout (live database switch was performed)",
                              e) from None
        else:
            repolib.rm_rf(olddb)
    if code:
        raise Die(code, prog + b" exited with code %d (live database switch was performed"
                  % code)
