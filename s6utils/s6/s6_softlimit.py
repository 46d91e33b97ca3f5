"""s6-softlimit: lower (or raise up to the hard limit) the soft resource
limits, then go on. A value larger than the hard limit is clamped to it;
``=`` means the hard limit. Unknown options are ignored, as in s6."""

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
    b"r": ("RLIMIT_RSS",),
    b"s": ("RLIMIT_STACK",),
    b"t": ("RLIMIT_CPU",),
}


def _unsigned(v):
    return v + (1 << 64) if v < 0 else v


def _signed(v):
    return v - (1 << 64) if v >= (1 << 63) else v


def set_soft(resource, res, arg):
    try:
        soft, hard = resource.getrlimit(res)
    except (OSError, ValueError) as e:
        raise SysFail(b"getrlimit", e if isinstance(e, OSError) else 22)
    hard = _unsigned(hard)
    if arg == b"=":
        value = hard
    else:
        value = scan0(arg, U64)
        if value is None:
            raise Usage(USAGE)
        value = min(value, hard)
    try:
        resource.setrlimit(res, (_signed(value), _signed(hard)))
    except (OSError, ValueError) as e:
        raise SysFail(b"setrlimit", e if isinstance(e, OSError) else 22)


def main(ctx, argv):
    import resource
    # every limit letter takes an argument; an unknown letter is skipped
    scan = Scan(argv, b"".join(letter + b":" for letter in _LIMITS))
    for letter, arg in scan:
        if arg is UNKNOWN or arg is MISSING:
            continue
        for name in _LIMITS[letter]:
            res = getattr(resource, name, None)
            if res is not None:
                set_soft(resource, res, arg)
    i = scan.index
    rest = argv[i:]
    if not rest:
        raise Usage(USAGE)
    return Exec(rest)

