"""s6-rc change on random service graphs, against C s6-rc 0.7.0.0.

Seeded random databases (longruns with and without readiness, oneshots
that succeed or fail, bundles, random dependencies) and random steps
(up, down, prune, all down) are played on a live tree by C and by execpy
(tests/test_rc_change.py's harness). Each step must give the same exit
code, the same lines per service, the same state, and the order the
dependencies impose: on stderr (check_order) and in the oneshots' log.

The recording is tests/golden/rc/change/random.json (``python3
tests/test_rc_change_random.py --record``); where the oracle is present,
C also runs live.
"""

import json
import os
import random
import sys

import pytest

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests import test_rc_change as h  # noqa: E402
from tests.rc_trees import _bundle, _longrun, _merge, _oneshot  # noqa: E402

GOLDEN = os.path.join(h.GOLDEN_DIR, "random.json")
SEEDS = list(range(12))


def graph(seed):
    """(tree, steps) for one seed."""
    rnd = random.Random(seed)
    n = rnd.randint(7, 12)
    names, atomics, parts = [], [], []
    for k in range(n):
        name = "s%d" % k
        kind = rnd.choices(["longrun", "oneshot", "bundle"], [5, 4, 1])[0]
        if kind == "bundle" and len(atomics) < 2:
            kind = "longrun"
        deps = sorted({x for x in atomics if rnd.random() < 0.3})
        if kind == "bundle":
            parts.append(_bundle("src/" + name, rnd.sample(atomics, rnd.randint(1, 2))))
        elif kind == "longrun":
            if rnd.random() < 0.5:
                parts.append(_longrun("src/" + name, h.READY_RUN, deps=deps,
                                      notification_fd="3\n"))
            else:
                parts.append(_longrun("src/" + name, deps=deps))
            atomics.append(name)
        else:
            up = "/bin/sh -c \"exit 1\"\n" if rnd.random() < 0.12 else h._say(name + "-up")
            parts.append(_oneshot("src/" + name, up, h._say(name + "-down"), deps=deps))
            atomics.append(name)
        names.append(name)
    steps = []
    for _ in range(rnd.randint(3, 5)):
        sel = rnd.sample(names, rnd.randint(1, 3))
        how = rnd.choices([[], ["-d"], ["-pu"], ["-pd"]], [5, 3, 1, 1])[0]
        if how == ["-pd"]:  # everything else comes up: not the fd holder (no pipelines)
            sel.append("s6rc-fdholder")
        steps.append(["-v2"] + how + ["change"] + sel)
    steps.append(["-v2", "-da", "change"])
    return _merge(*parts), steps


def play(seed, impl, top):
    tree, steps = graph(seed)
    name = "random-%d" % seed
    h.SCENARIOS[name] = (tree, True, steps)
    try:
        return h.scenario(name, impl, top)
    finally:
        del h.SCENARIOS[name]


def oneshot_deps(tree):
    """oneshot -> the oneshots it needs, transitively."""
    deps = h.deps_in(tree)
    kinds = {p.split("/")[1]: v.strip() for p, v in tree.items()
             if p.endswith("/type") and isinstance(v, str)}
    out = {}
    for name in deps:
        seen, todo = set(), list(deps.get(name, ()))
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo.extend(deps.get(x, ()))
        if kinds.get(name) == "oneshot":
            out[name] = {x for x in seen if kinds.get(x) == "oneshot"}
    return out


def check_log(log, needs):
    """A oneshot's up script runs after those of the oneshots it needs."""
    where = {}
    for k, word in enumerate(log):
        where.setdefault(word, k)
    for a, bs in needs.items():
        for b in bs:
            if a + "-up" in where and b + "-up" in where:
                assert where[b + "-up"] < where[a + "-up"], (a, b, log)


def compare(seed, mine, theirs):
    tree, _ = graph(seed)
    deps, needs = h.deps_in(tree), oneshot_deps(tree)
    assert len(mine) == len(theirs)
    prev = None
    for (step, a), (_, b) in zip(mine, theirs):
        h.check_step(step, a, b, deps)
        new = a["after"]["log"][len(prev["after"]["log"]):] if prev else a["after"]["log"]
        check_log([w for w in new if w.endswith("-up")], needs)
        prev = a


def _skip():
    if not h.oneshots_runnable():
        pytest.skip("no s6-rc-oneshot-run to run oneshots with")


@pytest.mark.parametrize("seed", SEEDS)
def test_random_graph_matches_recorded_c(tmp_path, seed):
    _skip()
    if not os.path.exists(GOLDEN):
        pytest.skip("no recording")
    with open(GOLDEN) as f:
        golden = json.load(f)[str(seed)]
    mine = json.loads(json.dumps(play(seed, "py", str(tmp_path))))
    compare(seed, mine, golden)


@pytest.mark.skipif(not h.have_oracle(), reason="no C s6-rc in /tmp/oracle")
def test_random_graph_matches_live_c(tmp_path):
    _skip()
    seed = 1000 + random.randrange(1000)
    theirs = play(seed, "c", str(tmp_path / "c"))
    mine = play(seed, "py", str(tmp_path / "py"))
    compare(seed, mine, theirs)


def record():
    import tempfile
    data = {}
    for seed in SEEDS:
        with tempfile.TemporaryDirectory() as top:
            data[str(seed)] = play(seed, "c", top)
    with open(GOLDEN, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    if sys.argv[1:] != ["--record"] or not h.have_oracle():
        sys.exit("usage: test_rc_change_random.py --record (needs C s6-rc under %s)" % h.g.ORACLE)
    record()
