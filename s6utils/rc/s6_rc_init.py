"""s6-rc-init: start s6-rc on a running s6-svscan, every service down.

Makes the live directory for a compiled database (state all down), copies
the database's servicedirs into it and links them into the scan directory
with down files, so that their supervisors run but the services do not
start. If s6-rc already runs there (or its live link was lost and its live
directory can be found beside it), says so and leaves it alone.
"""

import errno
import os
import time

from execpy.engine import Exit
from execpy.engine.options import uint0
from execpy.errors import Die, Usage
from s6utils.lib import control
from s6utils.lib import hiercopy
from s6utils.rc import db as dbfile
from s6utils.rc import errtext, livedir, svlink
from s6utils.rc.errtext import SysFail
from s6utils.rc.gol import Arg, Flag, gol
from s6utils.rc.report import Report

PROG = b"s6-rc-init"
USAGE = (b"s6-rc-init [ -c bootdb ] [ -l livedir ] [ -p prefix ] [ -t timeout ] [ -d ] [ -b ] "
         b"scandir")
INLINE = True  # core.spawn_wait may run it without a fork (files and fds only)
OPENS = True  # opens files: not inline in a process that holds a lock (core._plan)
BOOTDB = b"/etc/s6-rc/compiled/current"
LIVEDIR = b"/run/s6-rc"

FLAGS = (Flag(None, b"no-dereference", "deref", False), Flag(b"d", b"dereference", "deref"),
         Flag(None, b"no-block", "block", False), Flag(b"b", b"block", "block"))
ARGS = (Arg(b"c", b"bootdb", "bootdb"), Arg(b"l", b"livedir", "live"),
        Arg(b"p", b"prefix", "prefix"), Arg(b"t", b"timeout", "timeout"))


def _absolute(what, path):
    if path[:1] != b"/":
        raise Die(100, what + b" must be an absolute path")


def _check_scandir(scandir):
    try:
        r = control.svc_writectl(scandir, control.SVSCAN_CTLDIR, b"")
    except OSError as e:
        raise SysFail(b"check " + scandir, e) from None
    if isinstance(r, tuple):
        raise Die(111, b"invalid " + scandir + b"/" + control.SVSCAN_CTLDIR
                  + b" scandir control directory: " + errtext.strerror(r[1]))
    if not r:
        raise Die(100, b"s6-svscan is not running on " + scandir)


def _nservices(bootdb):
    try:
        fd = os.open(bootdb, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as e:
        raise SysFail(b"open " + bootdb, e) from None
    try:
        return dbfile.parse_sizes(dbfile.read_file(fd, b"n")).n
    except (OSError, dbfile.Short):
        raise Die(4, b"invalid database size in " + bootdb) from None
    finally:
        os.close(fd)


def main(ctx, argv):
    settings, i = gol(argv, FLAGS, ARGS)
    args = argv[i:]
    if not args:
        raise Usage(USAGE)
    scandir = args[0]
    bootdb = settings.get("bootdb", BOOTDB)
    live = settings.get("live", LIVEDIR)
    prefix = settings.get("prefix", b"")
    report = Report(PROG)
    _absolute(b"scandir", scandir)
    _absolute(b"livedir", live)
    deadline = None
    if "timeout" in settings:
        t = uint0(settings["timeout"])
        if t is None:
            raise Die(100, b"timeout must be an unsigned integer")
        if t:
            deadline = time.monotonic() + t / 1000
    if settings.get("deref"):
        try:
            os.stat(bootdb)
            bootdb = os.path.realpath(bootdb)
        except OSError as e:
            raise SysFail(b"realpath " + bootdb, e) from None
    else:
        _absolute(b"bootdb", bootdb)
    if b"/" in prefix or b"\n" in prefix:
        raise Die(100, b"prefix cannot contain a / or a newline")
    try:
        live = livedir.canon(live)
    except OSError as e:
        raise SysFail(b"canonicalize " + live, e) from None

    _check_scandir(scandir)
    if _already_running(live, scandir, prefix, bootdb, report):
        return Exit(0)
    n = _nservices(bootdb)
    try:
        real = livedir.create(live, PROG, scandir, prefix, bootdb, bytes(n))
    except OSError as e:
        raise SysFail(b"create live directory", e) from None
    _populate(real, live, scandir, prefix, bootdb, deadline)
    return Exit(0)


def _already_running(live, scandir, prefix, bootdb, report):
    if os.path.exists(live):
        real = os.path.realpath(live)
        if livedir.check(real, scandir, prefix, bootdb, report):
            report.info(0, b"s6-rc already running on ", real)
            return True
        return False
    if live.rfind(b"/") == 0:
        raise Die(102, b"invalid existing livedir: " + live)
    found = livedir.find_abandoned(live, scandir, prefix, bootdb, report)
    if found is None:
        return False
    report.info(0, b"s6-rc already running on ", found, b" - recovering it")
    name = livedir.split(found)[1]
    try:
        livedir.atomic_symlink(name, live)
    except OSError as e:
        raise SysFail(b"symlink " + name + b" to " + live, e) from None
    return True


def _populate(real, live, scandir, prefix, bootdb, deadline):
    src, dst = bootdb + b"/servicedirs", real + b"/servicedirs"
    try:
        hiercopy.hiercopy(src, dst)
    except OSError as e:
        livedir.remove(real)
        raise SysFail(b"recursively copy " + src + b" to " + dst, e) from None
    name = livedir.split(real)[1]
    try:
        livedir.atomic_symlink(name, live)
    except OSError as e:
        livedir.remove(real)
        raise SysFail(b"symlink " + name + b" to " + live, e) from None
    try:
        names = [e for e in os.listdir(dst) if e[:1] != b"."]
        if names:
            svlink.link(real + b"/scandir", [dst + b"/" + e for e in names],
                        [prefix + e for e in names], True, deadline)
    except OSError as e:
        try:
            os.unlink(live)
        except OSError:
            pass
        livedir.remove(real)
        where = live + b"/servicedirs"
        if e.errno == errno.ENXIO:
            raise Die(100, b"unable to supervise service directories in " + where
                      + b": s6-svscan not running on " + scandir) from None
        raise SysFail(b"supervise service directories in " + where, e) from None
