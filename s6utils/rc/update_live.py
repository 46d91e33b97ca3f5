"""The live switch of s6-rc-update: a new live directory for the new
database, the servicedirs of the longruns that stay up moved into it (so
that their supervisors keep running them) and refreshed from the new
database, the live link switched to it in one rename, the old scan
directory links removed (a kept supervisor is not told to exit), the new
servicedirs linked into the scan directory with down files, and s6-svscan
told to rescan and forget what is gone, as C s6-rc-update 0.7.0.0 does.

Instanced (template) services keep their instances: a servicedir that
stays supervised has its instances refreshed from the new template; a new
one gets the old one's instances again, down where they were down.
"""

import errno
import os
import stat
import time

from execpy.errors import Die, write_stderr
from s6utils.lib import control, fdholder, hiercopy
from s6utils.lib import status as svstatus
from s6utils.rc import files, layout, livedir, svlink, update
from s6utils.rc.errtext import SysFail
from s6utils.rc.repo import rm_rf, run_tool, touch

PROG = b"s6-rc-update"
FDHOLDER = 1  # the fd holder's service number (s6-rc-compile's)

# s6rc_servicedir_file_list: name, kind, executable, mandatory, atomic
NORMAL, EMPTY, UINT, TEMPLATE, DIR = range(5)
FILES = (
    (b"finish", NORMAL, True, False, True), (b"finish.user", NORMAL, True, False, False),
    (b"run", NORMAL, True, True, True), (b"run.user", NORMAL, True, False, False),
    (b"notification-fd", UINT, False, False, False), (b"lock-fd", UINT, False, False, False),
    (b"timeout-kill", UINT, False, False, False),
    (b"flag-timeout-killpg", EMPTY, False, False, False),
    (b"timeout-finish", UINT, False, False, False),
    (b"max-death-tally", UINT, False, False, False),
    (b"down-signal", NORMAL, False, False, False), (b"reload-signal", NORMAL, False, False, False),
    (b"flag-newpidns", EMPTY, False, False, False), (b"template", TEMPLATE, False, False, False),
    (b"data", DIR, False, False, False), (b"env", DIR, False, False, False),
)


def _info(o, msg):
    if o.verbosity >= 2:
        write_stderr(PROG + b": info: " + msg + b"\n")


def _warn(o, msg):
    if o.verbosity:
        write_stderr(PROG + b": warning: " + msg + b"\n")


# --------------------------------------------------------------------------
# servicedir copies (libs6rc's s6rc_servicedir_copy_*)

def _copy_one(src, dst, entry):
    name, kind, exe, mandatory, atomic = entry
    sfn, dfn = src + b"/" + name, dst + b"/" + name
    if kind == NORMAL:
        mode = 0o755 if exe else 0o644
        try:
            if atomic:
                hiercopy.filecopy(sfn, dfn + b".new", mode)
                os.rename(dfn + b".new", dfn)
            else:
                hiercopy.filecopy(sfn, dfn, mode)
        except FileNotFoundError:
            if mandatory:
                raise
    elif kind == EMPTY:
        if os.path.lexists(sfn) or os.path.exists(sfn):
            touch(dfn)
    elif kind == UINT:
        value = files.read_uint(sfn)
        if value is not None:
            files.write_file(dfn, b"%d\n" % value)
    else:
        try:
            hiercopy.hiercopy(sfn, dfn)
        except FileNotFoundError:
            if mandatory:
                raise
            return
        if kind == TEMPLATE:
            try:
                os.mkdir(dst + b"/instance", 0o755)
            except FileExistsError:
                pass


def copy_offline(src, dst):
    old = os.umask(0)
    try:
        os.mkdir(dst, 0o755)
    except FileExistsError:
        pass
    finally:
        os.umask(old)
    for entry in FILES:
        _copy_one(src, dst, entry)


def copy_online(src, dst):
    """Refresh the supervised servicedir ``dst`` from ``src``: the
    service is told not to restart (``Q``) while its files are swapped,
    then wanted up again if it was. OSError."""
    olddir = dst + b"/old"
    rm_rf(olddir)
    old = os.umask(0)
    try:
        os.mkdir(olddir, 0o755)
    finally:
        os.umask(old)
    try:
        wantup = svstatus.read_status(dst).wantup
        r = control.svc_writectl(dst, control.CTLDIR, b"Q")
        if isinstance(r, tuple):
            raise OSError(r[1], os.strerror(r[1]))
    except OSError:
        os.rmdir(olddir)
        raise
    moved = []
    try:
        for entry in FILES:
            try:
                os.rename(dst + b"/" + entry[0], olddir + b"/" + entry[0])
                moved.append(entry)
            except FileNotFoundError:
                if entry[3]:
                    raise
                moved.append(entry)
        for entry in reversed(FILES):
            _copy_one(src, dst, entry)
    except OSError:
        for entry in moved:
            rm_rf(dst + b"/" + entry[0])
            try:
                os.rename(olddir + b"/" + entry[0], dst + b"/" + entry[0])
            except OSError:
                pass
        if wantup:
            control.svc_writectl(dst, control.CTLDIR, b"U")
        rm_rf(olddir)
        raise
    rm_rf(olddir)
    try:
        _refresh_instances(dst)
    finally:
        if wantup:
            control.svc_writectl(dst, control.CTLDIR, b"U")


def _refresh_instances(dst):
    """After copy_online: the instances of an instanced (template) service
    get the new template, online; OSError."""
    template = dst + b"/template"
    try:
        st = os.stat(template)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(st.st_mode):
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
    instances = dst + b"/instances"
    try:
        names = os.listdir(instances)
    except FileNotFoundError:
        old = os.umask(0)
        try:
            os.mkdir(instances, 0o755)
            os.mkdir(dst + b"/instance", 0o755)
        finally:
            os.umask(old)
        return
    for name in names:
        copy_online(template, instances + b"/" + name)


def recreate_instances_offline(old, new):
    """s6_servicedir_instances_recreate_offline: the instances the old
    servicedir ``old`` had, made again in the new ``new`` from its
    template (with their down files); OSError."""
    try:
        names = [n for n in os.listdir(old + b"/instances") if n not in (b".", b"..")]
    except FileNotFoundError:
        return
    mask = os.umask(0)
    try:
        for d in (new + b"/instance", new + b"/instances"):
            try:
                os.mkdir(d, 0o755)
            except FileExistsError:
                pass
    finally:
        os.umask(mask)
    for name in names:
        target = new + b"/instances/" + name
        hiercopy.hiercopy(new + b"/template", target)
        try:
            os.symlink(b"../instances/" + name, new + b"/instance/" + name)
        except FileExistsError:
            pass
        if os.path.exists(old + b"/instances/" + name + b"/down"):
            files.write_file(target + b"/down", b"")


# --------------------------------------------------------------------------
# the switch

def _old_name(olddb, newdb, newstate, invimage, i):
    return olddb.name(invimage[i]) if newstate[i] & 8 else newdb.name(i)


def switch(ctx, o, olddb, oldstate, newdb, newstate, invimage, newcompiled, prefix):
    live = o.live
    try:
        oldreal = os.path.realpath(live)
        os.stat(oldreal)
    except OSError as e:
        raise SysFail(b"sarealpath " + live, e) from None
    sdlink = live + b"/scandir"
    try:
        sdtarget = os.readlink(sdlink)
    except OSError as e:
        raise SysFail(b"readlink " + sdlink, e) from None
    state = bytes(c & 1 for c in newstate)
    try:
        new = livedir.create(live, PROG, sdtarget, prefix, newcompiled, state)
    except OSError as e:
        raise SysFail(b"create new livedir", e) from None
    done = 0
    try:
        for i in range(newdb.nlong):
            name = newdb.name(i)
            src = newcompiled + b"/servicedirs/" + name
            dst = new + b"/servicedirs/" + name
            if newstate[i] & 1:
                oldname = _old_name(olddb, newdb, newstate, invimage, i)
                os.rename(live + b"/servicedirs/" + oldname, dst)
                done = i + 1
                copy_online(src, dst)
            else:
                copy_offline(src, dst)
                if invimage[i] < olddb.nlong:
                    recreate_instances_offline(live + b"/servicedirs/"
                                               + _old_name(olddb, newdb, newstate, invimage, i),
                                               dst)
            done = i + 1
        livedir.atomic_symlink(livedir.split(new)[1], live)
    except OSError as e:
        _rollback(live, new, olddb, newdb, newstate, invimage, done)
        raise SysFail(b"make new live directory in " + new, e) from None
    _info(o, b"successfully switched to new database")
    for i in range(olddb.nlong - 1, -1, -1):
        svlink.unlink(oldreal + b"/scandir", prefix + olddb.name(i),
                      kill=(oldstate[i] & 33) != 1)
    rm_rf(oldreal)
    _manage(o, live, prefix)
    _info(o, b"updating s6rc-fdholder pipe storage")
    _update_fdholder(ctx, o, olddb, oldstate, newdb, newstate, invimage)
    _info(o, b"cleaning up scan directory")
    scdir = live + b"/scandir"
    try:
        r = control.svc_writectl(scdir, control.SVSCAN_CTLDIR, b"an")
        err = r[1] if isinstance(r, tuple) else (0 if r == 1 else errno.ENXIO)
    except OSError as e:
        err = e.errno
    if err:
        from s6utils.rc.errtext import strerror
        _warn(o, b"unable to send command to s6-svscan on " + scdir + b": " + strerror(err))


def _rollback(live, new, olddb, newdb, newstate, invimage, n):
    for i in range(n - 1, -1, -1):
        if not newstate[i] & 1:
            continue
        name = newdb.name(i)
        newfn = new + b"/servicedirs/" + name
        oldname = _old_name(olddb, newdb, newstate, invimage, i)
        try:
            copy_online(live + b"/compiled/servicedirs/" + oldname, newfn)
        except OSError as e:
            raise SysFail(b"rollback " + live + b"/compiled/servicedirs/" + oldname + b" into "
                          + newfn, e) from None
        target = live + b"/servicedirs/" + oldname
        try:
            os.rename(newfn, target)
        except OSError as e:
            raise SysFail(b"rollback: can't rename " + newfn + b" to " + target, e) from None
    rm_rf(new)


def _manage(o, live, prefix):
    where = live + b"/servicedirs"
    try:
        names = [n for n in os.listdir(where) if n[:1] != b"."]
        if names:
            svlink.link(live + b"/scandir", [where + b"/" + n for n in names],
                        [prefix + n for n in names], True, o.deadline)
    except OSError as e:
        if e.errno == errno.ENXIO:
            raise Die(100, b"unable to manage new service directories in " + live
                      + b": s6-svscan not running on " + live + b"/scandir") from None
        raise SysFail(b"manage new service directories in " + live, e) from None


def _pipe(kind, name):
    return b"pipe:s6rc-" + kind + b"-" + name


def _edit_pipes(client, o, olddb, oldstate, newdb, newstate, invimage):
    """delete_unused_pipes, rename_pipes, create_new_pipes: the pipes of
    consumers that go, of renamed ones, of new ones. OSError."""
    for i in range(olddb.nlong - 1, -1, -1):
        if not oldstate[i] & 8 and olddb.services[i].nproducers:
            client.delete(_pipe(b"w", olddb.name(i)), o.deadline)
            client.delete(_pipe(b"r", olddb.name(i)), o.deadline)
    limit = fdholder.limit_in(0)
    for i in range(newdb.nlong - 1, -1, -1):
        if newstate[i] & 20 == 20 and newdb.services[i].nproducers:
            for kind in (b"r", b"w"):
                fd = client.retrieve(_pipe(kind, olddb.name(invimage[i])), True, o.deadline)
                try:
                    client.store(fd, _pipe(kind, newdb.name(i)), limit, o.deadline)
                finally:
                    os.close(fd)
                limit = fdholder.tain_add(limit, 0, 1)
    limit = fdholder.tain_add(fdholder.limit_in(0), 0, newdb.nlong % 1000000000)
    for i in range(newdb.nlong - 1, -1, -1):
        if not newstate[i] & 4 and newdb.services[i].nproducers:
            ends = os.pipe2(os.O_CLOEXEC)
            try:
                for kind, fd in zip((b"r", b"w"), ends):
                    client.store(fd, _pipe(kind, newdb.name(i)), limit, o.deadline)
                    limit = fdholder.tain_add(limit, 0, 1)
            finally:
                for fd in ends:
                    os.close(fd)


def _update_fdholder(ctx, o, olddb, oldstate, newdb, newstate, invimage):
    """update_fdholder: edit the fd holder's pipes in place; if that
    fails, restart the fd holder (``s6-svc -rwR``), as C does."""
    if not newstate[FDHOLDER] & 1:
        return
    service = o.live + b"/servicedirs/s6rc-fdholder"
    try:
        client = fdholder.Client.start(service + b"/s", o.deadline)
    except OSError:
        client = None
    if client is not None:
        try:
            _edit_pipes(client, o, olddb, oldstate, newdb, newstate, invimage)
            return
        except OSError:
            pass
        finally:
            client.end()
    _warn(o, b"unable to live update s6rc-fdholder - restarting it")
    path = layout.current(ctx.env).s6 + b"s6-svc"
    argv = [b"s6-svc", b"-T", update.tfmt(o.deadline), b"-rwR", b"--", service]
    try:
        status = run_tool(ctx.env, argv, path)[0]
    except OSError as e:
        raise SysFail(b"spawn " + path, e) from None
    if os.WIFSIGNALED(status) or os.WEXITSTATUS(status):
        _warn(o, b"unable to restart s6rc-fdholder")
    if o.deadline is not None and time.monotonic() >= o.deadline:
        raise Die(2, b"timed out during s6rc-fdholder update")
