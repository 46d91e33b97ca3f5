"""Reading s6-rc source directories (the 0.7.0.0 source format) as
s6-rc-compile does, before names are resolved.

Every name met (a definition, or a mention in a dependency or contents
list) gets an entry in ``names``; a definition gives it a type and its
number among the services of that type. The words of oneshot scripts and
the names of atomic services go, in the order they are read, into
``keep``, which becomes the database's string area. Lists of names (a
service's dependencies, a consumer's producers, a bundle's contents) are
slices of ``indices``. Sources are read in the order given, the service
directories of each in byte order, and every error is C's message and code.
"""

import errno
import os
import stat

from execpy.engine.fdio import read_all, read_chunk
from execpy.errors import Die
from execpy.parser.lexer import ParseError, parse
from s6utils.rc.db import FLAG_ESSENTIAL
from s6utils.rc.errtext import SysFail

UNDEFINED, ONESHOT, LONGRUN, BUNDLE = 0, 1, 2, 4
TYPENAMES = {UNDEFINED: b"unknown", ONESHOT: b"oneshot", LONGRUN: b"longrun", BUNDLE: b"bundle"}
RUNNER = b"s6rc-oneshot-runner"
FDHOLDER = b"s6rc-fdholder"
INTERNALS = b"s6-rc-compile internals"
FLAG_FILES = (b"flag-essential", b"flag-recommended")  # bit 0, bit 1


class Name:
    __slots__ = ("pos", "kpos", "i", "type")

    def __init__(self, pos, kpos, i, type_):
        self.pos, self.kpos, self.i, self.type = pos, kpos, i, type_


class Atomic:
    """A oneshot or a longrun as read: its dependencies are
    ``indices[depindex:depindex + ndeps]``."""

    __slots__ = ("kname", "ndeps", "depindex", "flags", "timeout",
                 "argvindex", "argc",
                 "srcdir", "nproducers", "prodindex", "consumer", "pipelinename")

    def __init__(self):
        self.kname = self.ndeps = self.depindex = self.flags = 0
        self.timeout = [0, 0]
        self.argvindex = [0, 0, 0]
        self.argc = [0, 0, 0]
        self.srcdir = None
        self.nproducers = self.prodindex = 0
        self.consumer = self.pipelinename = None


class Bundle:
    __slots__ = ("name", "n", "listindex", "flags")

    def __init__(self, name, n=0, listindex=0, flags=0):
        self.name, self.n, self.listindex, self.flags = name, n, listindex, flags


def _read_fd(fd, limit=None):
    """Read an open file whole, or its first ``limit`` bytes, and close it;
    OSError."""
    try:
        if limit is None:
            return read_all(fd)
        data = b""
        while len(data) < limit:
            chunk = read_chunk(fd, limit - len(data))
            if not chunk:
                break
            data += chunk
        return data
    finally:
        os.close(fd)


def _read_upto(path, limit=None):
    return _read_fd(os.open(path, os.O_RDONLY | os.O_CLOEXEC), limit)


def _exists(path, what):
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as e:
        raise SysFail(what + b" " + path, e) from None
    return True


def uint32_scan0(s):
    """skalibs' uint320_scan: the whole of s (up to a NUL) in decimal, at
    most 2^32-1; None otherwise."""
    s = s.split(b"\0", 1)[0]
    if s and s.isdigit() and int(s) <= 0xFFFFFFFF:
        return int(s)
    return None


def check_identifier(srcdir, name):
    if name.startswith(b"s6rc-") or name.startswith(b"s6-rc-"):
        raise Die(1, b"in " + srcdir + b": identifier " + name + b" starts with reserved prefix")


class Sources:
    def __init__(self, report):
        self.report = report
        self.names = {}
        self.datalen = 0  # where the next new name would start in C's name area
        self.keep = bytearray()
        self.indices = []
        self.oneshots = []
        self.longruns = []
        self.bundles = []
        self.nargvs = 0
        self.nproducers = 0
        self.add_internal_longrun(RUNNER)
        self.add_internal_longrun(FDHOLDER)

    # names ------------------------------------------------------------------
    def _count(self, type_):
        return len(self.oneshots if type_ == ONESHOT else
                   self.longruns if type_ == LONGRUN else self.bundles)

    def add_name_nocheck(self, srcdir, name, type_):
        trace = self.report.trace
        trace(b"add_name_nocheck", b"from ", srcdir, b": adding identifier ", name,
              b" of type ", TYPENAMES[type_])
        info = self.names.get(name)
        if info is None:
            info = Name(self.datalen, len(self.keep),
                        self._count(type_) if type_ else 0, type_)
            if type_ in (ONESHOT, LONGRUN):
                self.keep += name + b"\0"
            self.datalen += len(name) + 1
            self.names[name] = info
        elif type_ == UNDEFINED:
            trace(b"add_name_nocheck", b"identifier ", name, b" was already declared with type ",
                  TYPENAMES[info.type])
        elif info.type == UNDEFINED:
            info.type = type_
            trace(b"add_name_nocheck", b"previously encountered identifier ", name,
                  b" now has type ", TYPENAMES[type_])
            info.i = self._count(type_)
            if type_ != BUNDLE:
                info.kpos = len(self.keep)
                self.keep += name + b"\0"
        else:
            raise Die(1, b"duplicate service definition: " + name + b" defined in " + srcdir
                      + b" is already defined and has type " + TYPENAMES[info.type])
        return info

    def add_name(self, srcdir, name, type_):
        check_identifier(srcdir, name)
        return self.add_name_nocheck(srcdir, name, type_)

    def add_internal_longrun(self, name):
        lr = Atomic()
        lr.depindex = len(self.indices)
        lr.flags = FLAG_ESSENTIAL
        lr.kname = self.add_name_nocheck(INTERNALS, name, LONGRUN).kpos
        self.longruns.append(lr)

    # lists of names -----------------------------------------------------------
    def add_namelist(self, srcdir, name, listname):
        """A file of names, one a line: (start in indices, count), or None
        if there is no such file."""
        path = srcdir + b"/" + name + b"/" + listname
        try:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            return None
        except OSError as e:
            raise SysFail(b"open " + path, e) from None
        try:
            data = _read_fd(fd)
        except OSError as e:
            raise SysFail(b"read " + path, e) from None
        start = len(self.indices)
        lines = data.split(b"\n")
        if lines[-1] == b"":
            lines.pop()
        for line in lines:
            entry = line.split(b"\0", 1)[0].lstrip(b" \t")
            if not entry or entry[:1] == b"#":
                continue
            self.add_name(name, entry, UNDEFINED)
            if entry not in self.indices[start:]:
                self.indices.append(entry)
            else:
                self.report.warn(2, b"in ", path, b": name listed more than once: ", entry)
        return start, len(self.indices) - start

    def add_namelistd(self, srcdir, name, listname):
        """A directory of names (one entry each), or None if there is none."""
        path = srcdir + b"/" + name + b"/" + listname
        try:
            entries = os.listdir(path)
        except FileNotFoundError:
            return None
        except OSError as e:
            raise SysFail(b"opendir " + path, e) from None
        start = len(self.indices)
        for entry in entries:
            if entry[:1] != b".":
                self.add_name(name, entry, UNDEFINED)
                self.indices.append(entry)
        return start, len(self.indices) - start

    def _list(self, srcdir, name, dirname, filename):
        return (self.add_namelistd(srcdir, name, dirname)
                or self.add_namelist(srcdir, name, filename))

    # files of a definition ------------------------------------------------------
    def read_script(self, srcdir, name, script, mandatory):
        path = srcdir + b"/" + name + b"/" + script
        index = len(self.keep)
        words = []
        try:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError as e:
            if e.errno != errno.ENOENT or mandatory:
                raise SysFail(b"open " + path, e) from None
        else:
            try:
                text = _read_fd(fd)
            except OSError as e:
                raise SysFail(b"parse " + path, e) from None
            try:
                words = parse(text)
            except ParseError as e:
                why = b"" if e.kind == "syntax error" else b": " + e.kind.encode()
                raise Die(1, b"syntax error in " + path + why) from None
            for word in words:
                self.keep += word + b"\0"
        self.nargvs += len(words) + 1
        return index, len(words)

    def read_timeout(self, srcdir, name, tname):
        path = srcdir + b"/" + name + b"/" + tname
        try:
            data = _read_upto(path, 63)
        except FileNotFoundError:
            return 0
        except OSError as e:
            raise SysFail(b"read " + path, e) from None
        value = uint32_scan0(data.rstrip(b"\n"))
        if value is None:
            raise Die(1, b"invalid " + path)
        return value

    def read_flags(self, srcdir, name):
        flags = 0
        for bit, fname in enumerate(FLAG_FILES):
            if _exists(srcdir + b"/" + name + b"/" + fname, b"read"):
                flags |= 1 << bit
        return flags

    # definitions ------------------------------------------------------------------
    def add_common(self, srcdir, name, sv, type_):
        sv.kname = self.add_name(srcdir, name, type_).kpos
        found = self._list(srcdir, name, b"dependencies.d", b"dependencies")
        sv.depindex, sv.ndeps = found if found else (len(self.indices), 0)
        sv.timeout = [self.read_timeout(srcdir, name, b"timeout-down"),
                      self.read_timeout(srcdir, name, b"timeout-up")]
        sv.flags = self.read_flags(srcdir, name)

    def add_oneshot(self, srcdir, name):
        sv = Atomic()
        self.report.info(3, name, b" has type oneshot")
        self.add_common(srcdir, name, sv, ONESHOT)
        for h, script in ((2, b"reload"), (1, b"up"), (0, b"down")):
            sv.argvindex[h], sv.argc[h] = self.read_script(srcdir, name, script, h == 1)
        self.indices.append(RUNNER)
        sv.ndeps += 1
        for dep in self.indices[sv.depindex:sv.depindex + sv.ndeps]:
            self.report.trace(b"add_oneshot", b"dependency from ", name, b" to ", dep,
                              b" (%d)" % self.names[dep].pos)
        self.oneshots.append(sv)

    def _check_run(self, srcdir, name):
        path = srcdir + b"/" + name + b"/run"
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except FileNotFoundError:
            raise Die(1, b"unable to find a run script in " + path) from None
        except OSError as e:
            raise SysFail(b"open " + path, e) from None
        try:
            mode = os.fstat(fd).st_mode
        except OSError as e:
            raise SysFail(b"stat " + path, e) from None
        finally:
            os.close(fd)
        if not stat.S_ISREG(mode):
            raise Die(1, path + b" is not a regular file")

    def add_longrun(self, srcdir, name):
        sv = Atomic()
        sv.srcdir = srcdir
        self.report.info(3, name, b" has type longrun")
        self.add_common(srcdir, name, sv, LONGRUN)
        self._check_run(srcdir, name)
        base = srcdir + b"/" + name
        role = 0  # 1: a producer, 2: a last consumer
        found = self.add_namelist(srcdir, name, b"producer-for")
        if found:
            start, n = found
            if n != 1:
                raise Die(1, base + b"/producer-for should only contain one service name")
            sv.consumer = self.indices[start]
            self.indices.append(FDHOLDER)
            sv.ndeps += 2
            self.report.info(3, name, b" is a producer for ", sv.consumer)
            role = 1
        found = self.add_namelist(srcdir, name, b"consumer-for")
        if found and found[1]:
            sv.prodindex, sv.nproducers = found
            self.nproducers += sv.nproducers
            if not role:
                # the deps slice grows over the first producer's slot, which
                # becomes the fdholder; that producer moves to the end
                self.indices.append(self.indices[sv.prodindex])
                self.indices[sv.prodindex] = FDHOLDER
                sv.prodindex += 1
                sv.ndeps += 1
                role = 2
            for prod in self.indices[sv.prodindex:sv.prodindex + sv.nproducers]:
                self.report.info(3, name, b" is a consumer for ", prod)
        if role == 2:
            found = self.add_namelist(srcdir, name, b"pipeline-name")
            if found:
                start, n = found
                if n != 1:
                    raise Die(1, base + b"/pipeline-name should only contain one name")
                sv.pipelinename = self.indices[start]
                del self.indices[start:]
        elif _exists(base + b"/pipeline-name", b"access"):
            self.report.warn(1, base, b" contains a pipeline-name file despite not being a"
                             b" last consumer; this file will be ignored")
        self.longruns.append(sv)

    def add_bundle(self, srcdir, name):
        self.report.info(3, name, b" has type bundle")
        self.add_name(srcdir, name, BUNDLE)
        found = self._list(srcdir, name, b"contents.d", b"contents")
        if not found:
            raise SysFail(b"open " + srcdir + b"/" + name + b"/contents", errno.ENOENT)
        self.bundles.append(Bundle(name, found[1], found[0], self.read_flags(srcdir, name)))

    def add_source(self, srcdir, name):
        base = srcdir + b"/" + name
        self.report.info(3, b"parsing ", base)
        try:
            data = _read_upto(base + b"/type", 8)
        except OSError as e:
            raise SysFail(b"read " + base + b"/type", e) from None
        adder = None
        if len(data) >= 6:
            if data[-1:] == b"\n":
                data = data[:-1]
            if len(data) < 8:
                adder = {b"longrun": self.add_longrun, b"oneshot": self.add_oneshot,
                         b"bundle": self.add_bundle}.get(data.split(b"\0", 1)[0])
        if adder is None:
            raise Die(1, b"invalid " + base + b"/type: must be oneshot, longrun, or bundle")
        adder(srcdir, name)

    def add_sources(self, srcdir):
        try:
            entries = os.listdir(srcdir)
        except OSError as e:
            raise SysFail(b"opendir " + srcdir, e) from None
        self.report.info(2, b"adding sources from ", srcdir)
        found = []
        for entry in entries:
            if entry[:1] == b".":
                continue
            if b"\n" in entry:
                raise Die(1, b"subdirectory of " + srcdir + b" contains a newline character")
            check_identifier(srcdir, entry)
            try:
                st = os.stat(srcdir + b"/" + entry)
            except OSError as e:
                raise SysFail(b"stat " + srcdir + b"/" + entry, e) from None
            if stat.S_ISDIR(st.st_mode):
                found.append(entry)
        if not found:
            self.report.warn(1, b"source ", srcdir, b" is empty")
        for entry in sorted(found):
            try:
                os.close(os.open(srcdir + b"/" + entry, os.O_RDONLY | os.O_CLOEXEC))
            except OSError as e:
                raise SysFail(b"open " + srcdir + b"/" + entry, e) from None
            self.add_source(srcdir, entry)

    # pipelines ----------------------------------------------------------------------
    def add_pipeline_bundles(self):
        """A bundle for every pipeline whose last consumer names it."""
        self.report.info(2, b"making bundles for pipelines")
        for lr in reversed(self.longruns[:]):
            if lr.pipelinename is not None:
                self._pipeline_bundle(lr)

    def _pipeline_bundle(self, last):
        pname = last.pipelinename
        bundle = Bundle(pname, 0, len(self.indices))
        self.report.info(3, b"creating bundle for pipeline ", pname)
        self.add_name(INTERNALS, pname, BUNDLE)
        nlong = len(self.longruns)

        def enter(name):
            if bundle.n >= nlong:
                raise Die(1, b"pipeline " + pname + b" is too long: possible loop involving " + name)
            bundle.n += 1
            self.report.info(4, b"adding ", name, b" to pipeline ", pname)
            self.indices.append(name)
            lr = self.longruns[self.names[name].i]
            return iter(self.indices[lr.prodindex:lr.prodindex + lr.nproducers])

        root = self.keep[last.kname:self.keep.index(b"\0", last.kname)]
        stack = [(bytes(root), enter(bytes(root)))]
        while stack:
            consumer, todo = stack[-1]
            for prod in todo:
                kind = self.names[prod].type
                if kind != LONGRUN:
                    raise Die(1, b"longrun " + consumer + b" declares a producer " + prod
                              + b" of type " + TYPENAMES[kind])
                stack.append((prod, enter(prod)))
                break
            else:
                stack.pop()
        self.bundles.append(bundle)
