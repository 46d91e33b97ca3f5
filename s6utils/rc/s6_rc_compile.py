"""s6-rc-compile: compile s6-rc source directories into a database.

Reads every source directory (several are merged; a name may be defined
once), resolves names, bundles, pipelines and dependencies, then writes
the database in s6-rc 0.7.0.0's format, readable by C s6-rc-db and s6-rc.
"""

from execpy.engine import Exit
from execpy.engine.options import uint0
from execpy.errors import Die, Usage
from s6utils.rc import compiled, layout, resolve
from s6utils.rc.gol import Arg, Flag, gol
from s6utils.rc.report import Report
from s6utils.rc.sources import Sources

PROG = b"s6-rc-compile"
USAGE = b"s6-rc-compile [ -v verbosity ] [ -h fdholder_user ] [ -b ] destdir sources..."
INLINE = True  # core.spawn_wait may run it without a fork (files and fds only)
OPENS = True  # opens files: not inline in a process that holds a lock (core._plan)

FLAGS = (Flag(b"b", b"block", "block"),)
ARGS = (Arg(b"v", b"verbosity", "verbosity"), Arg(b"h", b"fdholder-user", "fdhuser"))


class Options:
    __slots__ = ("report", "layout", "fdhuser", "blocking")


def main(ctx, argv):
    settings, i = gol(argv, FLAGS, ARGS)
    args = argv[i:]
    if len(args) < 2:
        raise Usage(USAGE)
    verbosity = 1
    if "verbosity" in settings:
        verbosity = uint0(settings["verbosity"])
        if verbosity is None:
            raise Die(100, b"verbosity must be an unsigned integer")
    options = Options()
    options.report = Report(PROG, verbosity)
    options.layout = layout.current(ctx.env)
    options.fdhuser = settings.get("fdhuser")
    options.blocking = settings.get("block", False)

    src = Sources(options.report)
    for srcdir in args[1:]:
        src.add_sources(srcdir)
    src.add_pipeline_bundles()
    bcontents = resolve.resolve_bundles(src)
    db = resolve.resolve_services(src, bcontents)
    resolve.propagate_bundle_flags(src, db, bcontents)
    bundles = [(b.name, atomics) for b, atomics in zip(src.bundles, bcontents)]
    srcdirs = [lr.srcdir for lr in src.longruns]
    compiled.write(args[0], db, bundles, srcdirs, options)
    return Exit(0)
