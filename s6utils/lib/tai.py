"""TAI64N labels and human-readable times, as skalibs writes and reads them.

A TAI64N label is ``@`` followed by 24 lowercase hex digits: 16 for the
TAI64 seconds (2^62 + seconds since 1970-01-01 00:00:10 TAI), 8 for the
nanoseconds. skalibs converts between the system clock (UTC) and TAI with a
table of leap seconds: a label in 2001 is 32 seconds ahead of UTC, one today
37. ``localtmn`` text is ``YYYY-MM-DD HH:MM:SS.nnnnnnnnn`` in local time,
with ``:60`` for a leap second, as s6-log's ``T`` and s6-tai64nlocal print.

Only ``os`` and ``time`` are imported: this sits on the start-up path of
s6-log, s6-tai64n and s6-tai64nlocal.
"""

import time

TAI_BASE = 1 << 62
TIMESTAMP = 25  # length of "@" + 24 hex digits

# Unix times of the midnights (UTC) that follow each inserted leap second,
# from 1972-06-30 to 2016-12-31: 27 of them, as in skalibs' table.
_LEAP_MIDNIGHTS = (
    78796800, 94694400, 126230400, 157766400, 189302400, 220924800,
    252460800, 283996800, 315532800, 362793600, 394329600, 425865600,
    489024000, 567993600, 631152000, 662688000, 709948800, 741484800,
    773020800, 820454400, 867715200, 915148800, 1136073600, 1230768000,
    1341100800, 1435708800, 1483228800,
)
# The same leap seconds as TAI offsets (label - 2^62): the i-th one, shown
# as 23:59:60, is TAI midnight + 10 + i.
_LEAP_TAI = tuple(m + 10 + i for i, m in enumerate(_LEAP_MIDNIGHTS))


def leaps_at_unix(t):
    """Leap seconds inserted up to unix time ``t``."""
    if t >= _LEAP_MIDNIGHTS[-1]:
        return len(_LEAP_MIDNIGHTS)
    n = 0
    for m in _LEAP_MIDNIGHTS:
        if t >= m:
            n += 1
        else:
            break
    return n


def tai_seconds(unix_seconds):
    """TAI64 label (with the 2^62 bias) of a unix time."""
    return TAI_BASE + 10 + unix_seconds + leaps_at_unix(unix_seconds)


def tain_now():
    """(TAI64 seconds label, nanoseconds) of the current time."""
    ns = time.time_ns()
    s, n = divmod(ns, 1000000000)
    return tai_seconds(s), n


def label(tain):
    """``@`` and 24 hex digits for a (seconds, nanoseconds) pair, as bytes."""
    return b"@%016x%08x" % tain


def label_now():
    return b"@%016x%08x" % tain_now()


def seconds_since(tain, now):
    """Whole seconds from ``tain`` to ``now`` (skalibs tain_sub: the
    seconds wrap around as an unsigned 64-bit number when tain is later)."""
    sec = now[0] - tain[0]
    if now[1] < tain[1]:
        sec -= 1
    return sec & 0xFFFFFFFFFFFFFFFF


def scan_label(s, pos=0):
    """Parse a TAI64N label at ``s[pos:]``: (seconds, nanoseconds), or None.

    Hex digits of either case are accepted (skalibs' scanner does); a
    nanosecond field of 10^9 or more is not a label.
    """
    if len(s) - pos < TIMESTAMP or s[pos] != 0x40:
        return None
    digits = s[pos + 1:pos + TIMESTAMP]
    for c in digits:
        if not (0x30 <= c <= 0x39 or 0x61 <= c <= 0x66 or 0x41 <= c <= 0x46):
            return None
    sec = int(digits[:16], 16)
    nano = int(digits[16:], 16)
    if nano >= 1000000000:
        return None
    return sec, nano


def utc_of_tai(sec):
    """(unix seconds, is a leap second) for a TAI64 seconds label, or None
    when it is before the epoch (skalibs refuses those)."""
    t = sec - TAI_BASE
    leap = False
    n = 0
    for i, lt in enumerate(_LEAP_TAI):
        if t < lt:
            break
        if t == lt:
            leap = True
            n = i + 1
            break
        n = i + 1
    u = t - 10 - n
    if u < 0:
        return None
    return u, leap


def localtmn(tain, gmt=False):
    """``YYYY-MM-DD HH:MM:SS.nnnnnnnnn`` for a (seconds, nanoseconds) pair,
    in local time (UTC with ``gmt``), as bytes; None if it cannot be shown."""
    r = utc_of_tai(tain[0])
    if r is None:
        return None
    u, leap = r
    try:
        tm = time.gmtime(u) if gmt else time.localtime(u)
    except (OverflowError, OSError, ValueError):
        return None
    sec = 60 if leap else tm.tm_sec
    return b"%d-%02d-%02d %02d:%02d:%02d.%09d" % (
        tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, sec, tain[1])


def stamps_now():
    """(TAI64N label, localtmn text) of one reading of the clock."""
    ns = time.time_ns()
    s, n = divmod(ns, 1000000000)
    tm = time.localtime(s)
    return (b"@%016x%08x" % (tai_seconds(s), n),
            b"%d-%02d-%02d %02d:%02d:%02d.%09d" % (
                tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, n))
