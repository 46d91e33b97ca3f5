"""s6 and its sibling packages, rebuilt, one subpackage per upstream package.

    s6          s6's programs: chain-loaders, s6-log, the supervision and
                control tools
    portable    s6-portable-utils
    linux       s6-linux-utils
    rc          s6-rc (the service manager)
    linux_init  s6-linux-init (stage 1 and shutdown, container duties)

and what they share:

    lib         s6's on-disk formats and protocols (supervise/status, the
                death tally, the event fifodir, control), clocks, accounts,
                number scanning
    supervision the one-process supervision tree behind s6-svscan and
                s6-supervise
    log         the engine behind s6-log

Modules may use execpy.parser and execpy.engine, never execpy.builtins or
execpy.commands; nothing here imports overlay/.
"""
