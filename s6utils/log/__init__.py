"""The engine behind s6-log: a reliable logger with automatic rotation.

The logging script is compiled first, then one event loop runs until stdin
ends, one module per concern:

    config     what the options set (-q/-v, -p, -b, -l), and the warnings
    script     the logging script: checked, then compiled into rules of
               selections and actions, opening each logdir in order
    selection  a batch of lines through the rules: selection, timestamps,
               prefixes, and the alert and status-file actions
    stdin      stdin cut into batches of complete lines
    logdir     one logdir: start-up recovery, writing ``current``, and the
               rotation state machine
    archive    a logdir's archives: naming, archiving, trimming
    processor  the child that runs a logdir's processor
    loop       the I/O loop: stdin, stdout, deadlines, signals and
               processors, then the final sync of every logdir

What happens to the lines:

- stdin is read in chunks of at most 8191 bytes, the size of s6-log's input
  buffer, so a logdir receives the same writes, and rotates at the same
  points, as with the C program. All the complete lines of a chunk are one
  batch: selected, timestamped (one clock reading per batch) and appended
  to each action's buffer; a logdir's batch goes to ``current`` in one write.
- a logdir is a small state machine (``Logdir.rotate``): fsync ``current``,
  rename it ``previous``, open a new ``current`` (0644), mark ``previous``
  complete (0744), then either archive it as ``@<tai64n>.s`` or run the
  processor on it, sync ``processed`` and ``newstate``, and archive that.
  A failed step is retried after the logdir's cooldown (``r``, 2 s by
  default); meanwhile lines wait in memory, so a full disk (ENOSPC) only
  delays them.
- signals are queued (s6utils.lib.sigqueue, shared with the supervision
  tree) and the set that came is handled after
  each poll, each signal once: SIGALRM forces a rotation, SIGTERM (unless
  -p) and SIGHUP make s6-log finish the current line and exit, SIGCHLD
  reaps processors.

At exit each ``current`` is fsync'd and made 0744, which marks it as
cleanly closed; a ``current`` found without the user x bit at start-up is
archived as ``@<tai64n>.u``.
"""
