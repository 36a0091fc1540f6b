"""Money is an integer number of cents with a currency, shown through one helper."""

from __future__ import annotations

from django.utils.translation import get_language

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}


def format_money(cents: int, currency: str = "EUR", *, language: str | None = None) -> str:
    """``format_money(1850000)`` is "€18,500" in English and "18 500 €" in French.

    Whole amounts drop their decimals, as programme pages print them.
    """
    language = (language or get_language() or "en")[:2]
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    symbol = _SYMBOLS.get(currency, currency)
    if language == "fr":
        whole = f"{units:,}".replace(",", "\u202f")
        number = whole if rest == 0 else f"{whole},{rest:02d}"
        return f"{sign}{number}\u00a0{symbol}"
    whole = f"{units:,}"
    number = whole if rest == 0 else f"{whole}.{rest:02d}"
    if len(symbol) > 1:
        return f"{sign}{symbol}\u00a0{number}"
    return f"{sign}{symbol}{number}"
