"""The shape of the code: import direction and a light start-up path."""

import ast
import os
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEAVY = {"re", "subprocess", "asyncio", "click", "lark", "ply", "psutil", "enum",
         "importlib.util", "typing", "dataclasses"}


def _imports(path, package):
    """Every module ``path`` imports, as dotted names: for ``from a import
    b`` both ``a`` and ``a.b`` (b may be a module: ``from execpy import
    commands``), relative imports resolved against ``package``, and the
    string given to ``__import__`` or ``importlib.import_module``."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    here = package.split(".")
    if not path.endswith("__init__.py"):
        here = here + [os.path.basename(path)[:-3]]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield a.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[:len(here) - node.level]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            yield module
            for a in node.names:
                yield module + "." + a.name
        elif (isinstance(node, ast.Call) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
              and _callee(node) in ("__import__", "import_module")):
            yield node.args[0].value


def _callee(call):
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _modules(package):
    """(path, dotted package of the file) for every module under ``package``."""
    base = os.path.join(ROOT, *package.split("."))
    for dirpath, _, files in os.walk(base):
        pkg = os.path.relpath(dirpath, ROOT).replace(os.sep, ".")
        for name in files:
            if name.endswith(".py"):
                yield os.path.join(dirpath, name), pkg


# (package, what it must never import: a name and everything under it).
# Layers: parser <- engine <- builtins <- cli/commands; s6utils.lib <- the
# engines (supervision, log) <- the command rooms (s6, portable, linux, rc,
# linux_init); nothing imports overlay/.
_ABOVE_ENGINE = ("execpy.builtins", "execpy.cli", "execpy.commands", "execpy.manage")
_COMMAND_ROOMS = ("s6utils.s6", "s6utils.portable", "s6utils.linux", "s6utils.rc",
                  "s6utils.linux_init", "s6utils.overlay_helpers")
RULES = [
    ("execpy.parser", ("execpy.engine",) + _ABOVE_ENGINE + ("s6utils", "overlay")),
    ("execpy.engine", _ABOVE_ENGINE + ("s6utils", "overlay")),
    ("execpy.builtins", ("execpy.cli", "execpy.commands", "execpy.manage", "s6utils", "overlay")),
    ("s6utils.lib", _ABOVE_ENGINE + _COMMAND_ROOMS + ("s6utils.supervision", "s6utils.log", "overlay")),
    ("s6utils.supervision", _ABOVE_ENGINE + _COMMAND_ROOMS + ("s6utils.log", "overlay")),
    ("s6utils.log", _ABOVE_ENGINE + _COMMAND_ROOMS + ("s6utils.supervision", "overlay")),
    ("s6utils.s6", _ABOVE_ENGINE + ("s6utils.portable", "s6utils.linux", "s6utils.rc",
                                    "s6utils.linux_init", "overlay")),
    ("s6utils.portable", _ABOVE_ENGINE + ("s6utils.s6", "s6utils.linux", "s6utils.rc",
                                          "s6utils.linux_init", "s6utils.supervision",
                                          "s6utils.log", "overlay")),
    ("s6utils.linux", _ABOVE_ENGINE + ("s6utils.s6", "s6utils.portable", "s6utils.rc",
                                       "s6utils.linux_init", "s6utils.supervision",
                                       "s6utils.log", "overlay")),
    ("s6utils.rc", _ABOVE_ENGINE + ("s6utils.s6", "s6utils.portable", "s6utils.linux",
                                    "s6utils.linux_init", "overlay")),
    ("s6utils.linux_init", _ABOVE_ENGINE + ("s6utils.s6", "s6utils.portable", "s6utils.linux",
                                            "s6utils.overlay_helpers", "overlay")),
    ("s6utils.overlay_helpers", _ABOVE_ENGINE + ("s6utils.s6", "s6utils.portable", "s6utils.linux",
                                                 "s6utils.rc", "s6utils.linux_init", "overlay")),
]


@pytest.mark.parametrize("package,forbidden", RULES)
def test_import_direction(package, forbidden):
    assert _violations(package, forbidden) == []


def _violations(package, forbidden):
    bad = []
    for path, pkg in _modules(package):
        for mod in _imports(path, pkg):
            if mod in forbidden or mod.startswith(tuple(f + "." for f in forbidden)):
                bad.append((os.path.relpath(path, ROOT), mod))
    return bad


def test_every_package_has_a_rule():
    """A new package under execpy/ or s6utils/ gets its row above."""
    ruled = {p for p, _ in RULES}
    packages = set()
    for top in ("execpy", "s6utils"):
        for dirpath, _, files in os.walk(os.path.join(ROOT, top)):
            if "__init__.py" in files and dirpath != os.path.join(ROOT, top):
                packages.add(os.path.relpath(dirpath, ROOT).replace(os.sep, "."))
    assert packages - ruled == set()


@pytest.mark.parametrize("source", [
    "from execpy import commands\n",
    "import execpy.commands as c\n",
    "from .. import commands\n",
    "from ..commands import load\n",
    "__import__('execpy.commands')\n",
    "importlib.import_module('execpy.commands')\n",
])
def test_the_checker_sees_every_way_to_import(tmp_path, source):
    """The rules above catch a lower layer importing the command table, in
    whichever form it is written (a file placed in execpy/engine/)."""
    path = tmp_path / "victim.py"
    path.write_text(source)
    found = set(_imports(str(path), "execpy.engine"))
    assert "execpy.commands" in found or any(m.startswith("execpy.commands.") for m in found)


# The process seam: the only modules that may create or replace processes.
SEAM = {"execpy/engine/process.py"}
_PROCESS_CALLS = {"fork", "forkpty", "posix_spawn", "posix_spawnp", "execv", "execve", "execvp",
                  "execvpe", "execl", "execle", "execlp", "execlpe", "spawnv", "spawnve", "system",
                  "popen"}


def test_one_process_seam():
    """Nothing but the seam calls os.fork, os.posix_spawn, os.exec* (or
    imports subprocess/pty/multiprocessing) in execpy/ and s6utils/."""
    bad = []
    for package in ("execpy", "s6utils"):
        for path, pkg in _modules(package):
            rel = os.path.relpath(path, ROOT)
            if rel in SEAM:
                continue
            with open(path, encoding="utf-8") as f:
                tree = ast.parse(f.read(), path)
            for node in ast.walk(tree):
                if (isinstance(node, ast.Attribute) and node.attr in _PROCESS_CALLS
                        and isinstance(node.value, ast.Name) and node.value.id == "os"):
                    bad.append((rel, node.lineno, "os." + node.attr))
            for mod in _imports(path, pkg):
                if mod.split(".")[0] in ("subprocess", "pty", "multiprocessing"):
                    bad.append((rel, mod))
    assert bad == []


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
