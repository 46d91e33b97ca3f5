"""Option parsing the way every skarnet program does it (skalibs subgetopt).

Options end at the first word that does not start with ``-``, at a lone
``-`` (an argument), or after ``--``. Flags cluster (``-sC``); an option that
takes an argument takes the rest of its word or, if that is empty, the next
word. There are no long options.
"""

from execpy.errors import Usage


class BadOption(Exception):
    pass


def getopt(argv, optstring, start=1):
    """Parse options of ``argv`` from index ``start``.

    ``optstring`` is bytes in getopt style (``b"iuD:"``). Returns
    (list of (letter bytes, argument or None), index of the first operand).
    Raises BadOption for an unknown letter or a missing argument.
    """
    opts = []
    i = start
    n = len(argv)
    while i < n:
        word = argv[i]
        if len(word) < 2 or word[0] != 0x2D:
            break
        if word == b"--":
            i += 1
            break
        j = 1
        while j < len(word):
            c = word[j]
            k = optstring.find(bytes((c,)))
            if k < 0 or c == 0x3A:
                raise BadOption(c)
            if optstring[k + 1:k + 2] == b":":
                if j + 1 < len(word):
                    arg = word[j + 1:]
                else:
                    i += 1
                    if i >= n:
                        raise BadOption(c)
                    arg = argv[i]
                opts.append((bytes((c,)), arg))
                break
            opts.append((bytes((c,)), None))
            j += 1
        i += 1
    return opts, i


def parse_or_usage(argv, optstring, usage, start=1):
    """getopt, turning a bad option into the command's usage error."""
    try:
        return getopt(argv, optstring, start)
    except BadOption:
        raise Usage(usage) from None


def uint0(word):
    """skalibs uint0_scan: the whole word must be a decimal number."""
    if word and word.isdigit():
        return int(word)
    return None
