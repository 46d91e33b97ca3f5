"""execpy: execline, s6 and s6-overlay rebuilt in Python.

Nothing is imported here: `execlineb` and every builtin start by importing
only the modules they touch (see execpy.cli).
"""

__version__ = "0.1.0"
