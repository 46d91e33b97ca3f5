"""posix-umask: POSIX's umask utility: print the mask (octal, or with -S
symbolic), or set it from an octal or symbolic mode and go on."""

import os

from execpy.engine import Exec, Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail
from execpy.builtins._fdproc import write_all
from execpy.builtins.execline_umask import octal

PROG = b"posix-umask"
USAGE = b"posix-umask [ -S ] [ mask ] [ prog... ]"

_WHO = {0x75: 2, 0x67: 1, 0x6F: 0}          # u g o -> index in (o, g, u)
_PERM = {0x72: 4, 0x77: 2, 0x78: 1, 0x58: 1, 0x73: 0, 0x74: 0}   # r w x X s t
_OPS = b"+-="


class _Bad(Exception):
    pass


def symbolic(text, allowed):
    """Apply the symbolic mode ``text`` to ``allowed`` (the complement of
    the umask, as [others, group, user] bit triples); return it.

    This follows the real posix-umask's reading of POSIX, quirks included:
    a clause like ``u=`` whose op has no permission after it changes
    nothing, and a permission copy (``g=u``) needs an explicit who."""
    modes = list(allowed)
    n = len(text)
    i = 0

    def apply(who, op, perm):
        for k in range(3):
            if who & (1 << k):
                if op == 0x2D:
                    modes[k] &= ~perm
                elif op == 0x2B:
                    modes[k] |= perm
                else:
                    modes[k] = perm

    def perms(i):
        perm = 0
        while i < n and text[i] in _PERM:
            perm |= _PERM[text[i]]
            i += 1
        return perm, i

    while True:
        while i < n and text[i] == 0x2C:   # commas between clauses
            i += 1
        if i >= n:
            return modes
        who = 0
        if text[i] in _OPS:
            # no who: ``a``, and only permission letters may follow the op
            op = text[i]
            perm, i = perms(i + 1)
            if i < n and text[i] not in _OPS and text[i] != 0x2C:
                raise _Bad
            apply(7, op, perm)
            if i >= n or text[i] == 0x2C:
                continue
            who = 7
        else:
            while i < n and text[i] in b"ugoa":
                who |= 7 if text[i] == 0x61 else 1 << _WHO[text[i]]
                i += 1
            if not who:
                raise _Bad
            if i >= n:
                return modes
            if text[i] not in _OPS:
                raise _Bad
        # a list of actions: op, then a permission copy or letters (or nothing)
        while True:
            op = text[i]
            i += 1
            if i >= n:
                return modes
            c = text[i]
            if c == 0x2C:
                break
            if c in _OPS:
                continue
            if c in _WHO:
                perm = modes[_WHO[c]]
                i += 1
            elif c in _PERM:
                perm, i = perms(i)
                if i < n and text[i] in b"ugoa":
                    raise _Bad
            else:
                raise _Bad
            if i < n and text[i] not in _OPS and text[i] != 0x2C:
                raise _Bad
            apply(who, op, perm)
            if i >= n or text[i] == 0x2C:
                break


def show(sym):
    mode = os.umask(0)
    if sym:
        parts = []
        for name, shift in ((b"u", 6), (b"g", 3), (b"o", 0)):
            allowed = ~(mode >> shift)
            parts.append(name + b"=" + (b"r" if allowed & 4 else b"")
                         + (b"w" if allowed & 2 else b"") + (b"x" if allowed & 1 else b""))
        line = b",".join(parts)
    else:
        line = b"%04o" % mode
    try:
        write_all(1, line + b"\n")
    except OSError as e:
        raise SysFail(b"write to stdout", e) from None
    return Exit(0)


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"S", USAGE)
    if i >= len(argv):
        return show(bool(opts))
    word = argv[i]
    mask = octal(word)
    if mask is None:
        old = os.umask(0)
        allowed = ~old
        try:
            modes = symbolic(word, [allowed & 7, (allowed >> 3) & 7, (allowed >> 6) & 7])
        except _Bad:
            os.umask(old)
            raise Die(1, b"invalid mode string") from None
        mask = ~((modes[2] << 6) | (modes[1] << 3) | modes[0])
    os.umask(mask & 0o777)
    return Exec(argv[i + 1:])
