"""The servicedirs/ of a compiled database, as s6-rc-compile 0.7.0.0 makes
them: s6rc-oneshot-runner and s6rc-fdholder (built on s6's IPC and fd
holder programs), then one s6 service directory per longrun, made from what
its definition holds. A longrun in a pipeline gets a run (and finish)
wrapper that fetches its pipe ends from the fd holder, then runs the
definition's script, copied as run.user (finish.user).
"""

import os
import stat

from execpy.errors import Die
from s6utils.lib import hiercopy
from s6utils.rc import files
from s6utils.rc.errtext import SysFail
from s6utils.rc.sources import FDHOLDER, RUNNER


def quote_nodelim(s):
    """skalibs' string_quote_nodelim: s as the inside of an execline
    double-quoted word."""
    out = bytearray()
    for c in s:
        if 7 <= c <= 13:
            out += b"\\" + b"abtnvfr"[c - 7:c - 6]
        elif c in (0x22, 0x5C):
            out += b"\\" + bytes((c,))
        elif c < 32 or c >= 127:
            out += b"\\0x%02x" % c
        else:
            out.append(c)
    return bytes(out)


def quote(s):
    return b'"' + quote_nodelim(s) + b'"'


def _skeleton(out, name, notif):
    """The part the runner and the fd holder share: readiness on fd
    ``notif``, and access rules letting only root (uid and gid 0) in."""
    base = b"servicedirs/" + name
    out.dir(base)
    out.file(base + b"/notification-fd", b"%d\n" % notif)
    rules = base + b"/data/rules"
    for d in (base + b"/data", rules, rules + b"/gid", rules + b"/gid/0"):
        out.dir(d)
    out.file(rules + b"/gid/0/allow", b"")
    out.dir(rules + b"/uid")
    out.dir(rules + b"/uid/0")
    out.file(rules + b"/uid/0/allow", b"")
    out.symlink(rules + b"/uid/self", b"0")


def _expand(template, layout, *pairs):
    """A script from ``template``: {EL}, {S6} and {RC} become the layout's
    execline, s6 and s6-rc libexec directories, then each (key, value) of
    ``pairs`` is put in, in order (so a name holding "{S6}" stays as is)."""
    for key, value in ((b"{EL}", layout.execline), (b"{S6}", layout.s6),
                       (b"{RC}", layout.s6rc_libexec)) + pairs:
        template = template.replace(key, value)
    return template


RUNNER_RUN = b"""#!{EL}execlineb -s1
{EL}fdmove -c 2 1
{EL}fdmove 1 3
{S6}s6-ipcserver-socketbinder -- s
{S6}s6-ipcserverd -1 --
{S6}s6-ipcserver-access -v0 -E -l0 -i data/rules --
{S6}s6-sudod -t 30000 --
{RC}s6-rc-oneshot-run -l ../.. {BLOCK}--
"""

# the fd holder: once its socket is ready, s6-rc-fdholder-filler creates
# and stores the pipes listed in data/autofilled, then readiness is told
FDHOLDER_RUN = b"""#!{EL}execlineb -s1
{EL}pipeline -dw --
{
  {EL}if --
  {
    {EL}forstdin -x0 -- i
      {EL}exit 0
  }
  {EL}if -nt --
  {
    {EL}redirfd -r 0 ./data/autofilled
    {S6}s6-ipcclient -l0 -- s
    {RC}s6-rc-fdholder-filler -1 --
  }
  {S6}s6-svc -t .
}
{USER}{S6}s6-fdholder-daemon -1 -n {NFDS} {U}-i data/rules -- s
"""

# a pipelined longrun: its pipe ends from the fd holder, then the real script
WRAPPER_READ = b"""{S6}s6-fdholder-retrieve ../s6rc-fdholder/s "pipe:s6rc-r-{ME}"
"""
WRAPPER_WRITE = b"""{EL}fdmove 1 0
{S6}s6-fdholder-retrieve ../s6rc-fdholder/s "pipe:s6rc-w-{CONSUMER}"
{EL}fdswap 0 1
"""


def write_runner(out, layout, blocking):
    _skeleton(out, RUNNER, 3)
    script = _expand(RUNNER_RUN, layout, (b"{BLOCK}", b"-b " if blocking else b""))
    out.file(b"servicedirs/" + RUNNER + b"/run", script, 0o755)


def write_fdholder(out, layout, db, fdhuser):
    _skeleton(out, FDHOLDER, 1)
    base = b"servicedirs/" + FDHOLDER
    env = base + b"/data/rules/uid/0/env"
    out.dir(env)
    out.file(env + b"/S6_FDHOLDER_LIST", b"\n")
    out.file(env + b"/S6_FDHOLDER_STORE_REGEX", b"^pipe:s6rc-\n")
    out.symlink(env + b"/S6_FDHOLDER_RETRIEVE_REGEX", b"S6_FDHOLDER_STORE_REGEX")
    out.file(env + b"/S6_FDHOLDER_SETDUMP", b"\n")
    out.file(env + b"/S6_FDHOLDER_GETDUMP", b"\n")
    out.symlink(base + b"/data/rules/gid/0/env", b"../../uid/0/env")
    consumers = [db.name(i) for i in range(db.nlong) if db.services[i].nproducers]
    out.file(base + b"/data/autofilled", b"".join(c + b"\n" for c in consumers))
    nfds = 2 * len(consumers)
    nfds = 256 if nfds < 240 else nfds + (nfds >> 4) + 2
    user = b"" if fdhuser is None else layout.s6 + b"s6-envuidgid -i -- " + quote(fdhuser) + b"\n"
    script = _expand(FDHOLDER_RUN, layout, (b"{NFDS}", b"%d" % nfds),
                     (b"{U}", b"" if fdhuser is None else b"-U "), (b"{USER}", user))
    out.file(base + b"/run", script, 0o755)


def _wrapper(layout, db, i, exe):
    sv = db.services[i]
    script = _expand(b"#!{EL}execlineb -S0\n", layout)
    if sv.nproducers:
        script += _expand(WRAPPER_READ, layout, (b"{ME}", quote_nodelim(db.name(i))))
    if sv.consumer < db.nlong:
        script += _expand(WRAPPER_WRITE, layout,
                          (b"{CONSUMER}", quote_nodelim(db.name(sv.consumer))))
    return script + b"./" + exe + b".user $@\n"


class _Longrun:
    """The servicedir of one longrun: ``src`` and ``dst`` are the definition
    and servicedir paths, ``rel`` the servicedir's path in the database,
    each ending with a slash."""

    def __init__(self, out, report, name, srcdir):
        self.out, self.report, self.name = out, report, name
        self.src = srcdir + b"/" + name + b"/"
        self.rel = b"servicedirs/" + name + b"/"
        self.dst = out.path(self.rel)

    def copy(self, fname, mode, dstname=None):
        src, dst = self.src + fname, self.dst + (dstname or fname)
        try:
            hiercopy.filecopy(src, dst, mode)
        except OSError as e:
            raise SysFail(b"copy " + src + b" to " + dst, e) from None

    def script(self, exe, wrapper):
        if wrapper is None:
            self.copy(exe, 0o755)
        else:
            self.out.file(self.rel + exe, wrapper, 0o755)
            self.copy(exe, 0o755, exe + b".user")

    def uint(self, fname):
        src, dst = self.src + fname, self.dst + fname
        try:
            value = files.read_uint(src)
        except OSError as e:
            raise SysFail(b"read " + src, e) from None
        if value is None:
            return None
        try:
            files.write_file(dst, b"%d\n" % value)
        except OSError as e:
            raise SysFail(b"write to " + dst, e) from None
        try:
            os.chmod(dst, 0o644)
        except OSError as e:
            raise SysFail(b"set permissions on " + dst, e) from None
        return value

    def low_fd(self, value, what):
        """A fd below 3 is kept, with a warning; returns whether it was."""
        if value is not None and value < 3:
            self.report.warn(1, b"longrun ", self.name, b" has a " + what + b" of %d" % value)
            return True
        return False

    def empty(self, fname):
        src, dst = self.src + fname, self.dst + fname
        try:
            os.stat(src)
        except FileNotFoundError:
            return
        except OSError as e:
            raise SysFail(b"access " + src, e) from None
        try:
            files.write_file(dst, b"")
        except OSError as e:
            raise SysFail(b"create " + dst, e) from None

    def tree(self, fname, dstname=None):
        src, dst = self.src + fname, self.dst + (dstname or fname)
        try:
            st = os.stat(src)
        except FileNotFoundError:
            return False
        except OSError as e:
            raise SysFail(b"stat " + src, e) from None
        if not stat.S_ISDIR(st.st_mode):
            raise Die(1, src + b" is not a directory")
        try:
            hiercopy.hiercopy(src, dst)
        except OSError as e:
            raise SysFail(b"recursively copy " + src + b" to " + dst, e) from None
        return True


def write_longrun(out, report, layout, db, i, srcdir):
    name = db.name(i)
    sv = db.services[i]
    lr = _Longrun(out, report, name, srcdir)
    try:
        os.mkdir(lr.dst[:-1], 0o755)
    except OSError as e:
        raise SysFail(b"mkdir " + lr.dst[:-1], e) from None
    piped = sv.nproducers or sv.consumer < db.nlong
    if os.access(lr.src + b"finish", os.R_OK):
        lr.script(b"finish", _wrapper(layout, db, i, b"finish") if piped else None)
    lr.script(b"run", _wrapper(layout, db, i, b"run") if piped else None)
    notif = lr.uint(b"notification-fd")
    if lr.low_fd(notif, b"notification-fd"):
        notif = 0
    lock = lr.uint(b"lock-fd")
    if not lr.low_fd(lock, b"lock-fd") and lock is not None and lock == notif:
        raise Die(1, b"longrun " + name + b" has the same value for notification-fd and lock-fd")
    lr.uint(b"timeout-kill")
    lr.empty(b"flag-timeout-killpg")
    lr.uint(b"timeout-finish")
    lr.uint(b"max-death-tally")
    for fname in (b"down-signal", b"reload-signal"):
        try:
            hiercopy.filecopy(lr.src + fname, lr.dst + fname, 0o644)
        except OSError:
            pass
    lr.empty(b"flag-newpidns")
    if lr.tree(b"template"):
        for d in (b"instances", b"instance"):
            try:
                os.mkdir(lr.dst + d, 0o755)
            except OSError as e:
                raise SysFail(b"mkdir " + lr.dst + d, e) from None
    lr.tree(b"data")
    lr.tree(b"env")
