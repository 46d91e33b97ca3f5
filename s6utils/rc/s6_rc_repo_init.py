"""s6-rc-repo-init: create an s6-rc repository linked to a list of stores
(or, with -U, change the stores of an existing one), then synchronize it
with them (unless -B): the reference database is compiled from every
service of every store, so an inconsistent set of stores fails here (1).
"""

import errno
import os
import stat

from execpy.engine import Exit
from execpy.errors import Die, Usage
from s6utils.rc import livedir
from s6utils.rc import repo as repolib
from s6utils.rc.errtext import SysFail
from s6utils.rc.gol import Arg, Flag, gol

PROG = b"s6-rc-repo-init"
USAGE = (b"s6-rc-repo-init [ -v verbosity ] [ -r repo ] [ -h fdhuser ] [ -f ] [ -U ] [ -B ] "
         b"stores...")

FLAGS = (Flag(b"f", b"force", "force"), Flag(b"U", b"update-stores", "update"),
         Flag(b"B", b"bare", "bare"))
ARGS = (Arg(b"v", b"verbosity", "verbosity"), Arg(b"r", b"repodir", "repo"),
        Arg(b"h", b"fdholder-user", "fdhuser"))


def _check_stores(stores):
    for s in stores:
        if s[:1] != b"/":
            raise Die(100, s + b" is not an absolute path")
        if b"\n" in s:
            raise Die(100, b"stores cannot contain newlines in their path")
    for s in stores:
        try:
            st = os.stat(s)
        except OSError as e:
            raise SysFail(b"stat " + s, e) from None
        if not stat.S_ISDIR(st.st_mode):
            raise Die(111, s + b" is not a directory")
        if not os.access(s, os.X_OK):
            raise SysFail(b"access " + s, OSError(errno.EACCES, "")) from None


def _mkdirp(path, mode):
    """skalibs' mkdirp2: every missing component, each with ``mode``."""
    if not path or os.path.isdir(path):
        return
    _mkdirp(os.path.dirname(path.rstrip(b"/")), mode)
    try:
        os.mkdir(path, mode)
    except FileExistsError:
        pass


def _create(repo, force):
    """Make the empty repository in a temporary directory beside ``repo``,
    then rename it into place (with -f, moving an existing one aside to
    ``REPO:old:...``)."""
    template = repo + b":new:"
    try:
        tmp = livedir.mkdtemp(template)
    except FileNotFoundError:
        parent = repo[:repo.rfind(b"/")] if b"/" in repo else b""
        try:
            _mkdirp(parent, repolib.DIRMODE)
        except OSError as e:
            raise SysFail(b"mkdir " + parent, e) from None
        try:
            tmp = livedir.mkdtemp(template)
        except OSError as e:
            raise SysFail(b"mkdtemp " + template + b"XXXXXX", e) from None
    except OSError as e:
        raise SysFail(b"mkdtemp " + template + b"XXXXXX", e) from None
    for sub in (b"compiled", b"sources"):
        try:
            os.mkdir(tmp + b"/" + sub, repolib.DIRMODE)
        except OSError as e:
            repolib.rm_rf(tmp)
            raise SysFail(b"mkdir " + tmp + b"/" + sub, e) from None
    try:
        os.close(os.open(tmp + b"/lock", os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC,
                         0o666))
    except OSError as e:
        repolib.rm_rf(tmp)
        raise SysFail(b"create " + tmp + b"/lock", e) from None
    repolib.set_dirmode(tmp)
    try:
        os.rename(tmp, repo)
        return
    except OSError as e:
        if e.errno not in (errno.EEXIST, errno.ENOTEMPTY) or not force:
            repolib.rm_rf(tmp)
            raise SysFail(b"rename " + tmp + b" to " + repo, e) from None
    aside = repo + b":old:" + b"".join(livedir.random_suffix() for _ in range(3))[:15]
    try:
        os.rename(repo, aside)
    except OSError as e:
        repolib.rm_rf(tmp)
        raise SysFail(b"rename " + repo + b" to " + aside, e) from None
    try:
        os.rename(tmp, repo)
    except OSError as e:
        try:
            os.rename(aside, repo)
        except OSError:
            raise SysFail(b"rename directories to " + repo + b": weird race happened. New "
                          b"repository is at " + tmp + b" and old repository is at " + aside
                          + b" - reported error was", e) from None
        repolib.rm_rf(tmp)
        raise SysFail(b"rename " + tmp + b" to " + repo, e) from None


def _make_stores(r, stores):
    """s6rc_repo_makestores: a new ``.stores:XXXXXX`` with one link per
    store, made the repository's ``stores``; returns (the old target or
    None, the new one); raises Failed."""
    template = r.path + b"/.stores:"
    old = os.umask(0)
    try:
        sdir = livedir.mkdtemp(template)
    except OSError as e:
        r.fail(b"mkdtemp " + template + b"XXXXXX", e)
        raise repolib.Failed(111) from None
    finally:
        os.umask(old)
    try:
        for i, store in enumerate(stores):
            link = sdir + b"/%04x" % i
            try:
                os.symlink(store, link)
            except OSError as e:
                r.fail(b"symlink " + store + b" to " + link, e)
                raise repolib.Failed(111) from None
        try:
            os.chmod(sdir, repolib.DIRMODE)
        except OSError as e:
            r.fail(b"chmod " + sdir, e)
            raise repolib.Failed(111) from None
        name = sdir[len(r.path) + 1:]
        try:
            return repolib.atomic_symlink(name, r.path + b"/stores"), name
        except OSError as e:
            r.fail(b"atomically symlink " + name + b" to " + r.path + b"/stores", e)
            raise repolib.Failed(111) from None
    except repolib.Failed:
        repolib.rm_rf(sdir)
        raise


def main(ctx, argv):
    settings, i = gol(argv, FLAGS, ARGS)
    stores = argv[i:]
    if not stores:
        raise Usage(USAGE)
    if len(stores) > 65535:
        raise Die(100, b"too many stores specified")
    verbosity = repolib.verbosity_of(settings)
    _check_stores(stores)
    path = settings.get("repo", repolib.REPODIR)
    update = settings.get("update", False)
    if not update:
        old = os.umask(0)
        try:
            _create(path, settings.get("force", False))
        finally:
            os.umask(old)
    r = repolib.Repo(PROG, path, verbosity, ctx.env)
    try:
        lockfd = r.lock(True)
    except Die:
        if not update:
            repolib.rm_rf(path)
        raise
    try:
        return Exit(_fill(r, stores, update, settings))
    finally:
        os.close(lockfd)


def _fill(r, stores, update, settings):
    try:
        oldstores, newstores = _make_stores(r, stores)
    except repolib.Failed:
        if not update:
            repolib.rm_rf(r.path)
        return 111
    if not settings.get("bare"):
        res = r.sync(settings.get("fdhuser"))
        if res <= 0:
            if oldstores:
                link = r.path + b"/stores"
                try:
                    repolib.atomic_symlink(oldstores, link)
                except OSError as e:
                    raise SysFail(b"atomically switch back stores at " + r.path
                                  + b" - old store is " + oldstores + b" and new (invalid) "
                                  b"store is " + newstores + b" - reported error was", e) from None
                repolib.rm_rf(r.path + b"/" + newstores)
            return 111 if res else 1
    if oldstores:
        repolib.rm_rf(r.path + b"/" + oldstores)
    return 0
