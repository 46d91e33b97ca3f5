"""Option parsing as skalibs' gol does it for the s6-rc 0.7 programs.

Short options cluster (``-ub``); an option with an argument takes the rest
of its word, or the next word unless that is ``--`` (or there is none: then
the option is silently left unset). Long options are ``--name`` for a flag
and ``--name=value`` for an argument. Options end at the first word that
does not start with ``-``, at a lone ``-``, or after ``--``. A bad option
is fatal with exit 100 and one of gol's four messages.
"""

from execpy.errors import Die, Usage


class Flag:
    """A boolean option: applying it sets ``key`` to ``value`` (or each key
    of a tuple to the matching value: s6-rc's -D sets two)."""

    __slots__ = ("short", "long", "key", "value")

    def __init__(self, short, long, key, value=True):
        self.short, self.long, self.key, self.value = short, long, key, value


class Arg:
    """An option with an argument, stored under ``key``."""

    __slots__ = ("short", "long", "key")

    def __init__(self, short, long, key):
        self.short, self.long, self.key = short, long, key


def _bad(*parts):
    return Die(100, b"".join(parts))


def gol(argv, flags, args, start=1):
    """Parse ``argv[start:]``. Returns (settings, index of the first operand):
    settings maps each key that was given to its value (a flag's value, an
    argument's bytes)."""
    settings = {}
    i = start
    n = len(argv)
    while i < n:
        word = argv[i]
        if word[:1] != b"-" or len(word) == 1:
            break
        if word[:2] == b"--":
            if len(word) == 2:
                return settings, i + 1
            _long(word, flags, args, settings)
            i += 1
            continue
        j = 1
        while j < len(word):
            c = word[j:j + 1]
            arg = next((a for a in args if a.short == c), None)
            if arg is not None:
                if j + 1 < len(word):
                    settings[arg.key] = word[j + 1:]
                elif i + 1 < n and argv[i + 1] != b"--":
                    i += 1
                    settings[arg.key] = argv[i]
                break
            flag = next((f for f in flags if f.short == c), None)
            if flag is None:
                raise _bad(b"unrecognized short option: ", c)
            _apply(settings, flag)
            j += 1
        i += 1
    return settings, i


def _long(word, flags, args, settings):
    name, eq, value = word[2:].partition(b"=")
    if eq:
        if not name:
            raise _bad(b"invalid option: ", word)
        arg = next((a for a in args if a.long == name), None)
        if arg is None:
            raise _bad(b"unrecognized option with argument: ", word)
        settings[arg.key] = value
    else:
        flag = next((f for f in flags if f.long == name), None)
        if flag is None:
            raise _bad(b"unrecognized boolean option: ", word)
        _apply(settings, flag)


def _apply(settings, flag):
    if isinstance(flag.key, tuple):
        settings.update(zip(flag.key, flag.value))
    else:
        settings[flag.key] = flag.value


def command(args, commands, usage):
    """The command word of a multi-command tool (s6-rc, s6-rc-db): usage
    error if there is none, ``unknown command`` (100) if it is not one."""
    if not args:
        raise Usage(usage)
    if args[0] not in commands:
        raise Die(100, b"unknown command: " + args[0])
    return args[0]
