"""Cleaning text that people type before it is stored and shown to others."""

from __future__ import annotations

# The Unicode bidirectional controls (embeddings, overrides, isolates and the invisible
# direction marks). In a name they only serve to make staff read something else than what is
# stored (U+202E reverses what follows), and Arabic or Hebrew names display correctly
# without them. Joiners (U+200C, U+200D), which some scripts need, are not among them.
BIDI_CONTROLS = frozenset(
    "\u061c"  # ARABIC LETTER MARK
    "\u200e\u200f"  # LEFT-TO-RIGHT MARK, RIGHT-TO-LEFT MARK
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, POP DIRECTIONAL FORMATTING, overrides
    "\u2066\u2067\u2068\u2069"  # isolates, POP DIRECTIONAL ISOLATE
)
_REMOVE = dict.fromkeys(map(ord, BIDI_CONTROLS))


def without_bidi_controls(text: str) -> str:
    """``text`` without bidirectional control characters."""
    return text.translate(_REMOVE)


def searchable(*parts: str | None) -> str:
    """``parts`` joined for a search column: lowercase, accents and other combining marks
    removed, spaces collapsed ("Benalí  ÉLODIE" → "benali elodie"), so a search typed with or
    without accents, in any case, finds the same rows on SQLite and PostgreSQL alike (both
    compare the stored text with the query normalised the same way)."""
    import unicodedata

    text = " ".join(part for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())
