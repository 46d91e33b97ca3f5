"""The loop that runs a chain, and the process primitives it rests on.

A chain is an argv. While its first word names a builtin, the builtin's
``main(ctx, argv)`` runs in this process and returns the next step; the
first external program is exec'd in place of this process, so the last
program of a script keeps the script's PID. A block that must run while the
chain goes on (foreground, if, backtick, ...) is started by ``spawn``: an
external program is started with posix_spawn, a builtin in a forked child
that keeps interpreting; neither starts a new interpreter.

Processes are created and replaced through execpy.engine.process, the
one seam every part of execpy shares.
"""

import os
import _signal as signal  # the C module: 'signal' would import enum (~4 ms)

from execpy import errors
from execpy.engine import process, shebang
from execpy.errors import Die, SysFail, Usage, format_error, write_stderr

DEFAULT_PATH = b"/usr/bin:/bin"


class Exec:
    """Next step: continue the chain with ``argv``; ``env`` maps names to new
    values (None unsets) and is applied before the step runs."""

    __slots__ = ("argv", "env")

    def __init__(self, argv, env=None):
        self.argv = argv
        self.env = env


class Exit:
    """End the chain: the process exits with ``code``."""

    __slots__ = ("code",)

    def __init__(self, code):
        self.code = code


class Ctx:
    """What a chain carries from step to step.

    ``env`` is the chain's environment (bytes to bytes), the one an exec'd
    program will receive; the process's own os.environ is never consulted.
    ``prog`` names the running step in messages. ``nblock`` counts the
    blocks the current step has read (for strict-mode warnings); it is reset
    at every step, as each C program starts with its own counter.
    """

    __slots__ = ("env", "prog", "nblock", "_sized", "_size")

    def __init__(self, env, prog=b"execlineb"):
        self.env = env
        self.prog = prog
        self.nblock = 0
        self._sized = None  # the env dict _size was counted for

    def env_bytes(self):
        """The size of the environment as execve counts it (NAME=value and
        a NUL each), kept up to date by ``apply`` and counted afresh when
        ctx.env is another dict. (Only ever trusted to say "small": an
        exec's size is decided on a fresh count, execpy.engine.argmax.)"""
        env = self.env
        if self._sized is not env:
            self._size = sum(map(len, env)) + sum(map(len, env.values())) + 2 * len(env)
            self._sized = env
        return self._size

    # environment ---------------------------------------------------------
    def setenv(self, name, value):
        """Set a variable, as skalibs' env_merge does (see apply)."""
        self.apply({name: value})

    def unsetenv(self, name):
        self.apply({name: None})

    def apply(self, changes):
        """Apply {name: value, or None to unset} in order, as skalibs'
        env_merge does: a replaced or removed variable leaves its slot to
        the environment's last variable, and a set variable is appended.
        (``env -i A=1 B=2 C=3 export A x env`` prints C, B, A.)"""
        env = self.env
        if self._sized is env:
            size = self._size
            for name, value in changes.items():
                old = env.get(name)
                if old is not None:
                    size -= len(name) + len(old) + 2
                if value is not None:
                    size += len(name) + len(value) + 2
            self._size = size
        if not any(name in env for name in changes):
            for name, value in changes.items():
                if value is not None:
                    env[name] = value
            return
        items = list(env.items())
        index = {name: i for i, (name, _) in enumerate(items)}
        for name, value in changes.items():
            j = index.pop(name, None)
            if j is not None:
                last = items.pop()
                if j < len(items):
                    items[j] = last
                    index[last[0]] = j
            if value is not None:
                index[name] = len(items)
                items.append((name, value))
        env.clear()
        env.update(items)

    def strict(self):
        """EXECLINE_STRICT as execline reads it, at the moment of asking."""
        value = self.env.get(b"EXECLINE_STRICT")
        if value and value.isdigit():
            return int(value)
        return 0

    def warn(self, msg):
        if isinstance(msg, str):
            msg = msg.encode()
        write_stderr(self.prog + b": warning: " + msg + b"\n")

    def fork_copy(self):
        return Ctx(dict(self.env), self.prog)

    leftover = None  # run_here: the fds open before a step that leaves some


# --------------------------------------------------------------------------
# finding commands

_LAUNCHER_MARK = b"execpy-launcher"
_load = None


def set_lookup(load):
    """Install the function that maps a command name to its module.

    The engine does not know the command table (it sits above the engine);
    execpy.cli installs execpy.commands.load at start-up."""
    global _load
    _load = load


def _lookup(name):
    """The builtin module that runs ``name``, or None for an external program.

    A bare name is looked up in the table. A path counts as a builtin only if
    it is one of execpy's own launchers (a symlink such as /command/fdmove
    into execpy's bin/), so a user's /usr/local/bin/foreground is exec'd.
    """
    load = _load
    if load is None:
        return None
    if b"/" not in name:
        return load(name)
    base = name.rsplit(b"/", 1)[1]
    mod = load(base)
    if mod is None:
        return None
    try:
        with open(name, "rb") as f:
            head = f.read(256)
    except OSError:
        return None
    return mod if _LAUNCHER_MARK in head else None


def find_executable(name, env):
    """Resolve ``name`` on the chain's PATH as execvp would.

    Returns the path to try, or raises OSError with the errno execvp would
    report (ENOENT when nothing was found, EACCES when only non-executable
    files were).
    """
    if b"/" in name:
        return name
    path = env.get(b"PATH")
    if path is None:
        path = DEFAULT_PATH
    seen_eacces = False
    for d in path.split(b":"):
        if not d:
            continue
        candidate = d + b"/" + name
        try:
            st = os.stat(candidate)
        except OSError:
            continue
        if not (st.st_mode & 0o170000) == 0o100000:
            seen_eacces = True
            continue
        if os.access(candidate, os.X_OK):
            return candidate
        seen_eacces = True
    raise OSError(13 if seen_eacces else 2, "")


def prepare_exec():
    """Restore what Python changed in the process before a program inherits it."""
    process.reset_signals()


_OWN_PATH = object()


def exec_external(ctx, argv, argv0=None, search_path=_OWN_PATH):
    """Replace the process with an external program. Never returns.

    ``argv0``, if given, replaces argv[0] in what the program sees (the
    program is still found by argv[0]). ``search_path`` is the PATH the
    program is looked up on: a C execline program searches the PATH it was
    started with, not the one it is handing over, so ``export PATH /x prog``
    finds prog on the old PATH (None: PATH was unset). By default, the PATH
    of ctx.env. Raises Die with execline's wording (127 for not found, 126
    otherwise)."""
    name = argv[0]
    env = ctx.env
    if argv0 is not None:
        argv = [argv0] + list(argv[1:])
    elif type(argv) is not list:
        argv = list(argv)  # a script's Words: execve wants the real thing
    err = 2
    if b"/" in name:
        try:
            process.execve(name, argv, env)
        except OSError as e:
            err = e.errno
    else:
        path = env.get(b"PATH") if search_path is _OWN_PATH else search_path
        if path is None:
            path = DEFAULT_PATH
        seen_eacces = False
        for d in path.split(b":"):
            if not d:  # skalibs skips empty PATH elements (no implicit ".")
                continue
            try:
                process.execve(d + b"/" + name, argv, env)
            except OSError as e:
                if e.errno == 13:
                    seen_eacces = True
                elif e.errno not in (2, 20):
                    err = e.errno
                    break
        else:
            if seen_eacces:
                err = 13
    raise SysFail(b"exec " + name, err, 127 if err == 2 else 126)


# --------------------------------------------------------------------------
# running chains

def _trace(ctx, argv):
    from execpy.engine.trace import trace
    trace(ctx, argv)


def in_place_script(ctx, argv, path):
    """The argv execpy's execlineb would get from the kernel if ``path``
    (where the exec of ``argv`` would find its program) is an execline
    script of execpy's, to run in this process instead of exec'ing a new
    interpreter; else None."""
    if _load is None or ctx.env.get(b"EXECPY_NOINTERP"):
        return None
    iargv = shebang.execline_argv(path, list(argv))
    if iargv is None or _lookup(iargv[0]) is None:
        return None
    return iargv


def _in_place_exec(ctx, argv, search_path):
    """in_place_script for the chain's own exec, which finds its program on
    ``search_path`` (exec_external's), or None when the exec will fail."""
    if b"/" in argv[0]:
        path = argv[0]
    else:
        try:
            path = find_executable(argv[0], {} if search_path is None else {b"PATH": search_path})
        except OSError:
            return None
    return in_place_script(ctx, argv, path)


def run_execline(env, argv, prog=b"execlineb"):
    """Run the execline argv ``argv`` (``execlineb -Pc text``, a run
    script's interpreter line, a chain) in this process, with a copy of
    ``env``; return its exit code, or None when this process has no command
    table installed (the caller then execs the real program).

    This is how the layers above the engine (s6-log's processors, the
    supervisor's run scripts, s6-rc's oneshots) run execline without a new
    interpreter and without importing the command table themselves: the
    process's entry point (execpy.cli) installs it."""
    if _load is None or not argv or _lookup(argv[0]) is None:
        return None
    return run(Ctx(dict(env), prog), argv)


def run(ctx, argv, first=None):
    """Run the chain ``argv`` to its end. Returns the exit status when the
    chain ends without an exec (a builtin exited, or an error was printed);
    an external program replaces the process and this never returns.
    ``first`` is the module of argv[0] when the caller already knows it."""
    try:
        return _loop(ctx, argv, first)
    except Die as e:
        write_stderr(format_error(ctx.prog, e))
        return e.code
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as e:  # noqa: BLE001 - PID 1 and friends never die of a traceback
        if isinstance(e, RecursionError):  # room to say so
            import sys
            sys.setrecursionlimit(sys.getrecursionlimit() + 200)
        return internal_error(ctx.prog, e)


internal_error = process.internal_error


def _exec_path(name, search_path):
    """The file C's execvp would hand to the kernel for ``name``."""
    if b"/" in name:
        return name
    try:
        return find_executable(name, {} if search_path is None else {b"PATH": search_path})
    except OSError:
        return name


E2BIG = 7
_SURE = 32768  # an exec of fewer bytes than this always fits (execpy.engine.argmax)


def exec_too_big(ctx, argv, search_path):
    """True when the kernel would refuse to exec argv (found on
    ``search_path``) with ctx.env: E2BIG. Counted in constant time for a
    script's Words; execpy.engine.argmax is asked only past 32 kB."""
    name = argv[0]
    bound = len(DEFAULT_PATH if search_path is None else search_path) + len(name) + 2
    if type(argv) is list:
        size = sum(map(len, argv)) + 9 * len(argv)
    else:
        size = argv.strings_size()[0] + 8 * len(argv)
    env = ctx.env
    if size + ctx.env_bytes() + 8 * len(env) + bound <= _SURE:
        return False
    from execpy.engine.argmax import too_big
    return too_big(lambda: _exec_path(name, search_path), argv, env, bound)


def exec_would_fail(ctx, argv, search_path):
    """Raise what a C program's exec of the builtin step ``argv`` would:
    ``unable to exec NAME: Argument list too long`` (126) when argv and the
    environment are over the kernel's limits (execpy.engine.argmax)."""
    if exec_too_big(ctx, argv, search_path):
        raise SysFail(b"exec " + argv[0], E2BIG, 126)


def _loop(ctx, argv, mod=None):
    """The chain loop. Its first step is running as a C program would be
    (started by the kernel, or checked by spawn or forked.run_forked);
    every later builtin step is checked as the exec C would make
    (exec_would_fail)."""
    execed = True
    tracing = None
    # The PATH of the environment the current step was started with: the
    # next external program is looked up there (see exec_external).
    search_path = ctx.env.get(b"PATH")
    while True:
        if not argv:
            return 0
        if tracing is None or tracing:
            tracing = ctx.env.get(b"EXECPY_TRACE", b"") not in (b"", b"0")
            if tracing:
                _trace(ctx, argv)
        if mod is None:
            mod = _lookup(argv[0])
        if mod is None:
            iargv = _in_place_exec(ctx, argv, search_path)
            if iargv is not None:   # the exec would start execpy's execlineb
                prepare_exec()
                shebang.close_on_exec_fds()
                argv, execed = iargv, True
                continue
            prepare_exec()
            exec_external(ctx, argv, search_path=search_path)
        if not execed:  # in C, every step is an exec of its own
            exec_would_fail(ctx, argv, search_path)
        execed = False
        if type(argv) is not list and not mod.__name__.startswith("execpy.builtins."):
            argv = list(argv)  # only execline's builtins take a script's Words
        ctx.prog = mod.PROG
        ctx.nblock = 0
        search_path = ctx.env.get(b"PATH")
        if getattr(mod, "TITLE", False):  # a daemon: ps shows it as C's exec would
            process.set_title(argv)
        step = mod.main(ctx, argv)
        if isinstance(step, Exit):
            return step.code
        if step.env:
            ctx.apply(step.env)
        argv = step.argv
        mod = None


def spawn(ctx, argv, child_setup=None, file_actions=None, sigmask=None):
    """Start ``argv`` as a child running alongside the chain; return its pid.

    ``child_setup``, if given, runs in the child before the command (it may
    only touch fds and signals). An external command is started with
    posix_spawn when there is no setup, else fork+exec; a builtin command is
    run in a forked child that keeps interpreting. ``file_actions`` (as for
    os.posix_spawn) and ``sigmask`` (the child's signal mask) are applied in
    both cases, so fd plumbing does not force a fork.

    Raises OSError when an external program cannot be started (the caller
    words the message: execline commands differ).
    """
    if not argv:
        argv = []
    mod = _lookup(argv[0]) if argv else None
    if mod is None and argv and ctx.env.get(b"EXECPY_TRACE", b"") not in (b"", b"0"):
        _trace(ctx, argv)
    script = None
    if mod is None and argv:
        path = find_executable(argv[0], ctx.env)
        script = in_place_script(ctx, argv, path)
    if script is not None:   # interpreted in the child, as after its exec
        argv = script
    elif mod is None and argv:
        if child_setup is None:
            if type(argv) is not list:
                argv = list(argv)
            return process.posix_spawn(path, argv, ctx.env, file_actions, sigmask)
    if argv and exec_too_big(ctx, argv, ctx.env.get(b"PATH")):  # as posix_spawn would
        raise OSError(E2BIG, os.strerror(E2BIG))
    child = ctx.fork_copy()
    # imported here, once, rather than in every child (measured: 0.6 ms a child)
    from execpy.engine.forked import run_forked

    def body():
        _drop_copies()
        prepare_exec()
        if sigmask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, sigmask)
        if file_actions:
            process.apply_file_actions(file_actions)
        if child_setup is not None:
            child_setup()
        if script is not None:
            shebang.close_on_exec_fds()
        return run_forked(child, argv)

    return process.fork_child(body, ctx.prog)


def spawn_wait(ctx, argv):
    """spawn(ctx, argv), then wait for it: the wait status.

    The block runs in this process for as long as its steps can (run_here),
    and forks only at the first one that cannot, so that ``if { eltest ...
    }``, ``foreground { fdmove -c 1 2 s6-echo ... }`` or a block of
    importas, define and ifelse cost no process where C pays a fork and an
    exec per block. Raises OSError as spawn does."""
    return run_here(ctx, argv)


# What run_here may run in this process, by a module's attributes:
#   INLINE = True       a command that only computes an exit code or works on
#                       files and fds (eltest, exit, s6-echo, s6-mkdir, ...):
#                       it ends the block;
#   inline_step(ctx, argv) -> (fds it changes, its length, fds it reads), or
#                       None: an fd builtin (fdmove, fdclose, fdswap, redirfd);
#   HERE = True         a builtin that only changes the chain's words and
#                       environment, or runs blocks of its own through
#                       spawn_wait (define, importas, if, foreground, ...);
#   OPENS = True        (with any of these) it opens files: not in a process
#                       that holds a POSIX lock, whose close would drop it;
#   LEAVES_FDS = True   it may leave fds open for the rest of the chain (a
#                       lock): they are closed when the block ends.
# Any other step (an external program, a daemon, a step that changes the
# process itself: cd, trap, s6-setuidgid, ...) is run in a child forked
# there, which goes on with the rest of the chain as the block's process.

_here_depth = 0
_HERE_DEPTH = 8  # blocks in blocks run here; deeper ones fork
_copies = set()  # the fd copies every block running here keeps meanwhile
_here_sigs = None  # SIGPIPE's and SIGXFSZ's dispositions outside any block
_PIPE_DEATH = signal.SIGPIPE  # the wait status of a child killed by SIGPIPE
# a write's errno -> the wait status of the child it would have killed
_DEATHS = {32: signal.SIGPIPE, 27: signal.SIGXFSZ}  # EPIPE, EFBIG
_HIGH = 64  # where the fds a block changes are kept meanwhile


def run_here(ctx, argv):
    """The wait status of the block ``argv`` run as a child would run it,
    in this process as long as its steps allow (see above), then in a child
    forked for the rest; the fds it changed, the fds it left open and the
    umask are put back when it returns. Raises OSError as spawn does."""
    global _here_depth, _here_sigs
    if not argv or _here_depth >= _HERE_DEPTH:
        return process.waitpid(spawn(ctx, argv))
    here = ctx.fork_copy()
    saved = []
    mask = os.umask(0o022)
    os.umask(mask)
    outer = _here_sigs is None
    if outer:
        # the child's write would die of these: here they are errors, then statuses
        _here_sigs = (signal.signal(signal.SIGPIPE, signal.SIG_IGN),
                      signal.signal(signal.SIGXFSZ, signal.SIG_IGN))
    kills = errors.pipe_kills
    errors.pipe_kills = True
    _here_depth += 1
    try:
        return _here_loop(here, argv, saved)
    except errors.PipeDeath:  # a message on a closed pipe: the child died there
        return _PIPE_DEATH
    finally:
        _here_depth -= 1
        errors.pipe_kills = kills
        if outer:
            signal.signal(signal.SIGPIPE, _here_sigs[0])
            signal.signal(signal.SIGXFSZ, _here_sigs[1])
            _here_sigs = None
        os.umask(mask)
        if here.leftover is not None:
            _close_new_fds(here.leftover)
        if saved:
            _restore_fds(saved)


def _here_loop(ctx, argv, saved):
    tracing = ctx.env.get(b"EXECPY_TRACE", b"") not in (b"", b"0")
    search_path = ctx.env.get(b"PATH")
    first = True
    while True:
        if not argv:
            return 0
        mod = _lookup(argv[0])
        if mod is None:
            iargv = _in_place_exec(ctx, argv, search_path)
            if iargv is None:
                return _fork_rest(ctx, argv, first, search_path)
            argv = iargv  # a script of execpy's execlineb: read it here
            mod = _lookup(argv[0])
        if process.locks_held and getattr(mod, "OPENS", False):
            return _fork_rest(ctx, argv, first, search_path)  # it may open, then close, a locked file
        inline = getattr(mod, "INLINE", False)
        step = None if inline else getattr(mod, "inline_step", None)
        if step is not None:
            got = step(ctx, argv)
            if got is None:
                return _fork_rest(ctx, argv, first, search_path)
            changed, _, reads = got
            if not _save(saved, changed, changed + reads):
                return _fork_rest(ctx, argv, first, search_path)
        elif inline:
            if not _save(saved, (), (0, 1, 2)):
                return _fork_rest(ctx, argv, first, search_path)
        elif not getattr(mod, "HERE", False):
            return _fork_rest(ctx, argv, first, search_path)
        if exec_too_big(ctx, argv, search_path):
            return _fork_rest(ctx, argv, first, search_path)  # the child says so, as C's exec would
        if getattr(mod, "LEAVES_FDS", False) and ctx.leftover is None:
            ctx.leftover = _open_fds()
        if tracing:
            from execpy.engine.trace import trace_line
            if not write_stderr(trace_line(Ctx(ctx.env, mod.PROG), argv)):
                return _PIPE_DEATH
        if type(argv) is not list and not mod.__name__.startswith("execpy.builtins."):
            argv = list(argv)
        ctx.prog = mod.PROG
        ctx.nblock = 0
        search_path = ctx.env.get(b"PATH")
        first = False
        try:
            step = mod.main(ctx, argv)
        except Die as e:
            death = _DEATHS.get(getattr(e, "errno", None))
            if death:
                return death
            write_stderr(format_error(ctx.prog, e))
            code = e.code
        except (SystemExit, KeyboardInterrupt, errors.PipeDeath):
            raise
        except BrokenPipeError:
            return _PIPE_DEATH
        except BaseException as e:  # noqa: BLE001 - as the child would: one line, 111
            code = internal_error(ctx.prog, e)
        else:
            if isinstance(step, Exit):
                code = step.code
            elif inline:  # an INLINE command ends the chain
                code = internal_error(ctx.prog, TypeError("INLINE command did not exit"))
            else:
                if step.env:
                    ctx.apply(step.env)
                argv = step.argv
                continue
        return (code if 0 <= code <= 255 else 111) << 8


def _fork_rest(ctx, argv, first, search_path):
    """Fork a child that goes on with the chain ``argv`` as the block's
    process would; its wait status. ``first``: argv is the block itself
    (spawn's case), else a later step, checked as C's exec of it would be."""
    if first:
        return process.waitpid(spawn(ctx, argv))
    from execpy.engine.forked import run_forked
    child = ctx.fork_copy()
    external = _lookup(argv[0]) is None

    def body():
        _drop_copies()
        prepare_exec()
        if external:  # the exec C's child makes now, its messages and codes if it fails
            if child.env.get(b"EXECPY_TRACE", b"") not in (b"", b"0"):
                _trace(child, argv)
            exec_external(child, argv, search_path=search_path)
        return run_forked(child, argv, execed=False)

    return process.waitpid(process.fork_child(body, ctx.prog))


def _drop_copies():
    """In a child: close the fd copies of the blocks its parent runs here
    (a child of C's block process would not have them)."""
    if _copies:
        for fd in _copies:
            try:
                os.close(fd)
            except OSError:
                pass
        _copies.clear()


def _save(saved, changed, named):
    """Keep a copy of each fd of ``changed`` not kept yet, out of the way
    of every fd a step names (``named``), which must find what the child
    would find there; False when that cannot be (the step then forks)."""
    if _copies and not _copies.isdisjoint(named):
        return False
    if process.locks_held and any(map(process.refers_to_locked, named)):
        return False  # replacing or copying that fd, then closing it, would drop the lock
    import fcntl
    for fd in named:
        try:
            if fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC:
                return False  # closed by the exec that starts C's block: the child drops it too
        except OSError:
            pass
    kept = {fd for fd, _, _ in saved}
    for fd in changed:
        if fd in kept:
            continue
        try:
            cloexec = fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC
        except OSError:
            saved.append((fd, None, False))
            kept.add(fd)
            continue
        try:
            copy = process.dup_high(fd, _HIGH)
        except OSError:
            return False
        saved.append((fd, copy, cloexec))
        kept.add(fd)
        _copies.add(copy)
        if copy in named:
            return False
    return True


def _restore_fds(saved):
    for fd, copy, cloexec in reversed(saved):
        if copy is None:
            try:
                os.close(fd)
            except OSError:
                pass
        else:
            os.dup2(copy, fd, inheritable=not cloexec)
            os.close(copy)
            _copies.discard(copy)


def _open_fds():
    try:
        return {int(n) for n in os.listdir(b"/proc/self/fd")}
    except OSError:
        return None


def _close_new_fds(before):
    """Close the fds opened since ``before`` (and left open by a
    LEAVES_FDS step: a lock the rest of the chain held), as the end of the
    block's process would."""
    now = _open_fds()
    if now is None or before is None:
        return
    for fd in now - before - _copies:
        try:
            if process.refers_to_locked(fd):
                process.release_lock(fd)
            else:
                os.close(fd)
        except OSError:
            pass


waitpid = process.waitpid
status_of = process.status_of
exitcode_of = process.exitcode_of


__all__ = ["Ctx", "Exec", "Exit", "run", "spawn", "spawn_wait", "waitpid",
           "status_of", "exitcode_of", "exec_external", "find_executable",
           "Die", "SysFail", "Usage"]
