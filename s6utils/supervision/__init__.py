"""The supervision tree in one process.

s6 runs one s6-supervise process per service; here one Python process
supervises every service of a scan directory from a single event loop,
keeping s6 2.11.3.2's on-disk interface byte for byte, so that s6's own
tools (s6-svc, s6-svstat, s6-svwait, s6-svok, s6-svscanctl) work unchanged.

    procs       the seam: every fork, exec, kill and wait goes through it
    loop        the event loop: poll, a self-pipe for signals, deadlines
    servicedir  the files of a service directory: control fifo, lock,
                status, death tally, settings
    supervisor  one service: s6-supervise's state x event table
    scanner     the scan directory: s6-svscan's scanner, reaper and
                control commands
    script      running an execline run script in the forked child
    signames    signal names as skalibs reads and writes them
"""
