"""Text that cannot attack a terminal, hide in a key, or pass for another key.

Two sides:
- In: ``clean_text`` is what every name and key goes through (dialogs and workbooks
  alike, through planner.fields.coerce and the workbook converters). It normalises to
  NFC and strips surrounding spaces, and refuses, naming the position: control
  characters (ESC, NUL, line breaks … they rewrite a screen or a title bar when printed),
  bidirectional overrides and isolates (they make text read in another order than it is
  stored), and in keys also invisible format characters and unusual spaces (two keys
  that look the same must be the same) and letters of two look-alike scripts (a service
  number typed half on a Cyrillic keyboard: К/K, А/A, О/O).
- Out: ``escape`` shows anything unprintable as a ``\\uXXXX`` escape, and
  ``escaped_output`` puts every line the command line prints through it. The escape is
  JSON's own, so JSON output stays exact JSON holding the same strings.
"""

from __future__ import annotations

import contextlib
import io
import sys
import unicodedata
from collections.abc import Iterator
from typing import Final, TextIO

# Bidirectional formatting characters: embeddings, overrides, isolates and marks.
BIDI_CONTROLS: Final = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Scripts whose capitals look alike; a key must not mix them.
LOOK_ALIKE_SCRIPTS: Final = ("LATIN", "CYRILLIC", "GREEK")


def _refusal(char: str, *, key: bool) -> str | None:
    """Why ``char`` may not stand in a name (or a key), or None."""
    category = unicodedata.category(char)
    if category == "Cc":
        return "a control character"
    if char in BIDI_CONTROLS:
        return "a right-to-left or left-to-right override"
    if category in ("Zl", "Zp"):
        return "a line break"
    if category == "Cs":
        return "a broken character (a lone surrogate)"
    if key and category in ("Cf", "Co", "Cn"):
        return "an invisible or unassigned character"
    if key and category == "Zs" and char != " ":
        return "a space other than the ordinary one"
    return None


# Control characters have no Unicode names; these are the ones a planner may have heard of.
_CONTROL_NAMES: Final = {
    0x00: "NUL", 0x07: "BEL", 0x08: "BACKSPACE", 0x09: "TAB", 0x0A: "LINE FEED",
    0x0D: "CARRIAGE RETURN", 0x1B: "ESC", 0x7F: "DELETE",
}  # fmt: skip


def _describe(char: str) -> str:
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(ord(char), "")
    return f"U+{ord(char):04X}{' ' + name if name else ''}"


def clean_text(text: str, *, key: bool = False) -> str:
    """``text`` normalised (NFC, surrounding spaces stripped), or ValueError saying what
    character at which position (counted from 1) is refused and why."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = text.strip()
    if not text.isprintable() or (key and not text.isascii()):
        for position, char in enumerate(text, start=1):
            if char.isprintable() and char.isascii():
                continue
            why = _refusal(char, key=key)
            if why is not None:
                return _refuse(f"holds {why} ({_describe(char)}) at position {position}")
        if key:
            _check_one_script(text)
    return text


def _refuse(message: str) -> str:
    raise ValueError(f"{message}; remove it and type the text again")


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    word = unicodedata.name(char, "").split(" ", 1)[0]
    return word if word in LOOK_ALIKE_SCRIPTS else None


def _check_one_script(text: str) -> None:
    """Refuse a key whose letters come from two look-alike scripts, naming the first
    letter of the less used one (ties: Latin is taken as meant)."""
    scripts = [_script(char) for char in text]
    counts = {s: scripts.count(s) for s in LOOK_ALIKE_SCRIPTS if s in scripts}
    if len(counts) < 2:
        return
    meant = max(counts, key=lambda s: (counts[s], s == "LATIN"))
    for position, (char, script) in enumerate(zip(text, scripts, strict=True), start=1):
        if script is not None and script != meant:
            raise ValueError(
                f"mixes {meant.title()} and {script.title()} letters: '{char}' at position "
                f"{position} is {script.title()} ({_describe(char)}); type every letter in "
                f"one alphabet"
            )


def escape(text: str) -> str:
    """``text`` with every unprintable character (controls, bidirectional overrides,
    invisible format characters, unusual spaces) shown as a JSON ``\\uXXXX`` escape;
    line breaks and tabs stay as they are."""
    if text.isprintable():
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not line.replace("\t", "").isprintable():
            lines[index] = "".join(
                char if char == "\t" or char.isprintable() else _escaped(char) for char in line
            )
    return "\n".join(lines)


def _escaped(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # outside the first plane: a UTF-16 surrogate pair, as JSON writes it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


class EscapingStream(io.TextIOBase):
    """A text stream that writes through ``escape`` to another."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(escape(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", "utf-8")


@contextlib.contextmanager
def escaped_output() -> Iterator[None]:
    """Everything printed to stdout and stderr inside the block goes through ``escape``."""
    saved = sys.stdout, sys.stderr
    sys.stdout = EscapingStream(saved[0])
    sys.stderr = EscapingStream(saved[1])
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        sys.stdout, sys.stderr = saved
