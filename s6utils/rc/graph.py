"""The service graph of a compiled database: its consistency checks and the
closure of a selection, visiting services in libs6rc's order (so that the
service a check names is the one C s6-rc names).

The walks are iterative: a database may hold more services than Python's
recursion limit.
"""


def revdeps_mismatch(db):
    """True if some direct dependency is not mirrored by a reverse one (or
    the other way round): each pair toggles a bit, as s6rc_db_check_revdeps
    does, and a bit left set is a mismatch."""
    pairs = set()
    for i in range(db.n):
        for j in db.deps_of(i, 1):
            pairs ^= {(i, j)}
        for j in db.deps_of(i, 0):
            pairs ^= {(j, i)}
    return bool(pairs)


def dependency_cycle(db, h=1):
    """None, or (the service the search started from, the service found
    twice on its path), the search starting from the last service and
    following dependencies last first."""
    n = db.n
    gray, black = set(), set()
    for start in range(n - 1, -1, -1):
        if start in black:
            continue
        gray.add(start)
        stack = [(start, reversed(db.deps_of(start, h)))]
        while stack:
            node, todo = stack[-1]
            for j in todo:
                if j in black:
                    continue
                if j in gray:
                    return start, j
                gray.add(j)
                stack.append((j, reversed(db.deps_of(j, h))))
                break
            else:
                black.add(node)
                stack.pop()
    return None


CYCLE, COLLISION = 1, 2


def pipeline_problem(db):
    """None, or (CYCLE or COLLISION, service a, service b) as
    s6rc_db_check_pipelines reports them: each last consumer's tree of
    producers is walked; a producer that does not name its consumer back, a
    service reached twice, or a producer never reached from a last consumer
    is a problem."""
    nlong = db.nlong
    mark = [0] * nlong
    for i in range(nlong - 1, -1, -1):
        sv = db.services[i]
        if sv.consumer >= nlong and sv.nproducers:
            j = _walk_producers(db, mark, i)
            if j < nlong:
                kind = CYCLE if not mark[j] & 6 else COLLISION
                return kind, i, j
    for i in range(nlong - 1, -1, -1):
        if not mark[i] and db.services[i].nproducers:
            return CYCLE, db.services[i].consumer, i
    return None


def _walk_producers(db, mark, root):
    """Marks: 1 entered, 2 done, 4 at fault. Returns the service where the
    walk stopped, or nlong."""
    nlong = db.nlong
    if mark[root] & 3:
        return root
    mark[root] |= 1
    stack = [(root, iter(db.producers_of(root)))]
    while stack:
        node, todo = stack[-1]
        for p in todo:
            if p >= nlong:
                mark[node] |= 4
                return node
            if db.services[p].consumer != node:
                mark[p] |= 4
                return p
            if mark[p] & 3:
                return p
            mark[p] |= 1
            stack.append((p, iter(db.producers_of(p))))
            break
        else:
            mark[node] |= 2
            stack.pop()
    return nlong


def closure(db, selected, h):
    """The set of services ``selected`` (an iterable of numbers) needs, with
    themselves: dependencies when h is 1, reverse dependencies when h is 0."""
    seen = set()
    todo = list(selected)
    while todo:
        i = todo.pop()
        if i not in seen:
            seen.add(i)
            todo.extend(db.deps_of(i, h))
    return seen
