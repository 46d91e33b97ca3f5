"""From what the sources declared to a compiled database: bundles flattened
to the atomic services they stand for, every name resolved to a service
number, producers and consumers checked against each other, dependencies
tabulated both ways and the graph checked for cycles, in the order and with
the messages of s6-rc-compile 0.7.0.0.
"""

from execpy.errors import Die
from s6utils.rc import graph
from s6utils.rc.db import Db, Service
from s6utils.rc.sources import BUNDLE, LONGRUN, ONESHOT, RUNNER, TYPENAMES


def _number(src, info):
    """The service number of a oneshot or longrun name, else None."""
    if info.type == LONGRUN:
        return info.i
    if info.type == ONESHOT:
        return len(src.longruns) + info.i
    return None


def resolve_bundles(src):
    """Every bundle's atomic services, as a sorted list, by bundle number."""
    src.report.info(2, b"resolving bundle names")
    bundles = src.bundles
    contents = [set() for _ in bundles]
    mark = [0] * len(bundles)  # 1: being resolved, 2: done
    for source in range(len(bundles)):
        _resolve_bundle(src, contents, mark, source)
    src.report.info(3, b"converting bundle array")
    return [sorted(c) for c in contents]


def _resolve_bundle(src, contents, mark, source):
    bundles = src.bundles

    def enter(b):
        if mark[b] & 1:
            raise Die(1, b"cyclic bundle definition: resolution of " + bundles[source].name
                      + b" encountered a cycle involving " + bundles[b].name)
        mark[b] |= 1
        me = bundles[b]
        return b, iter(src.indices[me.listindex:me.listindex + me.n])

    if mark[source] & 2:
        return
    stack = [enter(source)]
    while stack:
        b, todo = stack[-1]
        for name in todo:
            info = src.names[name]
            if info.type == BUNDLE:
                if mark[info.i] & 2:
                    contents[b] |= contents[info.i]
                else:
                    stack.append(enter(info.i))
                    break
            elif info.type in (ONESHOT, LONGRUN):
                contents[b].add(_number(src, info))
            else:
                raise Die(1, b"during resolution of bundle " + bundles[b].name
                          + b": undefined service name " + name)
        else:
            mark[b] |= 2
            stack.pop()
            if stack:
                contents[stack[-1][0]] |= contents[b]


def _prodcons(src, i, sv, producers):
    """Check longrun i's consumer and producers against what they declare."""
    lrs, names, nlong = src.longruns, src.names, len(src.longruns)
    me = lrs[i]
    myname = src.keep[me.kname:src.keep.index(b"\0", me.kname)]
    if me.consumer is not None:
        p = names[me.consumer]
        if p.type != LONGRUN:
            raise Die(1, b"longrun service " + myname + b" declares being a producer for a"
                      b" service named " + me.consumer + b" of type " + TYPENAMES[p.type])
        theirs = lrs[p.i]
        for qname in src.indices[theirs.prodindex:theirs.prodindex + theirs.nproducers]:
            q = names[qname]
            if q.type != LONGRUN:
                raise Die(1, b"longrun service " + me.consumer + b" declares a consumer "
                          + qname + b" of type " + TYPENAMES[q.type])
            if q.i == i:
                break
        else:
            raise Die(1, b"longrun service " + myname + b" declares being a producer for a"
                      b" service named " + me.consumer + b" that does not declare it back")
        sv.consumer = p.i
    else:
        sv.consumer = nlong
    sv.producers = len(producers)
    sv.nproducers = me.nproducers
    for pname in src.indices[me.prodindex:me.prodindex + me.nproducers]:
        p = names[pname]
        if p.type != LONGRUN:
            raise Die(1, b"longrun service " + myname + b" declares being the consumer for a"
                      b" service named " + pname + b" of type " + TYPENAMES[p.type])
        # a producer without a consumer reads as one whose consumer is the
        # first name C ever recorded, s6rc-oneshot-runner
        qname = lrs[p.i].consumer or RUNNER
        q = names[qname]
        if q.type != LONGRUN:
            raise Die(1, b"longrun service " + pname + b" declares a producer " + qname
                      + b" of type " + TYPENAMES[q.type])
        if q.i != i:
            raise Die(1, b"longrun service " + myname + b" declares being the consumer for a"
                      b" service named " + pname + b" that does not declare it back")
        producers.append(p.i)


def _deps(src, atomic, bcontents):
    """The set of service numbers a service depends on."""
    myname = src.keep[atomic.kname:src.keep.index(b"\0", atomic.kname)]
    trace = src.report.trace
    deps = set()
    for name in src.indices[atomic.depindex:atomic.depindex + atomic.ndeps]:
        info = src.names[name]
        k = _number(src, info)
        if k is not None:
            deps.add(k)
            trace(b"resolve_deps", myname, b" depends on ", TYPENAMES[info.type], b" ", name,
                  b" (%d)" % k)
        elif info.type == BUNDLE:
            deps |= set(bcontents[info.i])
            trace(b"resolve_deps", myname, b" depends on bundle ", name)
        else:
            raise Die(1, b"during dependency resolution for service " + myname
                      + b": undefined service name " + name)
    return deps


def resolve_services(src, bcontents):
    """The Db: records, dependency and producer tables, checked."""
    src.report.info(2, b"resolving service names")
    db = Db()
    db.nlong, db.nshort = len(src.longruns), len(src.oneshots)
    db.string = bytes(src.keep)
    db.nargvs = src.nargvs
    depsets = []
    for i, lr in enumerate(src.longruns):
        sv = _record(lr)
        _prodcons(src, i, sv, db.producers)
        depsets.append(_deps(src, lr, bcontents))
        db.services.append(sv)
    for one in src.oneshots:
        sv = _record(one)
        sv.argc = list(one.argc)
        sv.argv = list(one.argvindex)
        depsets.append(_deps(src, one, bcontents))
        db.services.append(sv)
    db.nproducers = len(db.producers)
    _tabulate(src, db, depsets)
    src.report.info(3, b"checking database correctness")
    _check(db)
    return db


def _record(atomic):
    sv = Service(atomic.kname, atomic.flags)
    sv.timeout = list(atomic.timeout)
    return sv


def _tabulate(src, db, depsets):
    src.report.info(3, b"converting service dependency array")
    n = db.n
    rdeps = [[] for _ in range(n)]
    for j in range(n):
        for i in depsets[j]:
            rdeps[i].append(j)
    down, up = [], []
    for i, sv in enumerate(db.services):
        sv.deps = [len(down), len(up)]
        sv.ndeps = [len(rdeps[i]), len(depsets[i])]
        down += rdeps[i]
        up += sorted(depsets[i])
    db.ndeps = len(up)
    db.deps = down + up


def _check(db):
    cycle = graph.dependency_cycle(db, 1)
    if cycle:
        raise Die(1, b"cyclic service dependency reached from " + db.name(cycle[0])
                  + b" and involving " + db.name(cycle[1]))
    problem = graph.pipeline_problem(db)
    if problem:
        what = b"cyclic longrun pipeline" if problem[0] == graph.CYCLE else b"longrun pipeline collision"
        raise Die(1, what + b" reached from " + db.name(problem[1]) + b" and involving "
                  + db.name(problem[2]))


def propagate_bundle_flags(src, db, bcontents):
    for bundle, atomics in zip(src.bundles, bcontents):
        for k in atomics:
            db.services[k].flags |= bundle.flags
