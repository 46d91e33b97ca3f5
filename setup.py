"""The installed commands: one script per name of the command table.

pyproject.toml holds the metadata; this file adds one build step. Every
name of execpy/commands.py becomes <prefix>/bin/<name>, a copy of
execpy/launcher.py whose first line names the interpreter that builds it
(the one pip runs under, the one pip would write for ``#!python``), with
-ES, which pip's ``#!python`` rewrite and its console-script wrappers drop:
site and the wrappers' ``import re`` would double the start-up time.
A wheel built here is for this interpreter: EXECPY_PYTHON=/abs/python3 names
another, and EXECPY_PYTHON=python builds a wheel for anywhere (``#!python``:
site is loaded, about 1 ms more). The ``execpy`` command is an entry point.
"""

import os
import shlex
import shutil
import sys

from setuptools import setup
from distutils.command.build_scripts import build_scripts  # setuptools' copy

ROOT = os.path.dirname(os.path.abspath(__file__))
LAUNCHER = os.path.join("execpy", "launcher.py")
SHEBANG_MAX = 127  # what every Linux (and distlib) accepts after "#!"


def interpreter_lines(exe):
    """The lines that start ``exe -ES`` on the launcher: a #! line, or, for
    a path a #! line cannot carry, sh exec'ing it by the same absolute path
    (the line is an empty string to Python); ``python``: pip's placeholder."""
    if exe == "python":  # a wheel for anywhere: pip writes the installing interpreter, no flags
        return "#!python\n"
    if not os.path.isabs(exe) or "\n" in exe:
        raise SystemExit("setup.py: the interpreter must be an absolute path: %r" % exe)
    if len(exe) + 4 <= SHEBANG_MAX and not any(c in exe for c in " \t"):
        return "#!%s -ES\n" % exe
    return ("#!/bin/sh\n# execpy-launcher\n''''exec %s -ES \"$0\" \"$@\" #'''\n"
            % shlex.quote(exe))


class BuildLaunchers(build_scripts):
    """Writes the launcher once per command name, instead of copying files."""

    def run(self):
        with open(os.path.join(ROOT, LAUNCHER)) as f:
            body = f.read().split("\n", 1)[1]
        text = interpreter_lines(os.environ.get("EXECPY_PYTHON") or sys.executable) + body
        shutil.rmtree(self.build_dir, ignore_errors=True)  # no stale names
        self.mkpath(self.build_dir)
        for name in self.scripts:
            path = os.path.join(self.build_dir, name)
            with open(path, "w") as f:
                f.write(text)
            os.chmod(path, 0o755)

    def get_source_files(self):
        return [LAUNCHER]


def command_names():
    sys.path.insert(0, ROOT)
    from execpy import commands
    return commands.names()


setup(scripts=command_names(), cmdclass={"build_scripts": BuildLaunchers})
