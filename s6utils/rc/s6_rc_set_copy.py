"""s6-rc-set-copy: copy a set of a repository, prescriptions and all, to a
new name (``-f`` replaces an existing destination)."""

import errno
import os

from execpy.errors import Die, Usage
from s6utils.lib import hiercopy
from s6utils.rc import livedir
from s6utils.rc import repo as repolib
from s6utils.rc.errtext import SysFail
from s6utils.rc.gol import Arg, Flag, gol

PROG = b"s6-rc-set-copy"
USAGE = b"s6-rc-set-copy [ -v verbosity ] [ -r repo ] [ -f ] srcset dstset"

FLAGS = (Flag(b"f", b"force", "force"),)
ARGS = (Arg(b"v", b"verbosity", "verbosity"), Arg(b"r", b"repodir", "repo"))


def _copy(r, srcname, dstname, force):
    src, dst = r.sources(srcname), r.sources(dstname)
    try:
        os.stat(dst)
    except OSError as e:
        if e.errno != errno.ENOENT:
            raise SysFail(b"access " + dst, e) from None
    else:
        if not force:
            raise Die(1, b"set " + dstname + b" already exists in repository " + r.path)
    try:
        target = os.readlink(src)
    except OSError as e:
        raise SysFail(b"readlink " + src, e) from None
    if len(target) != len(srcname) + 8:
        raise Die(102, b"symlink " + src + b"doesn't point to a valid name")
    realsrc = r.sources(target)
    template = r.sources(b"." + dstname + b":")
    for _ in range(100):
        realdst = template + livedir.random_suffix()
        if not os.path.lexists(realdst):
            break
    else:
        raise SysFail(b"mkntemp " + template + b"XXXXXX", errno.EEXIST)
    try:
        hiercopy.hiercopy(realsrc, realdst)
    except OSError as e:
        repolib.rm_rf(realdst)
        raise SysFail(b"copy " + realsrc + b" to " + realdst, e) from None
    name = realdst[realdst.rfind(b"/") + 1:]
    try:
        old = repolib.atomic_symlink(name, dst)
    except OSError as e:
        repolib.rm_rf(realdst)
        raise SysFail(b"symlink " + name + b" to " + dst, e) from None
    if old:
        repolib.rm_rf(r.sources(old))


def main(ctx, argv):
    settings, i = gol(argv, FLAGS, ARGS)
    args = argv[i:]
    verbosity = repolib.verbosity_of(settings)
    if len(args) < 2:
        raise Usage(USAGE)
    if args[0] == args[1]:
        raise Die(100, b"source and destination sets are the same")
    repolib.sanitize_setname(args[0])
    repolib.sanitize_setname(args[1])
    r = repolib.open_repo(ctx, PROG, settings, verbosity)
    return repolib.run_locked(r, True,
                              lambda: _copy(r, args[0], args[1], settings.get("force", False)))
