"""The lexer on cases worth naming (random scripts are in test_properties)."""

import pytest

from execpy.parser.lexer import ParseError, location, parse

CASES = [
    (b"a b  c", [b"a", b"b", b"c"]),
    (b'a "b c" ""', [b"a", b"b c", b""]),
    (b"a\x01b", [b"a", b"b"]),  # every control byte separates words
    (b"a#b #c\nd", [b"a#b", b"d"]),
    (b"a\\\nb", [b"a\nb"]),  # backslash-newline inside a word is a newline
    (b"a \\\n b", [b"a", b"b"]),  # ... and vanishes between words
    (b"a \\", [b"a"]),
    (b'"\\0x41\\101\\0101"', [b"AeA"]),
    (b'"\\12345"', [b"{45"]),
    (b"{ a { b } c }", [b" a", b"  b", b" ", b" c", b""]),
    (b"{a a} }b", [b"{a", b"a}", b"}b"]),
    (b'"\\8', [b"\x08"]),  # a number escape may end the input inside a quote
    (b"}\\", []),  # a pending word is dropped at the end of input
    (b"a\x00b c", [b"a"]),  # NUL ends the script
    (b"", []),
]


@pytest.mark.parametrize("script,words", CASES)
def test_parse(script, words):
    assert parse(script) == words


@pytest.mark.parametrize("script,kind", [
    (b"a }", "unmatched }"),
    (b"{ a", "unmatched {"),
    (b"a {", "syntax error"),
    (b'"abc', "syntax error"),
    (b'"\\08"', "syntax error"),
    (b'"\\256"', "syntax error"),
    (b'"\\00"', "syntax error"),
    (b"ab\\", "syntax error"),
])
def test_errors(script, kind):
    with pytest.raises(ParseError) as e:
        parse(script)
    assert e.value.kind == kind


def test_location():
    script = b"echo a\n  echo \"\\08\"\n"
    with pytest.raises(ParseError) as e:
        parse(script)
    line, col, text = location(script, e.value.pos)
    assert (line, text) == (2, b'  echo "\\08"')
    assert text[col - 1:col] == b"8"  # the byte that made it wrong
