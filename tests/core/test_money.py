import pytest

from admissions.core.money import format_money


@pytest.mark.parametrize(
    ("cents", "language", "expected"),
    [
        (1_850_000, "en", "€18,500"),
        (1_850_000, "fr", "18\u202f500\u00a0€"),
        (15_000, "en", "€150"),
        (15_000, "fr", "150\u00a0€"),
        (12_345, "en", "€123.45"),
        (12_345, "fr", "123,45\u00a0€"),
        (0, "en", "€0"),
        (-15_000, "en", "-€150"),
    ],
)
def test_amounts_read_as_each_language_writes_them(cents, language, expected):
    assert format_money(cents, "EUR", language=language) == expected
