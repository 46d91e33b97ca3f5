"""The chain engine: how one process runs a whole execline chain.

Public names used by builtins::

    Exec(argv, env=None)  next step: run argv (a builtin in-process, or exec it)
    Exit(code)            end the chain with this status
    Ctx                   the per-chain state (environment, program name, ...)
    run(ctx, argv)        run a chain to its end; returns an exit status
"""

from execpy.engine.core import Ctx, Exec, Exit, run  # noqa: F401
