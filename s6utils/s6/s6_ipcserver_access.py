"""s6-ipcserver-access: decide, from ${PROTO}REMOTEEUID and
${PROTO}REMOTEEGID (as s6-ipcserverd sets them), whether the client may
go on, by a rules directory (-i) as s6's accessrules read one: the first of
uid/self (when the client is our euid), uid/<uid>, gid/self, gid/<gid>,
uid/default that holds ``allow`` or ``deny`` decides. An allowing rule may
hold ``env/`` (an envdir applied to the program's environment) and
``exec`` (an execline script run instead of ``prog...``).

Denied: exit 1 (logged with -v2). Allowed: logged unless -v0; with -e
(default) ${PROTO}LOCALPATH is set, with -E every PROTO variable is unset.
"""

import errno
import os

from execpy.engine import Exec, Exit
from execpy.engine.numscan import scan0
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage, strerror, write_stderr
from s6utils.lib import ipcio
from s6utils.s6.s6_envdir import read_envdir

PROG = b"s6-ipcserver-access"
USAGE = (b"s6-ipcserver-access [ -v verbosity ] [ -e | -E ] [ -l localname ] "
         b"[ -i rulesdir | -x rulesfile ] prog...")

ALLOW, DENY, NOTFOUND = range(3)
_MISSING = (errno.EACCES, errno.ENOENT)


def _readable(path):
    """access(path, R_OK) as the rules reader asks it: False for EACCES
    and ENOENT, OSError for any other error."""
    if os.access(path, os.R_OK):
        return True
    try:
        os.stat(path)
    except OSError as e:
        if e.errno in _MISSING:
            return False
        raise
    return False  # there, but not readable: EACCES


def check_fs_key(rulesdir, key, params):
    """One key of a rules directory (s6_accessrules_backend_fs)."""
    base = rulesdir + b"/" + key + b"/"
    if not _readable(base + b"allow"):
        return DENY if _readable(base + b"deny") else NOTFOUND
    try:
        params["env"].update(read_envdir(base + b"env"))
    except FileNotFoundError:
        pass
    try:
        fd = os.open(base + b"exec", os.O_RDONLY | os.O_CLOEXEC)
    except OSError as e:
        if e.errno not in _MISSING:
            raise
    else:
        try:
            data = os.read(fd, 4096)
        finally:
            os.close(fd)
        if data:
            params["exec"] = data
    return ALLOW


def check_uidgid_fs(uid, gid, rulesdir, params):
    keys = []
    if uid == os.geteuid():
        keys.append(b"uid/self")
    keys.append(b"uid/%d" % uid)
    if gid == os.getegid():
        keys.append(b"gid/self")
    keys += [b"gid/%d" % gid, b"uid/default"]
    for key in keys:
        r = check_fs_key(rulesdir, key, params)
        if r != NOTFOUND:
            return r
    return NOTFOUND


def _log(allowed, uid, gid, err=0):
    line = b"%s pid %d uid %d gid %d" % (b"allow" if allowed else b"deny", os.getpid(), uid, gid)
    if not allowed:
        line += b": " + strerror(err)
    write_stderr(PROG + b": info: " + line + b"\n")


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"v:Eel:i:x:", USAGE)
    verbosity = 1
    doenv = True
    localname = None
    rules = None
    rulestype = 0
    for letter, arg in opts:
        if letter == b"v":
            verbosity = scan0(arg)
            if verbosity is None:
                raise Usage(USAGE)
        elif letter == b"E":
            doenv = False
        elif letter == b"e":
            doenv = True
        elif letter == b"l":
            localname = arg
        elif letter == b"i":
            rules, rulestype = arg, 1
        else:
            rules, rulestype = arg, 2
    args = argv[i:]
    if not args or not args[0]:
        raise Usage(USAGE)
    env = ctx.env
    proto = env.get(b"PROTO")
    if proto is None:
        raise Die(100, b"PROTO not set")
    ids = []
    for suffix in (b"REMOTEEUID", b"REMOTEEGID"):
        name = proto + suffix
        value = env.get(name)
        if value is None:
            raise Die(100, name + b" not set")
        n = scan0(value)
        if n is None:
            raise Die(100, b"invalid $" + name)
        ids.append(n)
    uid, gid = ids
    params = {"env": {}, "exec": None}
    if rulestype == 0:
        if verbosity >= 2:
            write_stderr(PROG + b": warning: invoked without a ruleset!\n")
        r = ALLOW
    elif rulestype == 1:
        try:
            r = check_uidgid_fs(uid, gid, rules, params)
        except OSError as e:
            raise SysFail(b"check fs ruleset in " + rules, e) from None
    else:
        raise Die(111, b"unable to check cdb ruleset in " + rules + b": "
                  + strerror(errno.ENOSYS))
    if r != ALLOW:
        if verbosity >= 2:
            _log(False, uid, gid, errno.EACCES if r == DENY else errno.ENOENT)
        return Exit(1)
    if verbosity:
        _log(True, uid, gid)
    changes = dict(params["env"])
    if doenv:
        if localname is None:
            try:
                localname = ipcio.local_name(0)
            except OSError as e:
                raise SysFail(b"ipc_local", e) from None
        changes[proto + b"LOCALPATH"] = localname
    else:
        for name in (b"PROTO", proto + b"REMOTEEUID", proto + b"REMOTEEGID",
                     proto + b"REMOTEPATH", proto + b"LOCALPATH", proto + b"CONNNUM"):
            changes[name] = None
    if params["exec"] is not None:
        return Exec([b"execlineb", b"-Pc", params["exec"]], changes)
    return Exec(args, changes)

