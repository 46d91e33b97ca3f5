"""s6-ipcserver-access: decide, from ${PROTO}REMOTEEUID and
${PROTO}REMOTEEGID (as s6-ipcserverd sets them), whether the client may
go on, by s6's access rules: a rules directory (-i) or a rules file (-x, a
cdb as s6-accessrules-cdb-from-fs makes one). The first of uid/self (when
the client is our euid), uid/<uid>, gid/self, gid/<gid>, uid/default that
says ``allow`` or ``deny`` decides. An allowing rule may carry an
environment (a directory's ``env/`` envdir; a file's record holds it as
NAME=value and NAME, for unset, each NUL-terminated) applied to the
program's, and an ``exec`` string (an execline script run instead of
``prog...``).

A rules file's record for a key is ``D`` (deny), or ``A``, then the
environment's length (16-bit big-endian), the environment, the exec
string's length and the exec string; a record starting with anything else
does not count (the next key is tried), and a malformed one is an error
(EINVAL), as is a file that is not a cdb where the lookup walks off it.

Denied: exit 1 (logged with -v2). Allowed: logged unless -v0; with -e
(default) ${PROTO}LOCALPATH is set, with -E every PROTO variable is unset.
"""

import errno
import os

from execpy.engine import Exec, Exit
from execpy.engine.numscan import scan0
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage, strerror, write_stderr
from s6utils.lib import cdb, ipcio
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
        params["env"].extend(read_envdir(base + b"env").items())
        params["errno"] = 0  # C's, as reading the directory to its end leaves it
    except FileNotFoundError:
        params["errno"] = errno.ENOENT
    try:
        fd = os.open(base + b"exec", os.O_RDONLY | os.O_CLOEXEC)
    except OSError as e:
        if e.errno not in _MISSING:
            raise
        params["errno"] = e.errno
    else:
        try:
            data = os.read(fd, 4096)
        finally:
            os.close(fd)
        if data:
            params["exec"] = data
    return ALLOW


def _einval():
    return OSError(errno.EINVAL, os.strerror(errno.EINVAL))


def env_piece(piece):
    """NAME=value as (name, value), NAME as (name, None): unset it; None
    for a piece without a name."""
    name, eq, value = piece.partition(b"=")
    return (name, value if eq else None) if name else None


def env_pairs(data):
    """A rule's environment as a rules file stores it, NAME=value or NAME
    each NUL-terminated: ((name, value or None) for each piece with a
    name, what follows the last NUL or None)."""
    pieces = data.split(b"\0")
    tail = pieces.pop() or None
    return [p for p in map(env_piece, pieces) if p is not None], tail


def check_cdb_key(table, key, params):
    """One key of a rules file (s6_accessrules_backend_cdb): OSError EINVAL
    for a malformed record, cdb.Invalid where the file is no cdb."""
    found = table.find(key)
    if found is None:
        return NOTFOUND
    pos, n = found
    if not n or n > 8197:
        raise _einval()
    kind = table.mapped(pos, 1)  # C reads no more of a deny
    if kind == b"D":
        return DENY
    if kind != b"A":
        return NOTFOUND
    if n < 5:
        raise _einval()
    data = table.mapped(pos, n)
    envlen = int.from_bytes(data[1:3], "big")
    if envlen > 4096 or n - 5 < envlen:
        raise _einval()
    execlen = int.from_bytes(data[3 + envlen:5 + envlen], "big")
    if execlen > 4096 or 5 + envlen + execlen != n:
        raise _einval()
    if envlen:
        pairs, params["tail"] = env_pairs(data[3:3 + envlen])
        params["env"].extend(pairs)
    if execlen:
        params["exec"] = data[5 + envlen:]
    return ALLOW


def uidgid_keys(uid, gid):
    """The keys s6's accessrules try for a client, in order."""
    if uid == os.geteuid():
        yield b"uid/self"
    yield b"uid/%d" % uid
    if gid == os.getegid():
        yield b"gid/self"
    yield b"gid/%d" % gid
    yield b"uid/default"


def check_uidgid(uid, gid, check1, params):
    """The first verdict of ``check1(key, params)`` other than NOTFOUND."""
    for key in uidgid_keys(uid, gid):
        r = check1(key, params)
        if r != NOTFOUND:
            return r
    return NOTFOUND


def check_uidgid_fs(uid, gid, rulesdir, params):
    return check_uidgid(uid, gid, lambda key, p: check_fs_key(rulesdir, key, p), params)


def check_uidgid_cdb(uid, gid, table, params):
    return check_uidgid(uid, gid, lambda key, p: check_cdb_key(table, key, p), params)


def exec_string(params):
    """The exec string as C passes it on: up to its first NUL."""
    return params["exec"].split(b"\0", 1)[0]


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
    params = {"env": [], "exec": None}
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
        try:
            table = cdb.Cdb.open(rules)
        except OSError as e:
            raise SysFail(b"cdb_init " + rules, e) from None
        try:
            r = check_uidgid_cdb(uid, gid, table, params)
        except OSError as e:
            raise SysFail(b"check cdb ruleset in " + rules, e) from None
        except cdb.Invalid:  # C's errno is untouched: still 0
            raise SysFail(b"check cdb ruleset in " + rules, 0) from None
    if r != ALLOW:
        if verbosity >= 2:
            _log(False, uid, gid, errno.EACCES if r == DENY else errno.ENOENT)
        return Exit(1)
    if verbosity:
        _log(True, uid, gid)
    if doenv:
        if localname is None:
            try:
                localname = ipcio.local_name(0)
            except OSError as e:
                raise SysFail(b"ipc_local", e) from None
        more = [proto + b"LOCALPATH=" + localname]
    else:
        more = [b"PROTO", proto + b"REMOTEEUID", proto + b"REMOTEEGID",
                proto + b"REMOTEPATH", proto + b"LOCALPATH", proto + b"CONNNUM"]
    if params.get("tail") is not None:
        # a rules file's environment that does not end in a NUL: C's next
        # change is glued to its last piece
        more[0] = params["tail"] + more[0]
    changes = dict(params["env"])
    changes.update(p for p in map(env_piece, more) if p is not None)
    if params["exec"] is not None:
        return Exec([b"execlineb", b"-Pc", exec_string(params)], changes)
    return Exec(args, changes)

