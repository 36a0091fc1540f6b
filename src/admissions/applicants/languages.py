"""ISO 639-1 language codes, the vocabulary of native and instruction languages.

The table of codes and names lives in the kernel (``core.languages``) so that every layer
prints a name rather than a code; this module keeps the applicants' names for it.
"""

from __future__ import annotations

from admissions.core.languages import ISO_639_1, is_language_code, language_name

__all__ = ["ISO_639_1", "is_language_code", "language_name"]
