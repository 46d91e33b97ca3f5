"""Writing a compiled database directory as s6-rc-compile does: the
directory itself and its lock, `n`, `resolve.cdb` (every name to the
service numbers it stands for), `db`, then the servicedirs. If writing
fails after the directory was made, it is removed, as C removes it."""

import os
import struct

from execpy.engine.fdio import write_all
from execpy.errors import Die
from s6utils.lib import cdb
from s6utils.rc import lock, servicedirs
from s6utils.rc.errtext import SysFail
from s6utils.rc.files import Out


def resolve_records(db, bundles):
    """resolve.cdb's records: atomic services last first, then bundles last
    first; ``bundles`` is a list of (name, sorted service numbers)."""
    records = [(db.name(i), struct.pack(">I", i)) for i in range(db.n - 1, -1, -1)]
    for name, atomics in reversed(bundles):
        records.append((name, struct.pack(">%dI" % len(atomics), *atomics)))
    return records


def write(compiled, db, bundles, srcdirs, options):
    """``srcdirs[i]`` is the source directory of longrun i; ``options`` has
    report, layout, fdhuser (None or bytes) and blocking."""
    report = options.report
    report.info(2, b"writing compiled information to ", compiled)
    try:
        os.mkdir(compiled, 0o755)
    except OSError as e:
        raise SysFail(b"mkdir " + compiled, e) from None
    try:
        lockfd = lock.take(compiled, True, False)
    except OSError as e:
        raise SysFail(b"take lock on " + compiled, e) from None
    try:
        _fill(Out(compiled), db, bundles, srcdirs, options)
    except Die:
        import shutil  # only failures pay for it
        shutil.rmtree(compiled, ignore_errors=True)
        raise
    finally:
        lock.release(lockfd)


def _fill(out, db, bundles, srcdirs, options):
    report, layout = options.report, options.layout
    out.dir(b"servicedirs")
    report.info(3, b"writing ", out.root, b"/n")
    out.file(b"n", db.pack_sizes())
    report.info(3, b"writing ", out.root, b"/resolve.cdb")
    _write_whole(out.path(b"resolve.cdb"), cdb.make(resolve_records(db, bundles)), b"open_trunc ")
    report.info(3, b"writing ", out.path(b"db"))
    _write_whole(out.path(b"db"), db.pack(), b"open ", b" for writing")
    servicedirs.write_runner(out, layout, options.blocking)
    servicedirs.write_fdholder(out, layout, db, options.fdhuser)
    report.info(3, b"writing ", out.root, b"/servicedirs")
    for i in range(2, db.nlong):
        servicedirs.write_longrun(out, report, layout, db, i, srcdirs[i])


def _write_whole(path, data, open_what, open_after=b""):
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    except OSError as e:
        raise SysFail(open_what + path + open_after, e) from None
    try:
        write_all(fd, data)
    except OSError as e:
        raise SysFail(b"write to " + path, e) from None
    finally:
        os.close(fd)
