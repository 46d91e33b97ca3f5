"""posix-cd: POSIX's cd utility (CDPATH, -L/-P, ``-``, PWD and OLDPWD), then
go on with the rest of the command line if there is one."""

import os
import stat

from execpy.engine import Exec
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail, Usage
from execpy.builtins._fdproc import write_all

PROG = b"posix-cd"
USAGE = b"posix-cd [ -L | -P ] [ - | path ] [ prog... ]"


def _is_dir(path):
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def _search_cdpath(cdpath, where):
    for entry in cdpath.split(b":"):
        if entry:
            candidate = entry + (b"" if entry.endswith(b"/") else b"/") + where
        else:
            candidate = b"./" + where
        if _is_dir(candidate):
            return candidate
    return None


def canonicalize(path):
    """Remove ``.``, ``..`` and repeated slashes without resolving links,
    as skalibs' path_canonicalize does with checking: each component that
    ``..`` leaves must be a directory. Returns (result, None) or
    (None, (prefix that failed, errno))."""
    absolute = path.startswith(b"/")
    out = []
    for comp in path.split(b"/"):
        if comp in (b"", b"."):
            continue
        if comp != b"..":
            out.append(comp)
            continue
        if out and out[-1] != b"..":
            prefix = (b"/" if absolute else b"") + b"/".join(out)
            try:
                st = os.stat(prefix)
            except OSError as e:
                return None, (prefix, e.errno)
            if not stat.S_ISDIR(st.st_mode):
                return None, (prefix, 20)
            out.pop()
        elif not absolute:
            out.append(b"..")
    text = b"/".join(out)
    if absolute:
        return b"/" + text, None
    return text or b".", None


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"LP", USAGE)
    physical = bool(opts) and opts[-1][0] == b"P"
    env = ctx.env
    print_it = False
    if i >= len(argv):
        where = env.get(b"HOME")
    else:
        where = argv[i]
        i += 1
        if where == b"-":
            where = env.get(b"OLDPWD")
            print_it = True
    if not where:
        raise Usage(USAGE)
    target = where
    if not (where.startswith(b"/") or where in (b".", b"..")
            or where.startswith((b"./", b"../"))):
        cdpath = env.get(b"CDPATH")
        found = _search_cdpath(cdpath, where) if cdpath is not None else None
        if found is not None:
            target = found
            print_it = True
    try:
        oldpwd = os.getcwdb()
    except OSError as e:
        raise SysFail(b"getcwd", e) from None
    changes = {b"OLDPWD": oldpwd}
    if not physical:
        pwd = env.get(b"PWD")
        if pwd and not target.startswith(b"/"):
            target = pwd + (b"" if pwd.endswith(b"/") else b"/") + target
        canon, problem = canonicalize(target)
        if canon is None:
            raise SysFail(b"canonicalize " + target + b": problem with " + problem[0],
                          problem[1])
        target = canon
        changes[b"PWD"] = target
    try:
        os.chdir(target)
    except OSError as e:
        raise SysFail(b"chdir to " + where, e) from None
    if physical:
        try:
            target = os.getcwdb()
        except OSError as e:
            raise SysFail(b"getcwd", e) from None
        changes[b"PWD"] = target
    if print_it:
        try:
            write_all(1, target + b"\n")
        except OSError as e:
            raise SysFail(b"write to stdout", e) from None
    ctx.apply(changes)
    return Exec(argv[i:])

