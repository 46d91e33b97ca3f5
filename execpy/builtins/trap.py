"""trap: run the rest of the chain as a child, run a block for each signal
received, exit with the child's status.

The trapped signals (and SIGCHLD) are blocked and taken with sigwaitinfo,
the way skalibs' selfpipe takes them from a signalfd: no handler runs
asynchronously, so there is no race between a signal and a child's death.
Every child starts with an empty signal mask and default dispositions.
"""

import os
import signal

from execpy.engine import Exit
from execpy.engine.blocks import read_block, read_block_or_none
from execpy.engine.core import Ctx
from execpy.engine.options import parse_or_usage
from execpy.engine.signals import sig0_scan as signal_number
from execpy.errors import Die, Usage
from execpy.builtins._fdproc import spawn_or_die, wait_estatus

PROG = b"trap"
USAGE = b"trap [ -x ] { signal { cmdline } ... } prog..."

NSIG = 65

_PRINTED = {9: b"KILL", 17: b"CHLD", 19: b"STOP"}


def trappable():
    """The signals sigfillset gives, without SIGKILL and SIGSTOP."""
    return set(signal.valid_signals()) - {signal.SIGKILL, signal.SIGSTOP}


def parse_directives(ctx, words, full):
    """The directive block -> {signal number (0 for default): argv}."""
    actions = {}
    i = 0
    while i < len(words):
        word = words[i]
        sig = 0 if word.lower() == b"default" else signal_number(word)
        if sig is None:
            raise Die(100, b"unrecognized directive: " + word)
        block, nxt = read_block_or_none(ctx, words, i + 1)
        if block is None:
            raise Die(100, b"unterminated internal block for directive " + word)
        if sig in actions:
            raise Die(100, b"duplicate directive: " + word)
        if sig and (sig == signal.SIGCHLD or sig not in full):
            raise Die(100, b"SIG" + _PRINTED.get(sig, b"???")
                      + b" (%d) cannot be trapped" % sig)
        actions[sig] = block
        i = nxt
    return actions


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"x", USAGE)
    forward = bool(opts)
    if i >= len(argv):
        raise Usage(USAGE)
    words, rest = read_block(ctx, argv, i)
    if not words:
        raise Die(100, b"empty block")
    if rest >= len(argv):
        raise Usage(USAGE)
    full = trappable()
    actions = parse_directives(ctx, words, full)
    if 0 in actions:
        for sig in full:
            actions.setdefault(sig, actions[0])
    watched = set(full) if forward else {signal.SIGCHLD} | (set(actions) & full)
    signal.pthread_sigmask(signal.SIG_BLOCK, watched)
    return Exit(supervise(ctx, argv[rest:], actions, watched))


def supervise(ctx, prog, actions, watched):
    """Run ``prog``, answer signals, return its exit code when it dies."""
    main_pid = spawn_or_die(ctx, prog, sigmask=())
    running = {}  # signal -> pid of its handler
    while True:
        sig = signal.sigwaitinfo(watched).si_signo
        if sig != signal.SIGCHLD:
            react(ctx, sig, actions, running, main_pid)
            continue
        while True:
            try:
                pid, wstatus = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if pid == main_pid:
                return wait_estatus(wstatus)
            for s, p in list(running.items()):
                if p == pid:
                    del running[s]


def react(ctx, sig, actions, running, main_pid):
    block = actions.get(sig)
    if block is None:
        try:
            os.kill(main_pid, sig)
        except OSError:
            pass
        return
    if sig in running:
        return
    child = Ctx(dict(ctx.env), ctx.prog)
    child.apply({b"!": b"%d" % main_pid, b"SIGNAL": b"%d" % sig})
    running[sig] = spawn_or_die(child, block, sigmask=())

