"""s6-rc-set-new: create sets in a repository, each service of the
reference database in its default prescription (always if essential,
active if recommended, usable otherwise)."""

import errno
import os

from execpy.errors import Die
from s6utils.rc import livedir
from s6utils.rc import repo as repolib
from s6utils.rc.errtext import SysFail

PROG = b"s6-rc-set-new"
USAGE = b"s6-rc-set-new [ -v verbosity ] [ -r repo ] setname..."


def _new_set(r, name):
    fn = r.sources(name)
    try:
        os.stat(fn)
    except OSError as e:  # access(F_OK): a dangling link is no set
        if e.errno != errno.ENOENT:
            raise SysFail(b"access " + fn, e) from None
    else:
        raise Die(100, b"set " + name + b" already exists in repository " + r.path)
    template = r.sources(b"." + name + b":")
    old = os.umask(0)
    try:
        try:
            tmp = livedir.mkdtemp(template)
        except OSError as e:
            raise SysFail(b"mkdtemp " + template + b"XXXXXX", e) from None
        for rx in repolib.RXNAMES:
            try:
                os.mkdir(tmp + b"/" + rx, repolib.DIRMODE)
            except OSError as e:
                repolib.rm_rf(tmp)
                raise SysFail(b"mkdir " + tmp + b"/" + rx, e) from None
    finally:
        os.umask(old)
    setdir = tmp[tmp.rfind(b"/") + 1:]
    try:
        r.fill_set(setdir)
        r.touch_set(setdir)
    except repolib.Failed as e:
        repolib.rm_rf(tmp)
        return e.code
    repolib.set_dirmode(tmp)
    try:
        os.symlink(setdir, fn)
    except OSError as e:
        repolib.rm_rf(tmp)
        raise SysFail(b"symlink " + tmp + b" to " + fn, e) from None
    return 0


def main(ctx, argv):
    return repolib.each_set_main(ctx, argv, PROG, USAGE, _new_set)
