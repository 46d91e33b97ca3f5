"""cd: execline-cd under its short name (the real one prints "execline-cd")."""

from execpy.builtins.execline_cd import PROG, USAGE, main  # noqa: F401
