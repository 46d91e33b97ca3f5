"""The supervision tree in one process.

s6 runs one s6-supervise process per service; here one Python process
supervises every service of a scan directory from a single event loop,
keeping s6 2.11.3.2's on-disk interface byte for byte, so that s6's own
tools (s6-svc, s6-svstat, s6-svwait, s6-svok, s6-svscanctl) work unchanged.

    procs       the seam: every fork, exec, kill and wait goes through it
                (built on execpy.engine.process)
    loop        the event loop: poll, deadlines, and signals kept blocked
                except while it waits, handed over merged, lowest first
    servicedir  claiming a service directory (lock, control fifo), its
                settings files, the down file (the formats are s6utils.lib's)
    supervisor  one service: s6-supervise's state x event table
    scanner     the scan directory: s6-svscan's scanner, reaper and
                control commands
    script      running an execline run script in the forked child

What differs from s6 2.11.3.2, mostly where one process cannot be many:

  * A supervisor has no pid of its own: the signals s6-svscan sends its
    s6-supervise children (TERM, HUP) are events handed to the
    Supervisor; the s6-supervise command alone obeys TERM, HUP, QUIT, INT.
  * ``s6-svscanctl -b`` (and SIGABRT) exec the finish script at once, as
    s6-svscan does, but the supervisors end with this process instead of
    living on as orphaned s6-supervise processes; services keep running.
  * s6-supervise blocks until ./run has exec'd; here that wait goes
    through the loop, so services start side by side. What the supervisor
    is asked meanwhile is held back and handled afterwards, in order.
  * A run or finish script whose ``#!`` names execpy's execlineb is run
    by the forked child itself: until the chain execs a program, its
    /proc/PID/cmdline is the supervisor's.
  * Kill requests made to the scanner between two kills add up (the
    strongest signal wins), where s6-svscan keeps the last: its ``-th``
    lowers the level ``t`` asked for and the tree never ends.
  * A supervisor told to exit starts nothing more (``x`` then ``U`` in
    one read, while down): s6-supervise starts ./run and exits, leaving
    it unsupervised.
"""
