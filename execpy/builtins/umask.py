"""umask: execline-umask under its short name (the real one prints "execline-umask")."""

from execpy.builtins.execline_umask import PROG, USAGE, main  # noqa: F401
