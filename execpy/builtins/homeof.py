"""homeof: print a user's home directory."""

from execpy.engine import Exit
from execpy.errors import Die, SysFail, Usage
from execpy.builtins._fdproc import write_all

PROG = b"homeof"
USAGE = b"homeof user"


def main(ctx, argv):
    if len(argv) < 2:
        raise Usage(USAGE)
    import pwd
    user = argv[1]
    try:
        home = pwd.getpwnam(user.decode("utf-8", "surrogateescape")).pw_dir
    except KeyError:
        # the real homeof prints an empty first part here: keep its text
        raise Die(111, b": unable to get passwd entry for " + user
                  + b": no such user") from None
    except ValueError:  # an embedded NUL cannot name anyone
        raise Die(111, b": unable to get passwd entry for " + user
                  + b": no such user") from None
    try:
        write_all(1, home.encode("utf-8", "surrogateescape") + b"\n")
    except OSError as e:
        raise SysFail(b"write to stdout", e) from None
    return Exit(0)
