"""Variable substitution (execline's el_substitute and el_transform).

A substitution replaces ``$KEY`` and ``${KEY}`` in every word of an argv by
a list of values. The rules, proven against the real binaries by the
conformance and property tests:

* A reference is ``$`` followed by a name, or ``${name}``. An unbraced name
  runs until a NUL, ``\\``, ``$``, ``{`` or ``}``; so ``$A-x`` names
  ``A-x``, and ``${A}-x`` is how to follow a name with text.
* Only references to a key being substituted are touched. For those, the
  backslashes right before the ``$`` are halved; an even count means the
  reference is replaced, an odd count means it is kept literally.
* A value is a list of words. A word with references to several keys
  becomes the cartesian product of their values, the leftmost reference
  varying slowest; a word that references a key with no values vanishes.
"""

_SPECIAL = frozenset(b"\\${}")


def _split_refs(word, keys):
    """Cut ``word`` into [literal, key, literal, key, ..., literal].

    Returns None when the word references none of ``keys``.
    """
    out = []
    lit = bytearray()
    n = len(word)
    i = 0
    esc = 0  # backslashes right before the current position
    found = False
    while i < n:
        c = word[i]
        if c == 0x5C:  # backslash
            lit.append(c)
            esc += 1
            i += 1
            continue
        if c != 0x24:  # not '$'
            lit.append(c)
            esc = 0
            i += 1
            continue
        # a '$' at i, preceded by esc backslashes
        j = i + 1
        braced = j < n and word[j] == 0x7B
        if braced:
            j += 1
        k = j
        while k < n and word[k] not in _SPECIAL:
            k += 1
        name = word[j:k]
        complete = (not braced and k > j) or (braced and k < n and word[k] == 0x7D and k > j)
        if not (complete and name in keys):
            # Not one of ours: copy up to where the scan would resume.
            if not braced:
                stop = k if k > j else j
            elif k < n and word[k] == 0x7D and k > j:
                stop = k + 1
            else:
                stop = k if k > j else j
            lit += word[i:stop]
            esc = 0
            i = stop
            continue
        end = k + 1 if braced else k
        if esc:
            del lit[len(lit) - esc:]
            lit += b"\\" * (esc // 2)
        if esc & 1:
            lit += word[i:end]
        else:
            out.append(bytes(lit))
            out.append(name)
            lit = bytearray()
            found = True
        esc = 0
        i = end
    if not found:
        if len(lit) != n:  # an escaped reference was unescaped
            return [bytes(lit)]
        return None
    out.append(bytes(lit))
    return out


def _expand(parts, values, acc, prefix, idx):
    if idx == len(parts) - 1:
        acc.append(prefix + parts[idx])
        return
    head = prefix + parts[idx]
    for v in values[parts[idx + 1]]:
        _expand(parts, values, acc, head + v, idx + 2)


def substitute(argv, values):
    """Apply one parallel substitution to ``argv``.

    ``values`` maps each key (bytes) to its list of values (bytes). A
    script's Words gives a Words, its block map kept (see _substitute_words).
    """
    if type(argv) is not list and hasattr(argv, "base"):  # a Words
        return _substitute_words(argv, values) if values else argv
    if not values:
        return list(argv)
    out = []
    for word in argv:
        if b"$" not in word:
            out.append(word)
            continue
        parts = _split_refs(word, values)
        if parts is None:
            out.append(word)
        elif len(parts) == 1:
            out.append(parts[0])
        else:
            _expand(parts, values, out, b"", 0)
    return out


def _substitute_words(argv, values):
    """substitute() on a Words, word by word on the texts: a reference
    never spans a word's leading spaces, so each result is the spaces plus
    the substituted text. Every result keeps its word's block depth (a
    terminator holds no ``$``), so the block map survives the substitution
    whatever the values, and later blocks are still read without a scan.
    Only the words that hold a reference are looked at twice."""
    from execpy.parser.words import Script, Words
    base, a, b, s = argv.base, argv.start, argv.stop, argv.shift
    texts = base.texts[a:b]
    changed = []
    for k in [k for k, t in enumerate(texts) if b"$" in t]:
        parts = _split_refs(texts[k], values)
        if parts is not None:
            if len(parts) > 1:
                out = []
                _expand(parts, values, out, b"", 0)
                parts = out
            changed.append((k, parts))
    if not changed:
        return argv  # nothing to substitute: the same argv
    mapped = base.depth is not None
    pads = base.pads[a:b]
    depth = base.depth[a:b] if mapped else None
    if s:
        pads = [p - s for p in pads]
        if mapped:
            depth = [d - s for d in depth]
    for k, new in reversed(changed):  # from the end: earlier indices stay valid
        new_texts = [u.lstrip(b" ") for u in new]
        pads[k:k + 1] = [pads[k] + len(u) - len(v) for u, v in zip(new, new_texts)]
        texts[k:k + 1] = new_texts
        if mapped:
            depth[k:k + 1] = [depth[k]] * len(new)
    return Words(Script(pads, texts, depth))


class BadNetstring(ValueError):
    pass


def _netstrings(value):
    words = []
    i = 0
    n = len(value)
    while i < n:
        colon = value.find(b":", i)
        if colon <= i or not value[i:colon].isdigit():
            raise BadNetstring()
        length = int(value[i:colon])
        end = colon + 1 + length
        if end >= n or value[end] != 0x2C:
            raise BadNetstring()
        words.append(value[colon + 1:end])
        i = end + 1
    return words


DEFAULT_DELIM = b" \n\r\t"


def transform(value, split=False, crunch=False, chomp=False, delim=DEFAULT_DELIM):
    """Crunch, chomp and split a value, in that order; return its words.

    With an empty ``delim``, splitting decodes netstrings (BadNetstring on
    a malformed one).
    """
    if crunch and delim:
        out = bytearray()
        crunching = False
        for c in value:
            if c in delim:
                if not crunching:
                    out.append(c)
                crunching = True
            else:
                out.append(c)
                crunching = False
        value = bytes(out)
    chomped = False
    if chomp and value and value[-1] in delim:
        value = value[:-1]
        chomped = True
    if not split:
        return [value]
    if not delim:
        return _netstrings(value)
    words = []
    start = 0
    for i, c in enumerate(value):
        if c in delim:
            words.append(value[start:i])
            start = i + 1
    if start < len(value):
        if not (chomp and not chomped):
            words.append(value[start:])
    return words
