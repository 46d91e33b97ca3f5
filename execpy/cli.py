"""Entry point of every command: ``bin/<name>`` and the installed scripts.

The command is chosen by the name it was called by (argv[0]'s basename),
busybox style, so one launcher serves all of them.
"""

import os
import _signal as signal  # the C module: 'signal' would import enum (~4 ms)
import sys


def _restore_signals():
    # Python ignores SIGPIPE and SIGXFSZ and catches SIGINT; a C program
    # (and whatever it execs) expects the defaults. An inherited "ignored"
    # SIGINT is kept, as a C program would keep it.
    from execpy.engine.process import reset_signals
    reset_signals()
    if signal.getsignal(signal.SIGINT) != signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.SIG_DFL)


def initial_environment():
    """The environment this process was started with, as bytes.

    Read from /proc/self/environ where it exists: Python may have added
    LC_CTYPE to os.environ (PEP 538 locale coercion), and a program we exec
    must not see a variable its caller never set."""
    try:
        with open("/proc/self/environ", "rb") as f:
            data = f.read()
    except OSError:
        return dict(os.environb)
    env = {}
    for item in data.split(b"\0"):
        name, eq, value = item.partition(b"=")
        if eq and name not in env:
            env[name] = value
    return env


def main(argv=None):
    if argv is None:
        argv = [os.fsencode(a) for a in sys.argv]
    _restore_signals()
    name = os.path.basename(argv[0]) if argv else b""
    if name.endswith(b".py"):
        name = name[:-3]
    from execpy import commands
    from execpy.engine import core
    core.set_lookup(commands.load)
    mod = commands.load(name)
    path = argv[0] if argv else b""
    for _ in range(8):  # a link named otherwise (s6-linux-init-maker's bin/shutdown)
        if mod is not None or b"/" not in path:
            break
        try:
            path = os.path.join(os.path.dirname(path), os.readlink(path))
        except OSError:
            break
        mod = commands.load(os.path.basename(path))
    if mod is None:
        from execpy.errors import write_stderr
        write_stderr(b"execpy: fatal: unknown command: " + name + b"\n")
        os._exit(100)
    core.process.enable_titles()
    ctx = core.Ctx(initial_environment(), mod.PROG)
    code = core.run(ctx, argv, first=mod)
    os._exit(code)


if __name__ == "__main__":
    main()
