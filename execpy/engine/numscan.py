"""Unsigned numbers read and written the way skalibs does it.

skalibs scanners read the longest run of digits whose value still fits the
type, and report how many characters they used: ``uid_scan("12a")`` reads
12 and stops, ``uid_scan("4294967296")`` reads 429496729 and leaves the
last digit. The ``*0_scan`` variants succeed only when the whole word was
used. Lists (``gid_scanlist``, ``uint16_scanlist``) are numbers separated
by any run of ``,:; \\t\\r\\n``; two numbers may even touch when the first
one stopped short of an overflow.

The one copy for execline's commands and s6's: the engine's option words,
the loops' exit-code lists, s6's settings files and command lines.
"""

U16 = 0xFFFF
U32 = 0xFFFFFFFF
U64 = 0xFFFFFFFFFFFFFFFF
NGROUPS_MAX = 65536

_LIST_SEPARATORS = b",:; \t\r\n"


def scan(word, pos=0, limit=U32, base=10):
    """Read a number from ``word[pos:]``: (value, characters used)."""
    value = 0
    i = pos
    n = len(word)
    while i < n:
        digit = word[i] - 0x30
        if not 0 <= digit < base:
            break
        nv = value * base + digit
        if nv > limit:
            break
        value = nv
        i += 1
    return value, i - pos


def scan0(word, limit=U32, base=10):
    """The value of ``word`` if all of it is a number that fits, else None
    (skalibs' uint0_scan for the default 32 bits)."""
    value, used = scan(word, 0, limit, base)
    if used and used == len(word):
        return value
    return None


def oscan0(word):
    """uint0_oscan: a whole word in octal."""
    return scan0(word, U32, 8)


def scan_list(word, maxn=NGROUPS_MAX, limit=U32):
    """gid_scanlist (uint16_scanlist with ``limit=U16``): (list of numbers,
    characters used). Stops at the first character that starts neither a
    number nor a separator run, or after ``maxn`` numbers."""
    out = []
    i = 0
    n = len(word)
    while i < n and len(out) < maxn:
        value, used = scan(word, i, limit)
        if not used:
            break
        out.append(value)
        i += used
        while i < n and word[i] in _LIST_SEPARATORS:
            i += 1
    return out, i


def fmt_list(values):
    """gid_fmtlist: numbers joined with commas."""
    return b",".join(b"%d" % v for v in values)
