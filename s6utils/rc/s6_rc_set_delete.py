"""s6-rc-set-delete: remove sets from a repository (a set that does not
exist is no error), with their compiled database link.

As C s6-rc 0.7.0.0 does, it looks for the set's compiled databases
(``compiled/.SET:...``) with a test that no name of theirs passes, so the
databases themselves stay behind; only the ``compiled/SET`` link goes."""

import errno
import os

from execpy.errors import Die
from s6utils.lib.files import unlink_quiet
from s6utils.rc import repo as repolib
from s6utils.rc.errtext import SysFail

PROG = b"s6-rc-set-delete"
USAGE = b"s6-rc-set-delete [ -v verbosity ] [ -r repo ] setname..."


def _delete(r, name):
    fn = r.sources(name)
    if os.access(fn, os.W_OK):
        try:
            target = os.readlink(fn)
        except OSError as e:
            raise SysFail(b"readlink " + fn, e) from None
        if len(target) != len(name) + 8:
            raise Die(102, b"symlink " + fn + b" points to an invalid name")
        unlink_quiet(fn)
        repolib.rm_rf(r.sources(target))
    else:
        err = _access_errno(fn)
        if err != errno.ENOENT:
            raise SysFail(b"access " + fn, err)
    unlink_quiet(r.compiled(name))
    where = r.compiled()
    try:
        entries = os.listdir(where)
    except OSError as e:
        raise SysFail(b"opendir " + where, e) from None
    start = b"." + name + b":"
    for entry in entries:
        if entry.startswith(start) and len(entry) - len(start) == 6:
            repolib.rm_rf(where + b"/" + entry)


def _access_errno(fn):
    try:
        os.stat(fn)
    except OSError as e:
        return e.errno
    return errno.EACCES


def main(ctx, argv):
    return repolib.each_set_main(ctx, argv, PROG, USAGE, _delete)
