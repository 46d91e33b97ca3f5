"""The ``execpy`` management command (click): tools around the interpreter.

Not on the start-up path of execlineb or of any builtin: only ``bin/execpy``
imports this module.

    execpy parse [-c SCRIPT | FILE]    show the argv execlineb builds, blocks indented
    execpy trace ARGS...               run execlineb ARGS with EXECPY_TRACE=1
    execpy commands                    list the commands and where each comes from
    execpy overlay install [--root DIR] [--symlinks] [--syslogd] [--syslogd-only] [--python PY]
                                       lay execpy and its s6-overlay into an image's root
"""

import os
import sys

import click


def _show(words):
    """Render an argv with its block structure: one word per line, indented
    by block, each block closed by a ``}`` line (any depth: no recursion)."""
    from execpy.engine.trace import CLOSE, OPEN, tokens
    lines = []
    depth = 0
    for kind, word in tokens(words):
        if kind == OPEN:
            depth += 1
        elif kind == CLOSE:
            depth -= 1
            lines.append("  " * depth + "}")
        else:
            lines.append("  " * depth + repr(word)[2:-1])
    return "\n".join(lines)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """execpy: execline, s6 and s6-overlay in Python."""


@main.command()
@click.option("-c", "string", help="parse this script text instead of a file")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
def parse(string, file):
    """Show the argv execlineb would build from a script."""
    from execpy.parser.lexer import ParseError, location, parse as lex
    if string is None and file is None:
        raise click.UsageError("give a FILE or -c SCRIPT")
    if string is not None:
        script, source = os.fsencode(string), "-c"
    else:
        with open(file, "rb") as f:
            script, source = f.read(), file
    try:
        words = lex(script)
    except ParseError as e:
        line, col, text = location(script, e.pos)
        click.echo("execlineb: fatal: %s" % e.kind, err=True)
        click.echo("  at %s line %d column %d:" % (source, line, col), err=True)
        click.echo("  " + text.decode(errors="replace"), err=True)
        click.echo("  " + " " * (col - 1) + "^", err=True)
        sys.exit(100)
    click.echo(_show(words))


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def trace(args):
    """Run execlineb ARGS, printing every step of the chain."""
    env = dict(os.environ, EXECPY_TRACE="1")
    # beside this command: the clone's bin/, or the environment's bin/
    exe = os.path.join(os.path.dirname(os.path.realpath(sys.argv[0])), "execlineb")
    from execpy.engine import process
    process.execve(exe.encode(), [exe.encode()] + [os.fsencode(a) for a in args],
                   {k.encode(): v.encode() for k, v in env.items()})


@main.command()
def commands():
    """List every command, and whether execpy implements it yet."""
    from execpy import commands as table
    for name in table.names():
        mod = table.load(name.encode())
        click.echo("%-20s %s" % (name, table.TABLE[name.encode()] if mod else "(not yet)"))


@main.group()
def overlay():
    """s6-overlay: install it into an image's root."""


@overlay.command()
@click.option("--root", default="/", show_default=True, help="the image's root directory")
@click.option("--symlinks", is_flag=True, help="also /usr/bin/<name> links (the symlink tarballs)")
@click.option("--syslogd", is_flag=True, help="also the syslogd emulation (the syslogd tarball)")
@click.option("--syslogd-only", is_flag=True, help="only the syslogd tree (a layer of its own)")
@click.option("--python", default="/usr/bin/python3", show_default=True,
              help="the image's python3, by absolute path, that the launchers name")
def install(root, symlinks, syslogd, syslogd_only, python):
    """Lay /init, /command, /package/admin/... and /etc/s6-overlay as s6-overlay's tarballs do."""
    from execpy import overlay_install
    try:
        done = overlay_install.install(root, python=python, symlinks=symlinks, syslogd=syslogd,
                                       syslogd_only=syslogd_only)
    except (overlay_install.InstallError, OSError) as e:
        click.echo("execpy overlay install: fatal: %s" % e, err=True)
        sys.exit(111)
    for line in done:
        click.echo(line)


if __name__ == "__main__":
    main()
