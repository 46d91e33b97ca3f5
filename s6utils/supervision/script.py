"""Running an execline run (or finish) script in the forked child.

When ``run`` starts with a ``#!`` line naming execpy's execlineb (the
repository's bin/execlineb or a link to it, such as /command/execlineb:
any path ending in ``/execlineb`` that is execpy's launcher), exec'ing it
would start a fresh Python only to parse the script and run its chain.
The forked child of the supervisor already is a Python: it reads the
``#!`` line as the kernel would, builds the argv the kernel would give
the interpreter (interpreter, its one optional argument, the script path,
the arguments) and runs it through execpy's execlineb, in place.

Nothing the script can observe changes: same argv, environment, cwd,
descriptors (the ones marked close-on-exec are closed first, as exec would
close them), signal dispositions and mask (reset by procs before the body
runs), session and exit status. Whenever the kernel would refuse the exec
(script or interpreter missing, not executable, a malformed ``#!`` line),
nothing is done here and the caller execs for real, so the error is the
kernel's own.
"""

import os

# the reading of #! lines and the close-on-exec sweep live in the engine,
# which runs scripts in place the same way (re-exported for callers here)
from execpy.engine.shebang import (  # noqa: F401
    BINPRM_BUF_SIZE, LAUNCHER_MARK, close_on_exec_fds, execline_argv, shebang)


def interpret(iargv, env):
    """In the forked child: run the execline script whose interpreter argv
    execline_argv gave, and leave through os._exit."""
    code = 111
    try:
        close_on_exec_fds()
        from execpy.engine import core
        # the launcher installed the command table; if it did not, the
        # chain engine execs the interpreter for real
        ctx = core.Ctx(dict(env), b"execlineb")
        code = core.run(ctx, iargv)
    except BaseException:  # noqa: BLE001 - never back into the supervisor's code
        code = 111
    os._exit(code)
