"""s6-overlay-suexec { root_block... } normal_init...: /init's first step.

It must be pid 1. It runs the root block (s6-overlay's preinit) as a child,
with UID, GID, EUID, EGID, USER, EUSER, GROUP and EGROUP describing the ids
it started with (GIDLIST removed), waits for it, dies with its code if it
failed, and then execs the rest (stage0) with the environment it was given.

The C program is installed suid root, so that preinit can fix /run as root
in a container started under a USER, and drops back to the real ids before
the exec. The kernel ignores the suid bit of an interpreted file, so this
one has only the ids it was started with: started as root, everything runs
as root, as in C; started as a USER, preinit runs as that user, which is
what C does when its suid bit is not honoured (no-new-privileges, a nosuid
mount): /run must then already be usable (preinit's accepted layouts).

preinit is an execline script: when it names execpy's execlineb, the
child interprets it in place instead of starting a new interpreter.
"""

import os

from execpy.engine import Exec
from execpy.engine.blocks import read_block_or_none
from execpy.engine.core import run_here
from execpy.errors import Die, SysFail, Usage

PROG = b"s6-overlay-suexec"
USAGE = b"s6-overlay-suexec { root_block... } normal_init..."


def _name(lookup, n):
    try:
        return os.fsencode(lookup(n)[0])
    except (KeyError, OverflowError):
        return b""


def _drop_to_real(uid, gid, euid):
    """No privileges to keep: every id becomes the real one, as C does."""
    if euid != uid:
        from execpy.errors import warn
        warn(PROG, b"real uid is %d while effective uid is %d; setting everything to %d; "
             b"check s6-overlay-suexec permissions" % (uid, euid, uid))
    try:
        os.setresgid(gid, gid, gid)
    except OSError as e:
        raise SysFail(b"setresgid", e.errno)
    try:
        os.setresuid(uid, uid, uid)
    except OSError as e:
        raise SysFail(b"setresuid", e.errno)


def _in_place(block):
    """``block`` itself, or, when its program is an execline script run by
    execpy's execlineb, the argv the kernel would give that interpreter: the
    chain engine then runs it in this process (or in the forked child)
    instead of exec'ing a new Python."""
    if block and b"/" in block[0]:
        from s6utils.supervision.script import execline_argv
        iargv = execline_argv(block[0], block)
        if iargv is not None:
            return iargv
    return block


def main(ctx, argv):
    if len(argv) < 2:
        raise Usage(USAGE)
    if os.getpid() != 1:
        raise Die(100, b"can only run as pid 1")
    uid, euid, gid, egid = os.getuid(), os.geteuid(), os.getgid(), os.getegid()
    if euid:
        _drop_to_real(uid, gid, euid)
    else:
        try:
            if gid:
                os.setgid(0)
        except OSError as e:
            raise SysFail(b"setgid to root", e.errno)
        try:
            if uid:
                os.setuid(0)
        except OSError as e:
            raise SysFail(b"setuid to root", e.errno)
    block, i = read_block_or_none(ctx, argv, 1)
    if block is None:
        raise Die(100, b"unterminated block")
    if not block:
        raise Die(100, b"empty block")
    rest = argv[i:]
    if not rest:
        raise Die(100, b"empty remainder")

    import grp
    import pwd
    child = ctx.fork_copy()
    env = child.env
    env.pop(b"GIDLIST", None)
    env[b"GID"] = b"%d" % gid
    env[b"EGID"] = b"%d" % egid
    env[b"UID"] = b"%d" % uid
    env[b"EUID"] = b"%d" % euid
    env[b"USER"] = _name(pwd.getpwuid, uid)
    env[b"EUSER"] = _name(pwd.getpwuid, euid)
    env[b"GROUP"] = _name(grp.getgrgid, gid)
    env[b"EGROUP"] = _name(grp.getgrgid, egid)
    try:  # in this process as far as it can go (preinit: all the way)
        wstat = run_here(child, _in_place(block))
    except OSError as e:
        raise SysFail(b"spawn " + block[0], e.errno)
    if os.WIFSIGNALED(wstat):
        sig = os.WTERMSIG(wstat)
        raise Die(128 + sig, b"child crashed with signal %d" % sig)
    code = os.WEXITSTATUS(wstat)
    if code:
        raise Die(128 if code >= 128 else code, b"child failed with exit code %d" % code)
    if not euid:
        try:
            if gid:
                os.setgid(gid)
        except OSError as e:
            raise SysFail(b"setgid to user", e.errno)
        try:
            if uid:
                os.setuid(uid)
        except OSError as e:
            raise SysFail(b"setuid to user", e.errno)
    return Exec(_in_place(rest))

