"""Option parsing the way every skarnet program does it (skalibs subgetopt).

Options end at the first word that does not start with ``-``, at a lone
``-`` (an argument), or after ``--``. Flags cluster (``-sC``); an option that
takes an argument takes the rest of its word or, if that is empty, the next
word. There are no long options.
"""

from execpy.errors import Usage


class BadOption(Exception):
    pass


UNKNOWN = "unknown option"
MISSING = "missing argument"


class Scan:
    """Iterate over the options of ``argv`` from ``start``, as subgetopt reads
    them: yields (letter, argument) with the argument as bytes, or None for
    a flag, or UNKNOWN / MISSING for a bad option, which is reported where it
    stands so that each command applies its own policy (die at once, skip it,
    report it). ``index`` is then the index of the first operand (of the word
    holding an unknown letter; len(argv) after a missing argument)."""

    __slots__ = ("argv", "optstring", "index")

    def __init__(self, argv, optstring, start=1):
        self.argv = argv
        self.optstring = optstring
        self.index = start

    def __iter__(self):
        argv, optstring = self.argv, self.optstring
        n = len(argv)
        i = self.index
        while i < n:
            word = argv[i]
            if len(word) < 2 or word[0] != 0x2D:
                break
            if word == b"--":
                i += 1
                break
            j = 1
            while j < len(word):
                letter = word[j:j + 1]
                k = optstring.find(letter)
                if k < 0 or letter == b":":
                    self.index = i
                    yield letter, UNKNOWN
                    j += 1
                    continue
                if optstring[k + 1:k + 2] == b":":
                    if j + 1 < len(word):
                        arg = word[j + 1:]
                    elif i + 1 < n:
                        i += 1
                        arg = argv[i]
                    else:
                        self.index = n
                        yield letter, MISSING
                        return
                    yield letter, arg
                    break
                yield letter, None
                j += 1
            i += 1
        self.index = i


def getopt(argv, optstring, start=1):
    """Parse options of ``argv`` from index ``start``.

    ``optstring`` is bytes in getopt style (``b"iuD:"``). Returns
    (list of (letter bytes, argument or None), index of the first operand).
    Raises BadOption for an unknown letter or a missing argument.
    """
    scan = Scan(argv, optstring, start)
    opts = []
    for letter, arg in scan:
        if arg is UNKNOWN or arg is MISSING:
            raise BadOption(letter)
        opts.append((letter, arg))
    return opts, scan.index


def parse_or_usage(argv, optstring, usage, start=1):
    """getopt, turning a bad option into the command's usage error."""
    try:
        return getopt(argv, optstring, start)
    except BadOption:
        raise Usage(usage) from None


def uint0(word):
    """skalibs uint0_scan: the whole word must be a decimal number that fits
    an unsigned int; None otherwise."""
    from execpy.engine.numscan import scan0  # not on execlineb's start-up path
    return scan0(word)


def fd0(word):
    """An fd number as a C program gets it: uint0_scan, then used as an int,
    so 2^31 and above become negative (and a system call says EBADF)."""
    value = uint0(word)
    if value is not None and value > 2 ** 31 - 1:
        value -= 2 ** 32
    return value
