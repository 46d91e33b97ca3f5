"""What s6-log's options set (-q/-v, -p, -b, -l, -t), and the warnings -q silences."""

from execpy.errors import strerror, write_stderr

PROG = b"s6-log"


class Config:
    """The command line's settings, and the environment processors get."""

    __slots__ = ("env", "verbosity", "protect", "block", "linelimit", "lastlinetimeout")

    def __init__(self, env):
        self.env = env
        self.verbosity = 1
        self.protect = False     # -p: SIGTERM does not stop s6-log
        self.block = False       # -b: stop reading while lines wait
        self.linelimit = 8192    # -l: longer lines are cut (0: no limit)
        # -t (s6 2.12.0.0): after SIGTERM/SIGHUP, how long (ms) an unfinished
        # last line may wait for its newline before one is added (0: forever)
        self.lastlinetimeout = 2000

    def warn(self, msg):
        if self.verbosity:
            write_stderr(PROG + b": warning: " + msg + b"\n")

    def warnsys(self, what, err):
        if self.verbosity:
            write_stderr(PROG + b": warning: unable to " + what + b": " + strerror(err) + b"\n")
