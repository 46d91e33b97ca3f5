"""Unit tests for the pieces behind the loop, substitution and test commands."""

import os

import pytest

from execpy.engine.testexpr import int_scan
from execpy.engine import posixre, posixre_py
from execpy.engine.loops import Records, approx, scan_codes


@pytest.mark.parametrize("arg,codes", [
    (b"1,2", [1, 2]), (b"1;2 3", [1, 2, 3]), (b"1:3", [1, 3]), (b"1x3", [1]),
    (b"70000", [7000, 0]), (b"1,,2", [1, 2]), (b"", None), (b",1", None), (b"a", None),
])
def test_scan_codes(arg, codes):
    assert scan_codes(arg) == codes


def test_approx():
    assert approx(3 << 8) == 3
    assert approx(200 << 8) == 128
    assert approx(15) == 128 + 15


@pytest.mark.parametrize("word,value", [
    (b"1", 1), (b"-1", -1), (b"+7", 7), (b"1abc", 1), (b"4294967295", -1),
    (b"99999999999", 999999999), (b"2147483648", -2147483648), (b"", None), (b"-", None),
    (b"+-1", None), (b" 1", None),
])
def test_int_scan(word, value):
    assert int_scan(word) == value


def _records(data, delim):
    r, w = os.pipe()
    os.write(w, data)
    os.close(w)
    out = []
    try:
        rec = Records(r, delim)
        while True:
            try:
                got = rec.next()
            except OSError as e:
                out.append(e.errno)
                break
            if got is None:
                break
            out.append(got)
    finally:
        os.close(r)
    return out


def test_records_lines():
    assert _records(b"a\nb\n\nc", b"\n") == [(b"a\n", True), (b"b\n", True), (b"\n", True), (b"c", False)]


def test_records_netstrings():
    import errno
    assert _records(b"1:a,0:,", b"") == [(b"a", True), (b"", True)]
    assert _records(b"1:a,2:b", b"") == [(b"a", True), errno.EPIPE]
    assert _records(b"1:ab,", b"") == [errno.EPROTO]


REGEXES = [(b"^a|x$", True), (b"^([fo]+)bar(baz)$", True), (b"^(x)?(a)(b)$", True), (b"^a.c$", True),
           (b"^[[:alpha:]]+$", True), (b"^[^a]*$", True), (b"^a{2}$", True), (b"a(", True),
           (b"^[]a]$", True), (b"^a\\{2\\}$", False), (b"^\\(a\\)b$", False), (b"^*a$", False)]
SUBJECTS = [b"abc", b"foooobarbaz", b"ab", b"aa", b"foo\nbar", b"]", b"*a", b"x"]


@pytest.mark.skipif(not posixre._load(), reason="no C library through ctypes")
@pytest.mark.parametrize("pattern,extended", REGEXES)
def test_fallback_regex_agrees_with_libc(pattern, extended):
    def outcome(fn):
        try:
            return fn()
        except posixre.RegexError as e:
            return e.msg
    nsub = posixre.count_groups(pattern, extended)
    for s in SUBJECTS:
        for newline in (False, True):
            flags = (posixre.REG_EXTENDED if extended else 0) | (posixre.REG_NEWLINE if newline else 0)
            c = outcome(lambda: posixre._c_match(pattern, s, flags, nsub))
            py = outcome(lambda: posixre_py.match(pattern, s, extended, False, newline, True))
            assert c == py, (pattern, s, newline)


@pytest.mark.skipif(not posixre._load(), reason="no C library through ctypes")
@pytest.mark.parametrize("pattern,s,flags", [
    (b"a*", b"abc", 0), (b"*abc", b".abc", 4), (b"*abc", b".abc", 0), (b"a*c", b"a/c", 1),
    (b"a\\*", b"a*", 0), (b"a\\b", b"a\\b", 2), (b"a[", b"a[", 0), (b"[!a]", b"b", 0), (b"[!a]", b"a", 0),
])
def test_fallback_fnmatch_agrees_with_libc(pattern, s, flags):
    assert posixre.fnmatch(pattern, s, flags) == posixre_py.fnmatch(pattern, s, flags)


def test_fallback_glob(tmp_path):
    for name in ("b", "a", ".h"):
        (tmp_path / name).touch()
    (tmp_path / "d").mkdir()
    pat = os.fsencode(tmp_path) + b"/*"
    flags = posixre.GLOB_MARK
    assert posixre_py.glob(pat, flags, None) == posixre.glob(pat, flags)
    none = os.fsencode(tmp_path) + b"/z*"
    assert posixre_py.glob(none, posixre.GLOB_NOCHECK, None) == (0, [none])
