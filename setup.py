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
import shutil
import sys

from setuptools import setup
from distutils.command.build_scripts import build_scripts  # setuptools' copy

ROOT = os.path.dirname(os.path.abspath(__file__))
LAUNCHER = os.path.join("execpy", "launcher.py")


def interpreter_lines(exe):
    """The launcher's first lines for ``exe``: the installer's rule
    (execpy.overlay_install), with setup.py's way of refusing."""
    sys.path.insert(0, ROOT)
    from execpy.overlay_install import InstallError, interpreter_lines as lines
    try:
        return lines(exe)
    except InstallError as e:
        raise SystemExit("setup.py: %s" % e)


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
