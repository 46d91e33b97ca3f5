"""s6-softlimit: lower (or raise up to the hard limit) the soft resource
limits, then go on. A value larger than the hard limit is clamped to it;
``=`` means the hard limit. Unknown options are ignored, as in s6.

s6 2.14.0.0 added -P (RLIMIT_RTPRIO), -H (set the hard limit as well)
and -h (the hard limit only; ``=`` then means infinity)."""

from execpy.engine import Exec
from execpy.engine.options import MISSING, UNKNOWN, Scan
from execpy.errors import SysFail, Usage
from execpy.engine.numscan import U64, scan0

PROG = b"s6-softlimit"
USAGE = (b"s6-softlimit [ -a allbytes ] [ -c corebytes ] [ -d databytes ] "
         b"[ -f filebytes ] [ -l lockbytes ] [ -m membytes ] [ -o openfiles ] "
         b"[ -p processes ] [ -r residentbytes ] [ -s stackbytes ] [ -t cpusecs ] prog...")

# option letter -> names of the resource module's RLIMIT_* constants
_LIMITS = {
    b"a": ("RLIMIT_AS",),
    b"c": ("RLIMIT_CORE",),
    b"d": ("RLIMIT_DATA",),
    b"f": ("RLIMIT_FSIZE",),
    b"l": ("RLIMIT_MEMLOCK",),
    b"m": ("RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_MEMLOCK", "RLIMIT_AS"),
    b"o": ("RLIMIT_NOFILE",),
    b"p": ("RLIMIT_NPROC",),
    b"P": ("RLIMIT_RTPRIO",),
    b"r": ("RLIMIT_RSS",),
    b"s": ("RLIMIT_STACK",),
    b"t": ("RLIMIT_CPU",),
}


def _unsigned(v):
    return v + (1 << 64) if v < 0 else v


def _signed(v):
    return v - (1 << 64) if v >= (1 << 63) else v


def set_soft(resource, res, arg, what=1):
    """``what``: 1 the soft limit, 2 the hard one, 3 both."""
    try:
        soft, hard = resource.getrlimit(res)
    except (OSError, ValueError) as e:
        raise SysFail(b"getrlimit", e if isinstance(e, OSError) else 22)
    soft, hard = _unsigned(soft), _unsigned(hard)
    if arg == b"=":
        if what & 2:
            hard = _unsigned(resource.RLIM_INFINITY)
        if what & 1:
            soft = hard
    else:
        value = scan0(arg, U64)
        if value is None:
            raise Usage(USAGE)
        if what & 2:
            hard = value
        if what & 1:
            soft = min(value, hard)
    try:
        resource.setrlimit(res, (_signed(soft), _signed(hard)))
    except (OSError, ValueError) as e:
        raise SysFail(b"setrlimit", e if isinstance(e, OSError) else 22)


def main(ctx, argv):
    import resource
    # every limit letter takes an argument; an unknown letter is skipped
    scan = Scan(argv, b"hH" + b"".join(letter + b":" for letter in _LIMITS))
    what = 1
    for letter, arg in scan:
        if arg is UNKNOWN or arg is MISSING:
            continue
        if letter in (b"h", b"H"):
            what = 2 if letter == b"h" else 3
            continue
        for name in _LIMITS[letter]:
            res = getattr(resource, name, None)
            if res is not None:
                set_soft(resource, res, arg, what)
    i = scan.index
    rest = argv[i:]
    if not rest:
        raise Usage(USAGE)
    return Exec(rest)

