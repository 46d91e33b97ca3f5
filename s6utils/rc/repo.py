"""The s6-rc 0.7 repository, as the repo and set commands lay it out.

A repository (``/var/lib/s6-rc/repository`` by default) holds:

- ``lock``: the repository lock (a shared or exclusive record lock);
- ``stores`` -> ``.stores:XXXXXX``, whose ``0000``, ``0001``... are
  symlinks to the stores (directories of service definitions), in order;
- ``sources/``: ``.atomics`` -> ``..atomics:XXXXXX`` and ``.bundles`` ->
  ``..bundles:XXXXXX``, one symlink per service of the stores
  (``../../stores/NNNN/name``, a later store overriding an earlier one);
  and one symlink per set, ``SET`` -> ``.SET:XXXXXX``, a directory with one
  subdirectory per prescription (``masked``, ``usable``, ``active``,
  ``always``) holding a ``../../.atomics/name`` symlink for each service,
  and ``.stamp``, touched whenever the set changes;
- ``compiled/``: ``.ref`` -> ``..ref:@TAI64N:XXXXXX``, the reference
  database (every service of every store), and ``SET`` ->
  ``.SET:@TAI64N:XXXXXX`` for each committed set.

Names and modes are C s6-rc 0.7.0.0's; what the commands print is
skalibs' (``prog: fatal: unable to ...`` for a failure that a caller turns
into an exit code). The compiler and s6-rc-db are run as C runs them, as
child processes, but in-process through the engine in a forked child.
"""

import errno
import fcntl
import os
import shutil

from execpy.engine import Exit, core, process
from execpy.errors import Die, Usage, write_stderr
from s6utils.lib import cdb
from s6utils.lib.files import unlink_quiet
from s6utils.lib.tai import label_now
from s6utils.rc import errtext, layout, livedir, lock
from s6utils.rc import db as dbfile
from s6utils.rc.files import write_file
from s6utils.rc.gol import Arg, gol

REPODIR = b"/var/lib/s6-rc/repository"
RXNAMES = (b"masked", b"usable", b"active", b"always")
MASKED, USABLE, ACTIVE, ALWAYS = range(4)
DIRMODE = 0o2755


class Failed(Exception):
    """A repository operation failed after saying why; ``code`` is what
    the command exits with."""

    def __init__(self, code=111):
        super().__init__(code)
        self.code = code


class Repo:
    """One repository and the command working on it: its messages and
    verbosity, and the environment its child programs get."""

    def __init__(self, prog, path, verbosity, env):
        self.prog = prog
        self.path = path
        self.verbosity = verbosity
        self.env = env
        self.binprefix = layout.current(env).s6rc_libexec
        self._ref = None  # the reference database, once read

    # messages, worded as skalibs' strerr_warn* ------------------------------
    def _say(self, kind, parts):
        write_stderr(self.prog + kind + b"".join(parts) + b"\n")

    def fatal(self, *parts):
        self._say(b": fatal: ", parts)

    def fail(self, what, err):
        """``prog: fatal: unable to WHAT: strerror`` (a warning C prints
        before giving up)."""
        if isinstance(err, OSError):
            err = err.errno
        self._say(b": fatal: unable to ", [what, b": ", errtext.strerror(err)])

    def fail_x(self, *parts):
        """``prog: fatal: unable to ...`` without an errno."""
        self._say(b": fatal: unable to ", parts)

    def warn_fail(self, what, err):
        """``prog: warning: unable to WHAT: strerror``."""
        if isinstance(err, OSError):
            err = err.errno
        self._say(b": warning: unable to ", [what, b": ", errtext.strerror(err)])

    def warn(self, *parts):
        self._say(b": warning: ", parts)

    def info(self, *parts):
        self._say(b": info: ", parts)

    def trace(self, *parts):
        self._say(b": tracing: ", parts)

    # paths ------------------------------------------------------------------
    def sources(self, *rest):
        return b"/".join((self.path + b"/sources",) + rest)

    def compiled(self, *rest):
        return b"/".join((self.path + b"/compiled",) + rest)

    def refdb(self):
        return self.path + b"/compiled/.ref"

    # the lock ---------------------------------------------------------------
    def lock(self, exclusive):
        """s6rc_repo_lock: open ``lock`` (it must exist) and lock it,
        waiting; the fd; dies 111 ``unable to lock REPO``."""
        flags = (os.O_WRONLY if exclusive else os.O_RDONLY) | os.O_CLOEXEC
        try:
            fd = os.open(self.path + b"/lock", flags)
        except OSError as e:
            raise errtext.SysFail(b"lock " + self.path, e) from None
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        except OSError as e:
            os.close(fd)
            raise errtext.SysFail(b"lock " + self.path, e) from None
        process.took_lock(fd)
        return fd

    # running s6-rc-compile and s6-rc-db -------------------------------------
    def run(self, name, args, capture=False):
        """Run the s6-rc program ``name`` with ``args`` (run_tool); None
        if it cannot be started (after saying so)."""
        path = self.binprefix + name
        try:
            return run_tool(self.env, [name] + list(args), path, capture)
        except OSError as e:
            self.fail(b"spawn " + path, e)
            return None

    def db_query(self, args, opts=()):
        """``s6-rc-db -c REPO/compiled/.ref -b OPTS -- ARGS``: (exit code or
        None if it died of a signal (said), its output); None if it could
        not be started (said)."""
        argv = [b"-c", self.refdb(), b"-b"] + list(opts) + [b"--"] + list(args)
        got = self.run(b"s6-rc-db", argv, True)
        if got is None:
            return None
        status, out = got
        if os.WIFSIGNALED(status):
            self.fatal(self.binprefix, b"s6-rc-db crashed with signal ",
                       b"%d" % os.WTERMSIG(status))
            return None, out
        return os.WEXITSTATUS(status), out

    def _refdb(self):
        """(database, resolve.cdb) of the reference database, read once
        under its shared lock as s6-rc-db reads it; None if that fails
        (the callers then ask s6-rc-db, which says why)."""
        if self._ref is None:
            self._ref = False
            try:
                fd = lock.take(self.refdb(), False, True)
                try:
                    dirfd = os.open(self.refdb(), os.O_RDONLY | os.O_CLOEXEC)
                    try:
                        db = dbfile.load(dirfd, b"", b"")
                        self._ref = (db, cdb.Cdb(dbfile.read_file(dirfd, b"resolve.cdb")))
                    finally:
                        os.close(dirfd)
                finally:
                    lock.release(fd)
            except (OSError, Die):
                pass
        return self._ref or None

    def service_flags(self, name):
        """s6rc_repo_getserviceflags: the flags word of ``name`` in the
        reference database; raises Failed(111) after saying why. Read in
        this process when the database is sound (C runs ``s6-rc-db flags``
        for each service); anything unusual goes to s6-rc-db as in C."""
        ref = self._refdb()
        if ref is not None:
            db, resolve = ref
            try:
                found = resolve.find(name)
                if found is not None and found[1] == 4:
                    x = int.from_bytes(resolve.data(*found), "big")
                    if x < db.n:
                        return db.services[x].flags
            except cdb.Invalid:
                pass
        got = self.db_query([b"flags", name])
        if got is None:
            raise Failed(111)
        code, out = got
        prog = self.binprefix + b"s6-rc-db"
        if len(out) != 9:
            if len(out) >= 10:
                self.fatal(b"invalid output from ", prog)
            else:
                self.fail(b"read output from " + prog, errno.EPIPE)
            raise Failed(111)
        if code is None:
            raise Failed(111)
        if code:
            self.fatal(prog, b" exited with code ", b"%d" % code)
            raise Failed(111)
        try:
            return int(out[:8], 16)
        except ValueError:
            self.fatal(b"invalid output from ", prog)
            raise Failed(111) from None

    def db_list(self, args, opts=()):
        """A list query on the reference database (``contents``,
        ``atomics``, ``dependencies``...): its lines, s6-rc's internal
        services removed; raises Failed(code) on failure, with C's code."""
        got = self.db_query(args, opts)
        if got is None:
            raise Failed(111)
        code, out = got
        if code is None:
            raise Failed(111)
        if code:
            raise Failed(code)
        names = out.split(b"\n")
        if names and names[-1] == b"":
            names.pop()
        return [n for n in names if not n.startswith((b"s6rc-", b"s6-rc-"))]

    def compile(self, setname, rxdirs, fdhuser=None):
        """s6rc_repo_compile: compile the source directories ``rxdirs``
        (relative to ``sources/``, or to ``sources/SET/`` for a set) into
        ``compiled/.SET:@TAI64N:XXXXXX`` and point ``compiled/SET`` at it.
        Returns (1 new, or 2 replacing a database, whose path is the second
        value); 0 if the sources do not compile (exit 1); -1 on failure."""
        if setname == b".ref":
            self._ref = None
        base = self.compiled(b".") + setname + b":" + label_now() + b":"
        newc = None
        for _ in range(100):
            candidate = base + livedir.random_suffix()
            if not os.path.lexists(candidate):
                newc = candidate
                break
        if newc is None:
            self.fail(b"mkntemp " + base + b"XXXXXX", errno.EEXIST)
            return -1, None
        args = [b"-v", b"%d" % self.verbosity, b"-b"]
        if fdhuser is not None:
            args += [b"-h", fdhuser]
        args += [b"--", newc]
        prefix = b"" if setname == b".ref" else setname + b"/"
        args += [self.sources(prefix + rx) for rx in rxdirs]
        got = self.run(b"s6-rc-compile", args)
        if got is None:
            return -1, None
        status = got[0]
        prog = self.binprefix + b"s6-rc-compile"
        if os.WIFSIGNALED(status):
            self.fatal(prog, b" crashed with signal ", b"%d" % os.WTERMSIG(status))
            return -1, None
        code = os.WEXITSTATUS(status)
        if code:
            self.fatal(prog, b" exited with code ", b"%d" % code)
            return (0 if code == 1 else -1), None
        link = self.compiled(setname)
        name = newc[newc.rfind(b"/") + 1:]
        try:
            old = atomic_symlink(name, link)
        except OSError as e:
            rm_rf(newc)
            self.fail(b"atomically symlink " + name + b" to " + link, e)
            return -1, None
        if old:
            return 2, self.compiled(old)
        return 1, None

    # sets -------------------------------------------------------------------
    def check_set(self, setname):
        """s6rc_repo_checkset: 0 if the set exists, else C's exit code
        (3 no such set, 102 not a directory, 111) after saying why."""
        fn = self.sources(setname)
        try:
            st = os.stat(fn)
        except OSError as e:
            if e.errno == errno.ENOENT:
                self.fatal(b"set ", setname, b" does not exist in repository ", self.path)
                return 3
            self.fail(b"stat " + fn, e)
            return 111
        import stat  # only here
        if not stat.S_ISDIR(st.st_mode):
            self.fatal(b"file ", fn, b" is not a directory")
            return 102
        return 0

    def touch_set(self, setname):
        fn = self.sources(setname, b".stamp")
        try:
            touch(fn)
        except OSError as e:
            self.fail(b"touch " + fn, e)
            raise Failed(111) from None

    def list_dir(self, path):
        """The names in ``path`` that do not start with a dot, in directory
        order; raises Failed after ``unable to opendir``."""
        try:
            return [n for n in os.listdir(path) if n[:1] != b"."]
        except OSError as e:
            self.fail(b"opendir " + path, e)
            raise Failed(111) from None

    def fill_set(self, setdir, existing=()):
        """s6rc_repo_fillset: give every service of ``sources/.atomics``
        that is not in ``existing`` its default prescription in the set
        directory ``sources/SETDIR``: always if essential, active if
        recommended, else usable."""
        existing = set(existing)
        for name in self.list_dir(self.sources(b".atomics")):
            if name in existing:
                continue
            flags = self.service_flags(name)
            rx = ALWAYS if flags & 1 else ACTIVE if flags & 2 else USABLE
            src = b"../../.atomics/" + name
            dst = self.sources(setdir, RXNAMES[rx], name)
            try:
                os.symlink(src, dst)
            except OSError as e:
                self.fail(b"symlink " + src + b" to " + dst, e)
                raise Failed(111) from None

    def sync_set(self, setname):
        """s6rc_repo_syncset: drop from the set the services the stores no
        longer have, and add the new ones with their default prescription."""
        still = []
        for rx in range(4):
            rxdir = self.sources(setname, RXNAMES[rx])
            for name in self.list_dir(rxdir):
                fn = rxdir + b"/" + name
                try:
                    os.stat(fn)
                except FileNotFoundError:
                    unlink_quiet(fn)
                    if self.verbosity >= 3:
                        self.info(b"service ", name, b" does not exist anymore, removed from rx ",
                                  RXNAMES[rx], b" of set ", setname)
                    continue
                except OSError as e:
                    self.fail(b"access " + fn, e)
                    raise Failed(111) from None
                still.append(name)
        self.fill_set(setname, still)

    def set_up_to_date(self, setname):
        """s6rc_repo_setuptodate: whether ``compiled/SET`` is newer than
        the set's stamp; None on failure (said)."""
        stamp = self.sources(setname, b".stamp")
        try:
            src = os.stat(stamp).st_mtime_ns
        except OSError as e:
            self.fail(b"stat " + stamp, e)
            return None
        fn = self.compiled(setname)
        try:
            dst = os.stat(fn).st_mtime_ns
        except FileNotFoundError:
            return False
        except OSError as e:
            self.fail(b"stat " + fn, e)
            return None
        return src < dst

    def compile_set(self, setname, defbundle, fdhuser=None):
        """s6rc_repo_setcompile: gather the set's bundles in
        ``sources/SET/bundle`` (the store bundles that hold no masked
        service, and ``defbundle`` of every active and always service),
        compile them with the usable, active and always services, then
        remove the bundle directory. Returns what ``compile`` does."""
        try:
            self._set_bundles(setname)
            self._default_bundle(setname, defbundle)
        except Failed:
            return -1, None
        try:
            return self.compile(setname, [b"bundle"] + list(RXNAMES[1:]), fdhuser)
        finally:
            rm_rf(self.sources(setname, b"bundle"))

    def _set_bundles(self, setname):
        dst = self.sources(setname, b"bundle")
        rm_rf(dst)
        try:
            os.mkdir(dst, DIRMODE)
        except OSError as e:
            self.fail(b"mkdir " + dst, e)
            raise Failed(111) from None
        try:
            masked = self.list_dir(self.sources(setname, RXNAMES[MASKED]))
        except Failed:
            rm_rf(dst)
            raise
        masked = set(masked)
        src = self.sources(b".bundles")
        try:
            bundles = [n for n in os.listdir(src) if n[:1] != b"."]
        except OSError as e:
            self.fail(b"opendir " + src, e)
            rm_rf(dst)
            raise Failed(111) from None
        try:
            for name in bundles:
                if masked:
                    found = next((x for x in self.db_list([b"contents", name]) if x in masked),
                                 None)
                    if found is not None:
                        if self.verbosity >= 3:
                            self.info(b"skipping bundle ", name, b" containing e.g. masked "
                                      b"service ", found)
                        continue
                target, fn = b"../../.bundles/" + name, dst + b"/" + name
                try:
                    os.symlink(target, fn)
                except OSError as e:
                    self.fail(b"symlink " + target + b" to " + fn, e)
                    raise Failed(111) from None
        except Failed:
            rm_rf(dst)
            raise

    def _default_bundle(self, setname, bundle):
        for where in (b".atomics/", b".bundles/"):
            fn = self.sources(where + bundle)
            if os.path.lexists(fn):
                try:
                    target = os.readlink(fn)
                except OSError as e:
                    self.fail(b"readlink " + fn, e)
                    raise Failed(111) from None
                self.fatal(b"bundle ", bundle, b" is already defined at ", target)
                raise Failed(111)
        bdir = self.sources(setname, b"bundle", bundle)
        old = os.umask(0)
        try:
            try:
                os.mkdir(bdir, DIRMODE)
            except FileExistsError:
                self.fatal(b"bundle ", bundle, b" is already defined in set ", setname,
                           b" of repository ", self.path)
                raise Failed(111) from None
            except OSError as e:
                self.fail(b"mkdir " + bdir, e)
                raise Failed(111) from None
            try:
                os.mkdir(bdir + b"/contents.d", DIRMODE)
            except OSError as e:
                self.fail(b"mkdir " + bdir + b"/contents.d", e)
                raise Failed(111) from None
        finally:
            os.umask(old)
        for fn, data in [(bdir + b"/type", b"bundle\n")] + [
                (bdir + b"/contents.d/" + name, b"")
                for rx in (ACTIVE, ALWAYS)
                for name in self.list_dir(self.sources(setname, RXNAMES[rx]))]:
            try:
                write_file(fn, data)
            except OSError as e:
                self.fail(b"write to " + fn, e)
                raise Failed(111) from None

    # the whole repository -----------------------------------------------------
    def sync(self, fdhuser=None):
        """s6rc_repo_sync: link every service of the stores into new
        ``.atomics`` and ``.bundles`` directories, compile them into the
        reference database, switch to them, then bring every set in line.
        Returns 1, 0 if the stores do not compile, -1 on failure."""
        ato = self._linkdir(b"..atomics:")
        if ato is None:
            return -1
        bun = self._linkdir(b"..bundles:")
        if bun is None:
            os.rmdir(ato)
            return -1
        try:
            r = self._sync_links(ato, bun, fdhuser)
        except Failed:
            r = -1
        if r <= 0:
            rm_rf(ato)
            rm_rf(bun)
            return r
        return self._sync_sets()

    def _linkdir(self, name):
        """A new ``sources/NAMEXXXXXX`` directory, mode 02755; None if it
        cannot be made (said)."""
        old = os.umask(0)
        try:
            path = livedir.mkdtemp(self.sources(name))
        except OSError as e:
            self.fail(b"mkdtemp " + self.sources(name + b"XXXXXX"), e)
            return None
        finally:
            os.umask(old)
        try:
            os.chmod(path, DIRMODE)
        except OSError as e:
            self.fail(b"chmod " + path, e)
            return None
        return path

    def _sync_links(self, ato, bun, fdhuser):
        istore = 0
        while True:
            tag = b"%04x" % istore
            store = self.path + b"/stores/" + tag
            try:
                names = [n for n in os.listdir(store) if n[:1] != b"."]
            except FileNotFoundError:
                break
            except OSError as e:
                self.fail(b"opendir " + store, e)
                return -1
            for name in names:
                fn = store + b"/" + name
                kind = type_check(fn)
                if kind == 0:
                    self.fatal(b"invalid service type for ", fn)
                    return -1
                if kind < 0:
                    self.fail(b"check service type of " + fn, -kind)
                    return -1
                src = b"../../stores/" + tag + b"/" + name
                dst = (bun if kind == 3 else ato) + b"/" + name
                try:
                    previous = atomic_symlink(src, dst)
                except OSError as e:
                    self.fail(b"symlink " + src + b" to " + dst, e)
                    return -1
                if previous and self.verbosity:
                    self.warn(b"service ", name, b" provided in store ", previous[13:17],
                              b"; overridden by new definition in store ", tag)
            istore += 1
        rxs = [ato[ato.rfind(b"/") + 1:], bun[bun.rfind(b"/") + 1:]]
        r, oldc = self.compile(b".ref", rxs, fdhuser)
        if r <= 0:
            return r
        if r == 2:
            rm_rf(oldc)
        link = self.sources(b".atomics")
        try:
            oldato = atomic_symlink(rxs[0], link)
        except OSError:
            return -1
        link = self.sources(b".bundles")
        try:
            oldbun = atomic_symlink(rxs[1], link)
        except OSError as e:
            self.fail(b"symlink " + rxs[1] + b" to " + link, e)
            back = self.sources(b".atomics")
            try:
                atomic_symlink(oldato or b"", back)
            except OSError as e2:
                self.fail(b"symlink " + (oldato or b"") + b" back to " + back
                          + b" - weird race, manually check " + self.path, e2)
            return -1
        if oldato:
            rm_rf(self.sources(oldato))
        if oldbun:
            rm_rf(self.sources(oldbun))
        return 1

    def _sync_sets(self):
        for setname in self.list_dir(self.sources()):
            try:
                self.sync_set(setname)
            except Failed:
                return -1
        return 1

    def touch_all(self):
        """s6rc_repo_touch: touch every set's stamp; raises Failed."""
        for setname in self.list_dir(self.sources()):
            self.touch_set(setname)


# --------------------------------------------------------------------------
# running the programs C spawns

def run_tool(env, argv, path, capture=False):
    """Run ``argv`` as C's cspawn runs ``path`` (same environment, our
    stdin and stderr): in a forked child that runs it through the engine
    (a command of the table runs in it; anything else is exec'd, as is
    ``path`` where this process has no command table). Returns (wait
    status, its stdout if ``capture`` else b""); OSError if the fork
    fails."""
    r = w = None
    if capture:
        r, w = os.pipe2(os.O_CLOEXEC)

    def body():
        if w is not None:
            os.close(r)
            os.dup2(w, 1)
            os.close(w)
        process.reset_signals()
        code = core.run_execline(env, argv, argv[0])
        if code is None:  # no command table in this process: the real one
            process.execve(path, [path] + argv[1:], env)
        return code

    try:
        pid = process.fork_child(body, argv[0])
    except OSError:
        if capture:
            os.close(r)
            os.close(w)
        raise
    out = b""
    if capture:
        os.close(w)
        chunks = []
        try:
            while True:
                try:
                    data = os.read(r, 65536)
                except InterruptedError:
                    continue
                if not data:
                    break
                chunks.append(data)
        finally:
            os.close(r)
        out = b"".join(chunks)
    return process.waitpid(pid), out


# --------------------------------------------------------------------------
# the commands' common frame

def open_repo(ctx, prog, settings, verbosity):
    """The repository of -r (default REPODIR) for the command ``prog``."""
    return Repo(prog, settings.get("repo", REPODIR), verbosity, ctx.env)


SET_ARGS = (Arg(b"v", b"verbosity", "verbosity"), Arg(b"r", b"repodir", "repo"))


def each_set_main(ctx, argv, prog, usage, body):
    """The main of a command on sets given as operands (s6-rc-set-new,
    s6-rc-set-delete): ``body(repo, name)`` for each, under the exclusive
    lock, until one returns an exit code."""
    settings, i = gol(argv, (), SET_ARGS)
    names = argv[i:]
    verbosity = verbosity_of(settings)
    if not names:
        raise Usage(usage)
    for name in names:
        sanitize_setname(name)
    r = open_repo(ctx, prog, settings, verbosity)
    return run_locked(r, True, lambda: next((c for c in (body(r, n) for n in names) if c), 0))


def set_dirmode(path):
    """chmod ``path`` to DIRMODE, or remove it and die as C does."""
    try:
        os.chmod(path, DIRMODE)
    except OSError as e:
        rm_rf(path)
        raise errtext.SysFail(b"chmod " + path, e) from None


def run_locked(r, exclusive, body):
    """``body()`` under the repository lock (C waits for it); an Exit with
    its code (an int or None for 0; a Failed's code)."""
    fd = r.lock(exclusive)
    try:
        try:
            code = body()
        except Failed as e:
            code = e.code
    finally:
        os.close(fd)
    return Exit(code or 0)


# --------------------------------------------------------------------------
# names

def sanitize_setname(name):
    if not name:
        raise Die(100, b"set names cannot be empty")
    if b"/" in name or b"\n" in name:
        raise Die(100, b"set names cannot contain / or newlines")


def sanitize_svname(name):
    if not name:
        raise Die(100, b"service names cannot be empty")
    if name[:1] == b".":
        raise Die(100, b"service names cannot start with a dot")
    if b"/" in name or b"\n" in name:
        raise Die(100, b"service names cannot contain / or newlines")
    if name.startswith((b"s6rc-", b"s6-rc-")):
        raise Die(100, b"service names cannot start with reserved prefixes")


def verbosity_of(settings):
    """The -v value (default 1); dies 100 as the repo commands do."""
    from execpy.engine.options import uint0
    if "verbosity" not in settings:
        return 1
    v = uint0(settings["verbosity"])
    if v is None:
        raise Die(100, b"verbosity needs to be an unsigned integer")
    return v


# --------------------------------------------------------------------------
# files

def type_check(src):
    """s6rc_repo_type_check: 1 longrun, 2 oneshot, 3 bundle, 0 anything
    else, -errno if ``src/type`` cannot be read."""
    try:
        fd = os.open(src + b"/type", os.O_RDONLY | os.O_CLOEXEC)
    except OSError as e:
        return -e.errno
    try:
        data = b""
        while len(data) < 8:
            chunk = os.read(fd, 8 - len(data))
            if not chunk:
                break
            data += chunk
    except OSError as e:
        return -e.errno
    finally:
        os.close(fd)
    if len(data) < 6:
        return 0
    if data[-1:] == b"\n":
        data = data[:-1]
    return {b"longrun": 1, b"oneshot": 2, b"bundle": 3}.get(data, 0)


def atomic_symlink(target, name):
    """skalibs' atomic_symlink4: make ``name`` a symlink to ``target`` in
    one rename; returns what it pointed to before (None if nothing)."""
    try:
        old = os.readlink(name)
    except OSError:
        old = None
    livedir.atomic_symlink(target, name)
    return old


def touch(path):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC, 0o666)
    try:
        os.utime(fd)
    finally:
        os.close(fd)


def rm_rf(path):
    """Remove ``path`` whatever it is; errors are ignored."""
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)
    except OSError:
        pass

