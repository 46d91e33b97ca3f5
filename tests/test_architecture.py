"""The shape of the code: import direction and a light start-up path."""

import ast
import os
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEAVY = {"re", "subprocess", "asyncio", "click", "lark", "ply", "psutil", "enum",
         "importlib.util", "typing", "dataclasses"}


def _imports(path):
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield a.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def _modules(package):
    base = os.path.join(ROOT, *package.split("."))
    for dirpath, _, files in os.walk(base):
        for name in files:
            if name.endswith(".py"):
                yield os.path.join(dirpath, name)


# (package, prefixes it must never import)
RULES = [
    ("execpy.parser", ("execpy.engine", "execpy.builtins", "execpy.cli", "execpy.commands", "s6utils")),
    ("execpy.engine", ("execpy.builtins", "execpy.cli", "execpy.commands", "s6utils")),
    ("execpy.builtins", ("execpy.cli", "execpy.commands", "s6utils")),
    ("s6utils", ("execpy.builtins", "execpy.cli", "execpy.commands", "overlay")),
]


@pytest.mark.parametrize("package,forbidden", RULES)
def test_import_direction(package, forbidden):
    bad = []
    for path in _modules(package):
        for mod in _imports(path):
            if mod.startswith(forbidden):
                bad.append((os.path.relpath(path, ROOT), mod))
    assert not bad


def test_execlineb_startup_imports_nothing_heavy():
    p = subprocess.run(["/usr/bin/python3", "-ES", "-X", "importtime",
                        os.path.join(ROOT, "bin", "execlineb"), "-Pc", "true"],
                       capture_output=True, timeout=30, env={"PATH": "/usr/bin:/bin"})
    assert p.returncode == 0, p.stderr
    loaded = {line.split("|")[-1].strip() for line in p.stderr.decode().splitlines()
              if line.startswith("import time:")}
    assert "execpy.cli" in loaded  # the measurement really saw our imports
    assert not (loaded & HEAVY), sorted(loaded & HEAVY)


def test_every_command_has_a_launcher():
    import sys
    sys.path.insert(0, ROOT)
    from execpy import commands
    missing = [n for n in commands.names() if not os.path.exists(os.path.join(ROOT, "bin", n))]
    assert not missing


def test_launcher_is_marked_and_uses_an_absolute_interpreter():
    with open(os.path.join(ROOT, "execpy", "launcher.py"), "rb") as f:
        head = f.read(300)
    assert head.startswith(b"#!/usr/bin/python3 ")
    assert b"execpy-launcher" in head
