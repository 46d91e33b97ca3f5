"""Random service graphs compiled by C s6-rc-compile and by execpy's.

Each seed builds a source tree: oneshots, longruns and bundles spread over
one to three source directories, random dependencies (so sometimes cycles
and unknown names), bundles of bundles, pipelines (sometimes inconsistent),
flags and timeouts, in both the directory and the deprecated file forms.
Both compilers must print the same, exit the same and write the same
database; both s6-rc-db must answer a sample of queries the same on it.
Needs the C programs (/tmp/oracle); about 200 graphs in a few seconds.
"""

import random

import pytest

from tests import rc_golden as g
from tests import rc_trees

pytestmark = pytest.mark.skipif(not g.have_oracle(), reason="C s6-rc is not built in /tmp/oracle")

SEEDS = range(200)


def _names(rng, k):
    return ["%s%d" % (rng.choice(["svc", "init-", "log", "b"]), i) for i in range(k)]


def _list(rng, files, base, dirname, filename, names):
    if rng.random() < 0.8:
        files[base + "/" + dirname] = None
        for n in names:
            files[base + "/" + dirname + "/" + n] = ""
    else:
        files[base + "/" + filename] = "".join(
            rng.choice(["", " ", "\t"]) + n + "\n" + rng.choice(["", "#x\n", "\n"]) for n in names)


def random_tree(seed):
    rng = random.Random(seed)
    names = _names(rng, rng.randint(1, 14))
    types = {n: rng.choice(["oneshot", "oneshot", "longrun", "longrun", "bundle"]) for n in names}
    srcdirs = ["src%d" % i for i in range(rng.randint(1, 3))]
    where = {n: rng.choice(srcdirs) for n in names}
    files = {d + "/.keep": "" for d in srcdirs}
    longruns = [n for n in names if types[n] == "longrun"]
    consumer = {}
    rng.shuffle(longruns)
    i = 0
    while i + 1 < len(longruns) and rng.random() < 0.6:  # pipelines over consecutive longruns
        n = rng.randint(2, min(4, len(longruns) - i))
        chain = longruns[i:i + n]
        for a, b in zip(chain, chain[1:]):
            consumer[a] = b
        i += n
    for n in names:
        base = where[n] + "/" + n
        files[base + "/type"] = types[n] + "\n"
        pool = [m for m in names if m != n or rng.random() < 0.05]
        picked = rng.sample(pool, min(len(pool), rng.randint(0, 3)))
        if rng.random() < 0.05:
            picked.append("ghost")
        if types[n] == "bundle":
            _list(rng, files, base, "contents.d", "contents", picked)
        else:
            order = {m: k for k, m in enumerate(names)}
            earlier = [m for m in picked if order.get(m, -1) < order[n] or rng.random() < 0.1]
            if earlier or rng.random() < 0.5:
                _list(rng, files, base, "dependencies.d", "dependencies", earlier)
            for t in ("timeout-up", "timeout-down"):
                if rng.random() < 0.2:
                    files[base + "/" + t] = rng.choice(["0\n", "100\n", "5000"] * 10 + ["x\n"])
        for flag in ("flag-essential", "flag-recommended"):
            if rng.random() < 0.15:
                files[base + "/" + flag] = ""
        if types[n] == "oneshot":
            files[base + "/up"] = rng.choice(["true\n", "if { echo a } echo b\n", ""] * 15
                                             + ["}\n"])
            if rng.random() < 0.3:
                files[base + "/down"] = "echo down " + n + "\n"
        elif types[n] == "longrun":
            files[base + "/run"] = rc_trees.Mode("#!/bin/sh\nexec sleep 100\n", 0o755)
            if n in consumer:
                files[base + "/producer-for"] = consumer[n] + "\n"
            producers = [m for m, c in consumer.items() if c == n]
            if producers and rng.random() < 0.95:
                files[base + "/consumer-for"] = "".join(p + "\n" for p in producers)
                if n not in consumer and rng.random() < 0.7:
                    files[base + "/pipeline-name"] = "pipe-" + n + "\n"
            if rng.random() < 0.2:
                files[base + "/notification-fd"] = rng.choice(["3\n", "1\n", "4"])
    if rng.random() < 0.05 and len(srcdirs) > 1:  # a name defined twice
        files[srcdirs[-1] + "/" + names[0] + "/type"] = "bundle\n"
        files[srcdirs[-1] + "/" + names[0] + "/contents.d"] = None
    argv = [rng.choice(["-v1", "-v2", "-v3"]), "db"] + srcdirs
    return {"argv": argv, "files": files}


QUERIES = [["list", "all"], ["list", "bundles"], ["check"], ["-e", "list", "services"]]


@pytest.mark.parametrize("chunk", range(4))
def test_random_graphs_compile_as_c_does(tmp_path, chunk):
    outcomes = set()
    for seed in SEEDS[chunk::4]:
        tree = random_tree(seed)
        results = []
        for impl, run in (("c", g.run_c), ("py", g.run_execpy)):
            top = tmp_path / ("%d-%s" % (seed, impl))
            rc_trees.materialize(tree["files"], str(top))
            out, err, code = run("s6-rc-compile", tree["argv"], str(top))
            result = [out, err, code, g.snapshot(str(top / "db"))]
            if code == 0:
                names = g.names_of(g.run_c("s6-rc-db", ["-c", "db", "list", "all"], str(top))[0])
                queries = [["-c", "db"] + q for q in QUERIES + g.name_queries(names[:4])]
                result.append(g.query_results(run, queries, str(top)))
            results.append(result)
        assert results[0] == results[1], "seed %d" % seed
        outcomes.add(results[0][2])
    assert 0 in outcomes and 1 in outcomes  # both valid and invalid graphs were tried
