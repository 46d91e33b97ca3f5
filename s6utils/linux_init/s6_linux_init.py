"""s6-linux-init: stage 1. Sets up /run from the base directory's
run-image, dumps the environment it was given (-s), points its output at
the catch-all logger's fifo, forks the child that becomes stage 2
(``basedir/scripts/rc.init``), and becomes s6-svscan on /run/service.

s6-svscan is execpy's, entered in this same process (the chain continues
with it: no second interpreter). The stage-2 child blocks on opening the
logger's fifo for writing until the catch-all logger reads it (or, with
-B, until s6-svscan's readiness byte arrives), so rc.init starts only once
the supervision tree is up.

As in C s6-linux-init 1.2.0.2, a program that is not pid 1 hands over to
s6-linux-init-telinit; in container mode (-C) execpy instead warns and goes
on as a child subreaper (prctl PR_SET_CHILD_SUBREAPER), so a container
tree can be run under another init (tests, nested supervision).
"""

import errno
import fcntl
import os
import termios

from execpy.engine import Exec
from execpy.errors import Usage, warn
from s6utils.rc.errtext import SysFail, strerror
from s6utils.rc.gol import Arg, Flag, gol
from s6utils.lib.hiercopy import hiercopy
from s6utils.linux_init import common, kernel

PROG = b"s6-linux-init"
USAGE = (b"s6-linux-init [ -v verbosity ] [ -c basedir ] [ -p initpath ] [ -s envdumpdir ] "
         b"[ -m umask ] [ -d devtmpfs ] [ -D initdefault ] [ -n | -N ] [ -C ] [ -B ] "
         b"[ -W readyfd ]")
BANNER = b"\n  s6-linux-init version 1.2.0.2\n\n"
RUNLEVELS = (b"default", b"1", b"2", b"3", b"4", b"5")

FLAGS = [Flag(b"n", b"no-unmount-slashrun", "mount", "remount"),
         Flag(b"N", b"hands-off-slashrun", "mount", "handsoff"),
         Flag(b"C", b"container", "inns"),
         Flag(b"B", b"no-logger", "nologger")]
ARGS = [Arg(b"v", b"verbosity", "v"), Arg(b"c", b"basedir", "c"),
        Arg(b"p", b"initial-path", "p"), Arg(b"s", b"envdumpdir", "s"),
        Arg(b"m", b"umask", "m"), Arg(b"d", b"slashdev", "d"),
        Arg(b"D", b"default-runlevel", "D"), Arg(b"W", b"readiness-fd", "W")]


class Stage1:
    def __init__(self, settings):
        from execpy.engine.numscan import scan0, oscan0
        self.inns = settings.get("inns", False)
        self.nologger = settings.get("nologger", False)
        self.mount = settings.get("mount", "mount")
        self.basedir = settings.get("c", common.BASEDIR)
        self.path = settings.get("p", common.INITPATH)
        self.dump = settings.get("s")
        self.slashdev = settings.get("d")
        self.initdefault = settings.get("D", b"default")
        self.verbosity = 1
        self.mask = 0o022
        self.readyfd = 0
        if "v" in settings:
            self.verbosity = scan0(settings["v"])
        if "m" in settings:
            self.mask = oscan0(settings["m"])
        if "W" in settings:
            self.readyfd = scan0(settings["W"])
            if self.readyfd is not None and 0 < self.readyfd < 3:
                raise Usage(USAGE)
        if None in (self.verbosity, self.mask, self.readyfd):
            raise Usage(USAGE)

    def warn(self, msg):
        if self.verbosity:
            warn(PROG, msg)

    def warnsys(self, what, e):
        self.warn(b"unable to " + what + b": " + strerror(e.errno))


def _devnull_stdin(s):
    try:
        fd = os.open(b"/dev/null", os.O_RDONLY)
    except OSError as e:
        s.warnsys(b"open /dev/null", e)
        r, w = os.pipe()
        os.close(w)
        fd = r
    if fd != 0:
        os.dup2(fd, 0)
        os.close(fd)
    os.set_inheritable(0, True)


def _reset_stdin(s):
    try:
        os.close(0)
    except OSError:
        pass
    _devnull_stdin(s)


def _copy_loose(src, dst):
    """skalibs' hiercopy_loose of a directory onto another: merge, and let
    the top's chmod fail."""
    mode = os.stat(src).st_mode & 0o7777
    entries = os.listdir(src)
    try:
        os.mkdir(dst, 0o700)
    except FileExistsError:
        if not os.path.isdir(dst):
            raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)) from None
    for name in entries:
        try:
            hiercopy(src + b"/" + name, dst + b"/" + name)
        except OSError:
            pass
    try:
        os.chmod(dst, mode)
    except OSError:
        pass


def env_dump(directory, env):
    """skalibs' env_dump4(dir, 0700, env, 0): one file per variable (value
    and a newline) in a temporary directory, renamed into place."""
    for _ in range(100):
        tmp = directory + b":envdump:" + common.tempname_suffix()
        try:
            os.mkdir(tmp, 0o700)
            break
        except FileExistsError:
            continue
    try:
        for name, value in env.items():
            fd = os.open(tmp + b"/" + name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC,
                         0o666)
            try:
                data = memoryview(value + b"\n")
                while data:
                    data = data[os.write(fd, data):]
            finally:
                os.close(fd)
        os.chmod(tmp, 0o700)
        os.rename(tmp, directory)
    except OSError:
        from s6utils.linux_init.s6_linux_init_maker import _rmrf
        _rmrf(tmp)
        raise


def _mount_run(s):
    if s.mount == "handsoff":
        return
    flags = kernel.MS_NODEV | kernel.MS_NOSUID
    if s.mount == "remount":
        try:
            kernel.mount(b"tmpfs", common.TMPFS, b"tmpfs", flags | kernel.MS_REMOUNT, b"mode=0755")
        except OSError as e:
            raise SysFail(b"remount " + common.TMPFS, e) from None
        return
    try:
        kernel.umount(common.TMPFS)
    except OSError as e:
        if e.errno != errno.EINVAL:
            s.warnsys(b"umount " + common.TMPFS, e)
    try:
        kernel.mount(b"tmpfs", common.TMPFS, b"tmpfs", flags, b"mode=0755")
    except OSError as e:
        raise SysFail(b"mount tmpfs on " + common.TMPFS, e) from None


def _slashdev(s):
    """-d: mount a devtmpfs there, with the console as stdin, stdout, stderr."""
    for fd in (0, 1, 2):
        try:
            os.close(fd)
        except OSError:
            pass
    failed = None
    try:
        kernel.mount(b"dev", s.slashdev, b"devtmpfs", kernel.MS_NOSUID | kernel.MS_NOEXEC, b"")
    except OSError as e:
        failed = e
    for name in (b"/dev/console", b"/dev/null"):
        try:
            os.open(name, os.O_WRONLY)  # fd 0, moved to 2 below
            break
        except OSError:
            continue
    else:
        os._exit(111)
    os.dup2(0, 2)
    os.close(0)
    os.dup2(2, 1)
    if failed is not None:
        raise SysFail(b"mount a devtmpfs on /dev", failed)
    try:
        os.open(b"/dev/console", os.O_RDONLY)
    except OSError:
        _devnull_stdin(s)
    for fd in (0, 1, 2):
        os.set_inheritable(fd, True)


def _open_fd1(path):
    """open(path, O_WRONLY) as fd 1, the way C's open2 lands on the lowest
    free fd (fd 1 was closed just before); False if it landed elsewhere."""
    fd = os.open(path, os.O_WRONLY)
    if fd != 1:
        os.dup2(fd, 1)
        os.close(fd)
    os.set_inheritable(1, True)
    return True


def _stage2(s, args, newenv, modifs, tty, notif, root):
    """The child: set up and exec rc.init; its exit code if it was run in
    place (an execline script of execpy's), else it never returns."""
    from execpy.engine import core
    from execpy.errors import Die
    prog = b"s6-linux-init (child)"
    try:
        os.setsid()
    except OSError as e:
        raise SysFail(b"setsid", e) from None
    if tty is not None:
        os.close(0)
        try:
            os.open(tty, os.O_RDONLY)
            os.set_inheritable(0, True)
        except OSError as e:
            if s.verbosity:
                warn(prog, b"unable to open " + tty + b": " + strerror(e.errno))
            _devnull_stdin(s)
    rcinit = s.basedir + b"/scripts/rc.init"
    first = s.initdefault
    if not s.inns:
        first = next((a for a in args if a in RUNLEVELS), s.initdefault)
    argv = [rcinit, first] + list(args)
    if s.nologger:
        os.close(notif[1])
        _wait_for_notif(s, prog, notif[0])
    else:
        os.close(1)
        try:
            _open_fd1(common.LOGFIFO)
        except OSError as e:
            raise Die(111, b"unable to open " + common.LOGFIFO + b" for writing: "
                      + strerror(e.errno)) from None
        os.dup2(1, 2)
    env = dict(newenv)
    ctx = core.Ctx(env, prog)
    ctx.apply(modifs)
    if root is not None:
        ctx.apply({common.ROOT_VAR: root})
    # through the chain loop: rc.init, an execline script of execpy's, runs
    # in this child as if exec'd (no new interpreter); anything else is exec'd
    return core.run(ctx, argv)


def _wait_for_notif(s, prog, fd):
    while True:
        try:
            data = os.read(fd, 16)
        except InterruptedError:
            continue
        except OSError as e:
            raise SysFail(b"read from notification pipe", e) from None
        if not data:
            if s.verbosity:
                warn(prog, b"s6-svscan failed to send a notification byte!")
            break
        if b"\n" in data:
            break
    os.close(fd)


def _not_pid1(ctx, argv, inns):
    if inns:
        warn(PROG, b"not running as pid 1: going on as a child subreaper")
        try:
            kernel.set_child_subreaper()
        except OSError as e:
            warn(PROG, b"unable to become a child subreaper: " + strerror(e.errno))
        return None
    return Exec([b"s6-linux-init-telinit"] + list(argv[1:]))


def main(ctx, argv):
    settings, i = gol(argv, FLAGS, ARGS)
    args = argv[i:]
    if os.getpid() != 1:
        step = _not_pid1(ctx, argv, settings.get("inns", False))
        if step is not None:
            return step
    s = Stage1(settings)
    try:
        fcntl.fcntl(1, fcntl.F_GETFD)
        hasconsole = True
    except OSError:
        hasconsole = False
    if s.readyfd:
        try:
            data = os.read(s.readyfd, 1)
        except OSError as e:
            if e.errno != errno.EBADF:
                raise SysFail(b"read from readiness fd", e) from None
        else:
            if data:
                s.warn(b"parent wrote to readiness fd!")
            os.close(s.readyfd)
    tty = None
    ttyfd = 1 if s.nologger else 2
    if s.inns:
        if s.slashdev is None and hasconsole and os.isatty(ttyfd):
            try:
                tty = os.ttyname(ttyfd).encode()
            except OSError as e:
                s.warnsys(b"ttyname std" + (b"err" if s.nologger else b"out"), e)
    elif hasconsole:
        _write_all(1, BANNER)
    try:
        os.chdir(b"/")
    except OSError as e:
        raise SysFail(b"chdir to /", e) from None
    os.umask(s.mask)
    if s.slashdev is not None:
        _slashdev(s)
    if not hasconsole:
        if s.slashdev is None:
            _reset_stdin(s)
        try:
            _open_fd1(b"/dev/null")
            os.dup2(1, 2)
        except OSError:
            os._exit(111)
    _mount_run(s)

    image = s.basedir + b"/run-image"
    try:
        _copy_loose(image, common.TMPFS)
    except OSError as e:
        raise SysFail(b"copy " + image + b" to " + common.TMPFS, e) from None
    envdir = s.basedir + b"/env"
    try:
        modifs = common.read_envdir_verbatim(envdir)
    except OSError as e:
        modifs = {}
        s.warnsys(b"envdir " + envdir, e)
    if s.dump is not None:
        try:
            env_dump(s.dump, ctx.env)
        except OSError as e:
            s.warnsys(b"dump kernel environment to " + s.dump, e)

    if not s.nologger:
        try:
            fdr = os.open(common.LOGFIFO, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError as e:
            raise SysFail(b"open " + common.LOGFIFO, e) from None
        os.close(1)
        try:
            _open_fd1(common.LOGFIFO)
        except OSError as e:
            raise SysFail(b"open " + common.LOGFIFO, e) from None
        os.close(fdr)

    newenv = {b"PATH": s.path} if s.path is not None else {}
    notif = os.pipe() if s.nologger else None
    if tty is not None and s.slashdev is None:
        try:
            fcntl.ioctl(ttyfd, termios.TIOCNOTTY)
        except OSError as e:
            s.warnsys(b"relinquish control terminal", e)

    from execpy.engine import process
    root = b"%d" % os.getpid() if os.getpid() != 1 else None
    try:
        process.fork_child(lambda: _stage2(s, args, newenv, modifs, tty, notif, root),
                           b"s6-linux-init (child)")
    except OSError as e:
        raise SysFail(b"fork", e) from None

    _reset_stdin(s)
    try:
        os.setsid()
    except OSError:
        pass
    if s.nologger:
        os.close(notif[0])
        option = b"-d%d" % notif[1]
    else:
        try:
            fd = os.dup(2)
        except OSError as e:
            raise SysFail(b"dup stderr", e) from None
        option = b"-X%d" % fd
        os.dup2(1, 2)
    ctx.env = newenv
    ctx.apply(modifs)
    if os.getpid() != 1:
        ctx.apply({common.ROOT_VAR: b"%d" % os.getpid()})
    # execpy's s6-svscan, by name: the chain runs it in this process.
    return Exec([b"s6-svscan", option, b"--", common.SCANDIR])


def _write_all(fd, data):
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError:
        pass
