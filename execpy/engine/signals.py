"""Signal names as skalibs reads and writes them (sig0_scan, sig_name), on Linux.

The one table for execline's commands and s6's: ``down-signal`` files,
``s6-svscan``'s ``.s6-svscan/SIGxxx`` scripts, what s6-svstat and s6-svdt
print.
"""

from execpy.engine.numscan import scan0

# skalibs' table, in its order: the first name of a number is its name.
_TABLE = (
    (b"ABRT", 6), (b"ALRM", 14), (b"BUS", 7), (b"CHLD", 17), (b"CONT", 18),
    (b"FPE", 8), (b"HUP", 1), (b"ILL", 4), (b"INT", 2), (b"KILL", 9),
    (b"PIPE", 13), (b"QUIT", 3), (b"SEGV", 11), (b"STOP", 19), (b"TERM", 15),
    (b"TSTP", 20), (b"TTIN", 21), (b"TTOU", 22), (b"USR1", 10), (b"USR2", 12),
    (b"POLL", 29), (b"PROF", 27), (b"SYS", 31), (b"TRAP", 5), (b"URG", 23),
    (b"VTALRM", 26), (b"XCPU", 24), (b"XFSZ", 25), (b"IOT", 6),
    (b"STKFLT", 16), (b"CLD", 17), (b"WINCH", 28), (b"IO", 29), (b"PWR", 30),
)


def sig0_scan(word):
    """The signal ``word`` names (``TERM``, ``SIGterm``, ``15``), or None.

    A name is matched without regard to case, with or without ``SIG``; a
    number is any decimal number that fits 32 bits, as skalibs takes it."""
    if word[:1].isdigit():
        return scan0(word)
    up = word.upper()
    if up.startswith(b"SIG"):
        up = up[3:]
    for name, num in _TABLE:
        if name == up:
            return num
    return None


def sig_name(sig):
    """The name skalibs gives ``sig`` (without ``SIG``), or ``???``."""
    for name, num in _TABLE:
        if num == sig:
            return name
    return b"???"
