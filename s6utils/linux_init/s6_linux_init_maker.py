"""s6-linux-init-maker: write the base directory that s6-linux-init boots
from: ``bin/`` (init, halt, poweroff, reboot, shutdown), ``env/``,
``scripts/`` (copies of the skeleton's rc.init, rc.shutdown and
rc.shutdown.final) and ``run-image/``, the tree stage 1 copies onto /run
(the scan directory with its signal scripts, the shutdown daemon, the
catch-all logger; in container mode the results directory).

Files, modes, fifos and symlinks are those s6-linux-init-maker 1.2.0.2
writes (the umask is 0 while it works); the scripts name programs by the
absolute paths of s6-overlay's build (see common.layout). On any failure
the half-made directory is removed.
"""

import os
import pwd
import stat

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.engine.numscan import scan0, oscan0
from execpy.errors import Die, Usage, warn
from s6utils.rc.errtext import SysFail
from s6utils.rc.servicedirs import quote
from s6utils.linux_init import common

PROG = b"s6-linux-init-maker"
USAGE = (b"s6-linux-init-maker [ -V boot_verbosity ] [ -c basedir ] [ -u log_user ] "
         b"[ -G early_getty_cmd ] [ -1 ] [ -L ] [ -p initial_path ] [ -m initial_umask ] "
         b"[ -t timestamp_style ] [ -d slashdev ] [ -s env_store ] [ -e initial_envvar ... ] "
         b"[ -q default_grace_time ] [ -D initdefault ] [ -n | -N ] [ -f skeldir ] "
         b"[ -R resourcelimits ] [ -C ] [ -B ] [ -S ] dir")
INLINE = True  # core.spawn_wait may run it without a fork (files and fds only)
OPENS = True  # opens files: not inline in a process that holds a lock (core._plan)

U64 = 2 ** 64 - 1


class Options:
    def __init__(self):
        self.robase = common.BASEDIR
        self.initial_path = common.INITPATH
        self.env_store = None
        self.early_getty = None
        self.slashdev = None
        self.log_user = None
        self.initdefault = None
        self.skeldir = common.SKELDIR
        self.umask = 0o022
        self.timestamp_style = 1
        self.finalsleep = 3000
        self.verbosity = 1
        self.readyfd = 0
        self.mounttype = 1
        self.console = False
        self.logouthookd = False
        self.inns = False
        self.innssync = False
        self.nologger = False
        self.envvars = []
        self.resources = b""


# --------------------------------------------------------------------------
# -R: resource limits, turned into s6-softlimit options

def _rclass(c):
    if c == 0:
        return 0
    if c in b"acdflmoprst":
        return 1
    if c == 0x3D:
        return 2
    if 0x30 <= c <= 0x39:
        return 3
    if c in b",; ":
        return 4
    return 5


_RTABLE = ((0x04, 0x11, 0x05, 0x05, 0x00, 0x05),
           (0x05, 0x05, 0x23, 0x42, 0x05, 0x05),
           (0x84, 0x05, 0x05, 0x02, 0x80, 0x05),
           (0x04, 0x05, 0x05, 0x05, 0x00, 0x05))


def parse_resources(s):
    """``n1024,c=`` -> ``-n1024 -c= --\\n``: the s6-softlimit words."""
    s = s + b"\0"
    out = bytearray()
    mark = 0
    state = 0
    i = 0
    while state < 4:
        c = s[i]
        action = _RTABLE[state][_rclass(c)]
        state = action & 7
        if action & 0x10:
            out += b"-" + bytes((c,))
        if action & 0x20:
            out += b"= "
        if action & 0x40:
            mark = i
        if action & 0x80:
            digits = s[mark:i]
            if len(digits) >= 21:
                raise Die(100, b"resource limit out of range")
            value = scan0(digits, U64)
            if value is None:
                raise Die(100, b"resource limit out of range")
            out += digits + b" "
        i += 1
    if state > 4:
        raise Die(100, b"syntax error in resource limit string")
    if out:
        out += b"--\n"
    return bytes(out)


# --------------------------------------------------------------------------
# the scripts

class Scripts:
    """The text of every generated script, for options ``o`` and layout ``lay``."""

    def __init__(self, o, lay):
        self.o = o
        self.el, self.s6, self.li = lay

    def shebang(self, options=b"-P"):
        return b"#!" + self.el + b"execlineb " + options + b"\n\n"

    def empty(self):
        return self.shebang()

    def line(self, text):
        return self.shebang() + text + b"\n"

    def linewithargs(self, name):
        return self.shebang(b"-S0") + self.li + name + b" $@\n"

    def hpr(self, what):
        return (self.shebang(b"-S0") + self.li + b"s6-linux-init-hpr -"
                + (b"n" if self.o.inns else b"") + what + b" $@\n")

    def death(self, what):
        el, li = self.el, self.li
        return (self.shebang() + el + b"redirfd -w 2 /dev/console\n" + el + b"fdmove -c 1 2\n"
                + el + b"foreground { " + li + b"s6-linux-init-echo -- \"s6-svscan " + what
                + b". Rebooting.\" }\n" + li + b"s6-linux-init-hpr -fr\n")

    def container_crash(self):
        el, li = self.el, self.li
        return (self.shebang() + el + b"foreground\n{\n  " + el + b"fdmove -c 1 2\n  " + li
                + b"s6-linux-init-echo -- \"s6-svscan crashed. Killing everything and exiting.\"\n}\n"
                + el + b"foreground { " + li + b"s6-linux-init-nuke }\n"
                + el + b"wait { }\n" + li + b"s6-linux-init-hpr -fnp\n")

    def container_exit(self):
        el, li = self.el, self.li
        n = b"" if self.o.innssync else b"n"
        return (self.shebang() + self.s6 + b"s6-envdir -- " + common.RESULTSDIR + b"\n"
                + el + b"multisubstitute\n{\n"
                b"  importas -uD0 -- EXITCODE exitcode\n"
                b"  importas -uDh -- HALTCODE haltcode\n}\n"
                + el + b"fdclose 1\n" + el + b"fdclose 2\n" + el + b"wait { }\n"
                + el + b"ifelse -X { " + el + b"eltest $HALTCODE = r } { " + li
                + b"s6-linux-init-hpr -fr" + n + b" }\n"
                + el + b"ifelse -X { " + el + b"eltest $HALTCODE = p } { " + li
                + b"s6-linux-init-hpr -fp" + n + b" }\n"
                + el + b"exit $EXITCODE\n")

    def svscan_log(self):
        o, el, s6 = self.o, self.el, self.s6
        out = self.shebang()
        out += el + (b"fdmove -c 1 2" if o.console or o.inns else b"redirfd -w 1 /dev/null")
        out += b"\n" + el + b"redirfd -rnb 0 fifo\n"
        if o.log_user and o.log_user != b"root":
            out += s6 + b"s6-setuidgid " + quote(o.log_user) + b"\n"
        out += s6 + b"s6-log -bpd3 -- "
        if o.console:
            out += b"1 "
        if o.timestamp_style & 1:
            out += b"t "
        if o.timestamp_style & 2:
            out += b"T "
        return out + common.TMPFS + b"/uncaught-logs\n"

    def logouthookd(self):
        return (self.shebang() + self.s6 + b"s6-ipcserver -1 -a 0700 -c 1000 -C 1000 -- s\n"
                + self.li + b"s6-linux-init-logouthookd\n")

    def shutdownd(self):
        o = self.o
        return (self.shebang() + self.li + b"s6-linux-init-shutdownd -d3 -c " + quote(o.robase)
                + b" -g %d" % o.finalsleep + (b" -C" if o.inns else b"")
                + (b" -B" if o.nologger else b"") + b"\n")

    def runleveld(self):
        el, s6 = self.el, self.s6
        return (self.shebang() + el + b"fdmove -c 2 1\n" + el + b"fdmove 1 3\n"
                + s6 + b"s6-ipcserver -1 -a 0700 -c 1 -- s\n" + s6 + b"s6-sudod -dt30000 --\n"
                + quote(self.o.robase) + b"/scripts/runlevel\n")

    def sig(self, option):
        return (self.shebang() + self.li + b"s6-linux-init-shutdown "
                + (b"" if self.o.inns else b"-a ") + option + b" -- now\n")

    def stage1(self):
        o = self.o
        out = self.shebang(b"-S0")
        if o.resources:
            out += self.s6 + b"s6-softlimit -H " + o.resources
        out += self.li + b"s6-linux-init -v %d -m 00%o -c " % (o.verbosity, o.umask) + quote(o.robase)
        if o.initial_path is not None:
            out += b" -p " + quote(o.initial_path)
        if o.env_store is not None:
            out += b" -s " + quote(o.env_store)
        if o.slashdev is not None:
            out += b" -d " + quote(o.slashdev)
        if o.initdefault is not None:
            out += b" -D " + quote(o.initdefault)
        if o.readyfd:
            out += b" -W %d" % o.readyfd
        if o.mounttype == 2:
            out += b" -n"
        elif o.mounttype == 0:
            out += b" -N"
        if o.inns:
            out += b" -C"
        if o.nologger:
            out += b" -B"
        return out + b" -- \"$@\"\n"


# --------------------------------------------------------------------------
# writing the tree

class Maker:
    """Creates entries under ``base``; a failure removes ``base`` and dies."""

    def __init__(self, base, uid, gid):
        self.base = base
        self.uid = uid
        self.gid = gid

    def fail(self, what, err):
        _rmrf(self.base)
        raise SysFail(what, err)

    def path(self, name):
        return self.base + b"/" + name

    def dir(self, name, mode=0o755, uid=0, gid=0, parents=False):
        fn = self.path(name)
        if parents:
            parts = name.split(b"/")
            for k in range(1, len(parts)):
                sub = self.path(b"/".join(parts[:k]))
                try:
                    os.mkdir(sub, 0o755)
                except OSError as e:
                    self.fail(b"mkdir " + sub, e)
        try:
            os.mkdir(fn, mode)
            if not self.uid and not self.gid:
                os.chown(fn, uid, gid)
            if mode & 0o7000:
                os.chmod(fn, mode)
        except OSError as e:
            self.fail(b"mkdir " + fn, e)

    def file(self, name, data):
        fn = self.path(name)
        try:
            fd = os.open(fn, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
            try:
                _write_all(fd, data)
            finally:
                os.close(fd)
            os.chmod(fn, 0o644)
        except OSError as e:
            self.fail(b"write to " + fn, e)

    def script(self, name, data):
        fn = self.path(name)
        try:
            fd = os.open(fn, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
        except OSError as e:
            self.fail(b"open " + fn + b" for script writing", e)
        try:
            try:
                os.fchmod(fd, 0o755)
            except OSError as e:
                self.fail(b"open " + fn + b" for script writing", e)
            try:
                _write_all(fd, data)
            except OSError as e:
                self.fail(b"write to " + fn, e)
        finally:
            os.close(fd)

    def fifo(self, name):
        fn = self.path(name)
        try:
            os.mkfifo(fn, 0o600)
        except OSError as e:
            self.fail(b"mkfifo " + fn, e)

    def symlink(self, name, target):
        fn = self.path(name)
        try:
            os.symlink(target, fn)
        except OSError as e:
            _rmrf(self.base)
            raise SysFail(b"make a symlink named " + fn + b" pointing to " + target, e) from None

    def copy(self, skeldir, name, mandatory):
        src = skeldir + b"/" + name
        dst = self.base + b"/scripts/" + name
        try:
            _filecopy(src, dst, 0o755)
        except OSError as e:
            if mandatory:
                _rmrf(self.base)
                raise SysFail(b"copy " + src + b" to " + dst, e) from None


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _filecopy(src, dst, mode):
    from s6utils.lib.hiercopy import filecopy
    filecopy(src, dst, mode)


def _rmrf(path):
    try:
        st = os.lstat(path)
    except OSError:
        return
    if stat.S_ISDIR(st.st_mode):
        try:
            names = os.listdir(path)
        except OSError:
            names = []
        for name in names:
            _rmrf(path + b"/" + name)
        try:
            os.rmdir(path)
        except OSError:
            pass
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


def _log_owner(m, o):
    """The uid and gid that own uncaught-logs: the -u user's when the maker
    runs as root, its own otherwise."""
    if not o.log_user or m.uid or m.gid:
        return m.uid, m.gid
    try:
        pw = pwd.getpwnam(o.log_user.decode("utf-8", "surrogateescape"))
    except KeyError:
        _rmrf(m.base)
        raise Die(100, b"unable to find user " + o.log_user + b" in passwd database") from None
    return pw.pw_uid, pw.pw_gid


def make_env(m, o):
    m.dir(b"env")
    for var in o.envvars:
        name, eq, value = var.partition(b"=")
        if not eq:
            m.file(b"env/" + name, b"")
        else:
            m.file(b"env/" + name, value + b"\n")


def make_image(m, o, sc):
    sv = b"run-image/service/.s6-svscan/"
    m.dir(b"run-image/service/.s6-svscan", parents=True)
    m.script(sv + b"SIGQUIT", sc.empty())
    m.script(sv + b"SIGINT", sc.sig(b"-r"))
    m.script(sv + b"SIGUSR1", sc.sig(b"-p"))
    m.script(sv + b"SIGUSR2", sc.sig(b"-h"))
    m.script(sv + b"SIGPWR", sc.sig(b"-p"))
    m.script(sv + b"SIGWINCH", sc.empty())
    if not o.nologger:
        uid, gid = _log_owner(m, o)
        m.dir(b"run-image/uncaught-logs", 0o2750, uid, gid)
        log = b"run-image/service/" + common.LOGGER
        m.dir(log)
        m.fifo(log + b"/fifo")
        m.file(log + b"/notification-fd", b"3\n")
        m.script(log + b"/run", sc.svscan_log())
    sd = b"run-image/service/" + common.SHUTDOWND
    m.dir(sd)
    m.fifo(sd + b"/fifo")
    m.file(sd + b"/notification-fd", b"3\n")
    m.script(sd + b"/run", sc.shutdownd())
    if o.inns:
        m.script(sv + b"SIGTERM", sc.sig(b"-h"))
        m.script(sv + b"crash", sc.container_crash())
        m.script(sv + b"finish", sc.container_exit())
        m.dir(b"run-image/" + common.RESULTS)
        m.file(b"run-image/" + common.RESULTS + b"/exitcode", b"0\n")
    else:
        m.script(sv + b"SIGTERM", sc.empty())
        m.script(sv + b"crash", sc.death(b"crashed"))
        m.script(sv + b"finish", sc.death(b"exited"))
        rl = b"run-image/service/s6-linux-init-runleveld"
        m.dir(rl)
        m.file(rl + b"/notification-fd", b"3\n")
        m.script(rl + b"/run", sc.runleveld())
    if o.logouthookd:
        lh = b"run-image/service/s6-linux-init-logouthookd"
        m.dir(lh)
        m.file(lh + b"/notification-fd", b"1\n")
        m.script(lh + b"/run", sc.logouthookd())
    if o.early_getty is not None:
        eg = b"run-image/service/s6-linux-init-early-getty"
        m.dir(eg)
        m.script(eg + b"/run", sc.line(o.early_getty))


def make_scripts(m, o):
    m.dir(b"scripts")
    if not o.inns:
        m.copy(o.skeldir, b"runlevel", True)
    m.copy(o.skeldir, b"rc.init", True)
    m.copy(o.skeldir, b"rc.shutdown", True)
    m.copy(o.skeldir, b"rc.shutdown.final", False)


def make_bins(m, o, sc, lay):
    m.dir(b"bin")
    m.script(b"bin/init", sc.stage1())
    m.script(b"bin/halt", sc.hpr(b"h"))
    m.script(b"bin/poweroff", sc.hpr(b"p"))
    m.script(b"bin/reboot", sc.hpr(b"r"))
    names = [b"s6-linux-init-shutdown"] + ([] if o.inns else [b"s6-linux-init-telinit"])
    for link, name in zip((b"bin/shutdown", b"bin/telinit"), names):
        if lay[2].startswith(b"/"):
            m.symlink(link, lay[2] + name)
        else:
            m.script(link, sc.linewithargs(name))


# option letter -> (attribute, how its argument is read: None for a flag,
# "str", "uint", "ouint" (octal), "append", "res"; and a flag's value)
OPTIONS = {
    b"V": ("verbosity", "uint"), b"t": ("timestamp_style", "uint"),
    b"q": ("finalsleep", "uint"), b"W": ("readyfd", "uint"), b"m": ("umask", "ouint"),
    b"c": ("robase", "str"), b"u": ("log_user", "str"), b"G": ("early_getty", "str"),
    b"p": ("initial_path", "str"), b"d": ("slashdev", "str"), b"s": ("env_store", "str"),
    b"D": ("initdefault", "str"), b"f": ("skeldir", "str"), b"e": ("envvars", "append"),
    b"R": ("resources", "res"),
    b"1": ("console", True), b"L": ("logouthookd", True), b"C": ("inns", True),
    b"B": ("nologger", True), b"S": ("innssync", True),
    b"n": ("mounttype", 2), b"N": ("mounttype", 0),
}


def parse(argv):
    opts, i = parse_or_usage(argv, b"V:c:u:G:1Lp:m:t:d:s:e:E:q:D:W:nNf:R:CBS", USAGE)
    o = Options()
    for letter, arg in opts:
        if letter not in OPTIONS:  # -E takes an argument, then is refused
            raise Usage(USAGE)
        attr, kind = OPTIONS[letter]
        if kind in ("uint", "ouint"):
            value = oscan0(arg) if kind == "ouint" else scan0(arg)
            if value is None:
                raise Usage(USAGE)
        elif kind == "str":
            value = arg
        elif kind == "append":
            value = o.envvars + [arg]
        elif kind == "res":
            value = parse_resources(arg)
        else:
            value = kind
        setattr(o, attr, value)
    return o, argv[i:]


def check(o):
    if o.robase[:1] != b"/":
        raise Die(100, b"base directory " + o.robase + b" is not absolute")
    if o.slashdev is not None and o.slashdev[:1] != b"/":
        raise Die(100, b"devtmpfs directory " + o.slashdev + b" is not absolute")
    if o.readyfd and o.readyfd < 3:
        raise Die(100, b"readyfd cannot be 1 or 2")
    if o.env_store is not None:
        if o.env_store[:1] != b"/":
            raise Die(100, b"kernel environment store " + o.env_store + b" is not absolute")
        if not o.env_store.startswith(common.TMPFS + b"/"):
            warn(PROG, b"kernel environment store " + o.env_store
                 + b" is not located under initial tmpfs " + common.TMPFS)
    if o.timestamp_style > 3:
        raise Die(100, b"-t timestamp_style must be 0, 1, 2 or 3")
    if o.inns and o.slashdev is not None:
        warn(PROG, b"both -C and -d options given; are you sure your container does not "
             b"come with a pre-mounted /dev?")


def main(ctx, argv):
    o, args = parse(argv)
    if not args:
        raise Usage(USAGE)
    check(o)
    lay = common.layout(ctx.env)
    sc = Scripts(o, lay)
    base = args[0]
    old = os.umask(0)
    try:
        try:
            os.mkdir(base, 0o755)
        except OSError as e:
            raise SysFail(b"mkdir " + base, e) from None
        m = Maker(base, os.getuid(), os.getgid())
        make_env(m, o)
        make_image(m, o, sc)
        make_scripts(m, o)
        make_bins(m, o, sc, lay)
    finally:
        os.umask(old)
    return Exit(0)
