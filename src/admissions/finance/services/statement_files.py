"""Reading a bank statement file: a CSV export of the school account, whatever the bank.

Two shapes of file are read, whatever the bank: the French one (``;`` between columns,
decimal comma, ``dd/mm/yyyy`` dates, ``Date;Libellé;Montant;Devise;Référence``) and the
international one (``,``, decimal point, ISO dates). Column names are recognised case- and
accent-insensitively, with the usual synonyms, after up to twenty lines of preamble (account
number, period) that some banks print first.

``parse_statement`` returns one ``ParsedLine`` per line, or raises ``StatementRefused`` with a
message that names the row and the column to fix; it touches no fee. ``statements`` decides
what each line would do and applies it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from admissions.finance import errors
from admissions.finance.services import transfers

__all__ = [
    "DEFAULT_CURRENCY",
    "MAX_BYTES",
    "MAX_ROWS",
    "ParsedLine",
    "StatementRefused",
    "parse_amount",
    "parse_date",
    "parse_statement",
]

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
# A statement without a currency column is taken to be in euros: the school's accounts are
# French. A column header such as "Montant (USD)" says otherwise.
DEFAULT_CURRENCY = "EUR"
_HEADER_SEARCH_ROWS = 20
_DELIMITERS = (";", ",", "\t")

# Normalised column names (lower case, no accents, letters and digits only) by field, the
# preferred name first.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": (
        "date",
        "dateoperation",
        "datedoperation",
        "datedeloperation",
        "datecomptable",
        "datedecomptabilisation",
        "bookingdate",
        "bookedon",
        "transactiondate",
        "dateop",
        "datevaleur",
        "valuedate",
    ),
    "label": (
        "libelle",
        "libelleoperation",
        "libelledeloperation",
        "label",
        "description",
        "communication",
        "motif",
        "details",
        "detail",
        "detaildeloperation",
        "informationscomplementaires",
        "remittanceinformation",
        "narrative",
        "memo",
    ),
    "amount": ("montant", "amount", "montantdeloperation", "montantoperation", "somme"),
    "credit": ("credit", "credits", "montantcredit"),
    "debit": ("debit", "debits", "montantdebit"),
    "currency": ("devise", "currency", "monnaie"),
    "bank_reference": (
        "reference",
        "referencebancaire",
        "referenceoperation",
        "referencedeloperation",
        "referencebanque",
        "bankreference",
        "transactionreference",
        "transactionid",
        "idtransaction",
        "numerodoperation",
        "numerooperation",
        "ref",
        "id",
    ),
    "payer_name": (
        "emetteur",
        "nomdelemetteur",
        "donneurdordre",
        "payer",
        "payername",
        "debtor",
        "debtorname",
        "contrepartie",
        "counterparty",
        "tiers",
        "nom",
        "name",
    ),
}
# How each field is named in messages: the French bank's word and what it holds.
_FIELD_NAMES = {
    "date": _("Date"),
    "label": _("Libellé (the transfer's label)"),
    "amount": _("Montant (amount), or Crédit and Débit"),
    "bank_reference": _("Référence (the bank's reference of the transaction)"),
}
_NOT_TEXT = {
    b"%PDF": _("a PDF document"),
    b"PK\x03\x04": _("a spreadsheet or a ZIP archive (XLSX, ODS)"),
    b"\xd0\xcf\x11\xe0": _("an Excel spreadsheet (XLS)"),
    b"{\\rtf": _("a word-processor document (RTF)"),
}
_MARKUP = re.compile(rb"^\s*<(\?xml|!doctype|html)", re.IGNORECASE)
_CURRENCY_IN_HEADER = re.compile(r"\(?\s*(€|\b[A-Za-z]{3}\b)\s*\)?\s*$")
_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d")


class StatementRefused(errors.FinanceError):
    """The statement file cannot be read; nothing was imported."""


def _normalise(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "".join(ch for ch in text.lower() if ch.isalnum())


@dataclass
class _Columns:
    """Where each field is in a row, and the name the file gives it (for messages)."""

    index: dict[str, int] = field(default_factory=dict)
    labels: list[int] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    currency_hint: str = ""

    @property
    def missing(self) -> list[str]:
        missing = [name for name in ("date", "bank_reference") if name not in self.index]
        if not self.labels:
            missing.insert(1, "label")
        if "amount" not in self.index and "credit" not in self.index:
            missing.insert(2 if self.labels else 1, "amount")
        return missing

    @property
    def recognised(self) -> int:
        return len(self.index) + len(self.labels)


def _read_header(cells: list[str]) -> _Columns:
    columns = _Columns()
    normalised: list[str] = []
    for position, cell in enumerate(cells):
        raw = cell.strip().lstrip("\ufeff")
        columns.names[position] = raw
        hint = _CURRENCY_IN_HEADER.search(raw)
        key = _normalise(raw)
        if hint and len(key) > 3:
            stripped = _normalise(raw[: hint.start()])
            if any(stripped in _SYNONYMS[name] for name in ("amount", "credit", "debit")):
                code = hint.group(1).upper()
                columns.currency_hint = "EUR" if code == "€" else code
                key = stripped
        normalised.append(key)
    for name, synonyms in _SYNONYMS.items():
        if name == "label":
            columns.labels = [i for i, key in enumerate(normalised) if key in synonyms]
            continue
        for synonym in synonyms:
            if synonym in normalised:
                columns.index[name] = normalised.index(synonym)
                break
    return columns


def _decode(content: bytes) -> str:
    head = content[:8192]
    for signature, what in _NOT_TEXT.items():
        if head.startswith(signature):
            raise StatementRefused(errors.STATEMENT_NOT_TEXT % {"what": what}, code="not_text")
    if _MARKUP.match(head):
        raise StatementRefused(
            errors.STATEMENT_NOT_TEXT % {"what": gettext("a web page or an XML file")},
            code="not_text",
        )
    if b"\x00" in head:
        raise StatementRefused(
            errors.STATEMENT_NOT_TEXT % {"what": gettext("binary data")}, code="not_text"
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = content.decode("latin-1")
    control = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\r\n")
    if control > max(2, len(text[:8192]) // 100):
        raise StatementRefused(
            errors.STATEMENT_NOT_TEXT % {"what": gettext("binary data")}, code="not_text"
        )
    return text


def _find_header(text: str) -> tuple[str, int, _Columns]:
    """(delimiter, line number of the header, columns), or a refusal naming what is missing."""
    best: tuple[int, _Columns] | None = None
    for delimiter in _DELIMITERS:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for count, cells in enumerate(reader):
                if count >= _HEADER_SEARCH_ROWS:
                    break
                if not any(cell.strip() for cell in cells):
                    continue
                columns = _read_header(cells)
                if not columns.missing:
                    return delimiter, reader.line_num, columns
                if best is None or columns.recognised > best[0]:
                    best = (columns.recognised, columns)
        except csv.Error:
            continue
    missing = best[1].missing if best is not None else list(_FIELD_NAMES)
    raise StatementRefused(
        errors.STATEMENT_NO_HEADER
        % {"missing": ", ".join(str(_FIELD_NAMES[name]) for name in missing)},
        code="no_header",
    )


_AMOUNT_CHARS = re.compile(r"^[0-9.,]+$")


def parse_amount(raw: str, *, decimal_comma: bool) -> int | None:
    """Cents from a bank's way of writing an amount: ``1 234,56``, ``1.234,56``, ``-20.5``,
    ``+150,00 €``, ``(20.00)``, ``20,00-``; ``None`` when it is not one."""
    text = "".join(raw.split()).replace("'", "")
    text = re.sub(r"^[A-Za-z€$£]+|[A-Za-z€$£]+$", "", text)
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text.endswith("-"):
        negative, text = True, text[:-1]
    if text[:1] in ("+", "-"):
        negative, text = negative or text[0] == "-", text[1:]
    if not text or not _AMOUNT_CHARS.match(text) or not text[0].isdigit():
        return None
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
    elif "," in text or "." in text:
        mark = "," if "," in text else "."
        after = len(text) - text.rfind(mark) - 1
        single = text.count(mark) == 1
        # A lone mark followed by three digits is a thousands separator in the file's other
        # convention ("1.234" in a French file, "1,234" in an English one).
        if single and (after != 3 or (mark == ",") == decimal_comma):
            decimal = mark
        else:
            decimal = "," if mark == "." else "."
    else:
        decimal = "," if decimal_comma else "."
    thousands = "." if decimal == "," else ","
    whole, _sep, cents = text.partition(decimal)
    if thousands in whole:
        groups = whole.split(thousands)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            return None
        whole = "".join(groups)
    if not whole.isdigit() or (_sep and not (cents.isdigit() and 1 <= len(cents) <= 2)):
        return None
    try:
        value = int((Decimal(f"{whole}.{cents or '0'}") * 100).to_integral_exact())
    except InvalidOperation:
        return None
    return -value if negative else value


def parse_date(raw: str) -> dt.date | None:
    text = raw.strip()
    if "T" in text[:11]:
        text = text.split("T", 1)[0]
    elif len(text) > 10 and text[10:11] == " ":
        text = text[:10]
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class ParsedLine:
    row_number: int
    booked_on: dt.date
    amount_cents: int
    currency: str
    label: str
    payer_name: str
    bank_reference: str


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def parse_statement(content: bytes) -> list[ParsedLine]:
    """The lines of a CSV statement, or a ``StatementRefused`` naming the row and column."""
    if not content or not content.strip():
        raise StatementRefused(errors.STATEMENT_EMPTY, code="empty")
    if len(content) > MAX_BYTES:
        raise StatementRefused(
            errors.STATEMENT_TOO_LARGE % {"limit": "5 MB"}, code="too_large", field="file"
        )
    text = _decode(content)
    delimiter, header_line, columns = _find_header(text)
    decimal_comma = delimiter != ","
    currency_default = columns.currency_hint or DEFAULT_CURRENCY
    # The columns every row must reach; an optional one (payer, currency) cut short by the
    # bank reads as empty.
    required = [
        *columns.labels,
        *(
            columns.index[name]
            for name in ("date", "bank_reference", "amount")
            if name in columns.index
        ),
    ]
    width = max(required)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[ParsedLine] = []
    try:
        for cells in reader:
            row = reader.line_num
            if row <= header_line or not any(cell.strip() for cell in cells):
                continue
            if len(lines) >= MAX_ROWS:
                raise StatementRefused(
                    errors.STATEMENT_TOO_MANY_ROWS % {"limit": f"{MAX_ROWS:,}"},
                    code="too_many_rows",
                )
            if len(cells) <= width:
                missing_at = min(i for i in required if i >= len(cells))
                raise StatementRefused(
                    errors.STATEMENT_ROW_TOO_SHORT
                    % {
                        "row": row,
                        "count": len(cells),
                        "expected": len(columns.names),
                        "column": columns.names[missing_at],
                    },
                    code="row_too_short",
                )
            lines.append(_parse_row(cells, row, columns, decimal_comma, currency_default))
    except csv.Error as exc:
        raise StatementRefused(
            errors.STATEMENT_NOT_TEXT % {"what": gettext("text that is not valid CSV")},
            code="not_csv",
        ) from exc
    return lines


def _parse_row(
    cells: list[str], row: int, columns: _Columns, decimal_comma: bool, currency_default: str
) -> ParsedLine:
    index = columns.index
    raw_date = _cell(cells, index["date"])
    booked_on = parse_date(raw_date)
    if booked_on is None:
        raise StatementRefused(
            errors.STATEMENT_BAD_DATE
            % {"row": row, "column": columns.names[index["date"]], "value": raw_date[:40]},
            code="bad_date",
        )
    amount = _row_amount(cells, row, columns, decimal_comma)
    currency = currency_default
    if "currency" in index:
        raw_currency = _cell(cells, index["currency"])
        if raw_currency:
            currency = "EUR" if raw_currency == "€" else raw_currency.upper()
            if not re.fullmatch(r"[A-Z]{3}", currency):
                raise StatementRefused(
                    errors.STATEMENT_BAD_CURRENCY
                    % {
                        "row": row,
                        "column": columns.names[index["currency"]],
                        "value": raw_currency[:40],
                    },
                    code="bad_currency",
                )
    bank_reference = transfers.normalise_bank_reference(_cell(cells, index["bank_reference"]))[:120]
    if amount > 0 and not bank_reference:
        raise StatementRefused(
            errors.STATEMENT_NO_BANK_REFERENCE
            % {"row": row, "column": columns.names[index["bank_reference"]]},
            code="no_bank_reference",
        )
    label = " / ".join(part for part in (_cell(cells, i) for i in columns.labels) if part)
    return ParsedLine(
        row_number=row,
        booked_on=booked_on,
        amount_cents=amount,
        currency=currency,
        label=label,
        payer_name=_cell(cells, index.get("payer_name"))[:200],
        bank_reference=bank_reference,
    )


def _row_amount(cells: list[str], row: int, columns: _Columns, decimal_comma: bool) -> int:
    index = columns.index

    def read(name: str) -> int | None:
        raw = _cell(cells, index.get(name))
        if not raw:
            return None
        value = parse_amount(raw, decimal_comma=decimal_comma)
        if value is None:
            raise StatementRefused(
                errors.STATEMENT_BAD_AMOUNT
                % {"row": row, "column": columns.names[index[name]], "value": raw[:40]},
                code="bad_amount",
            )
        return value

    if "amount" in index:
        amount = read("amount")
    else:
        credit, debit = read("credit"), read("debit") if "debit" in index else None
        amount = credit if credit else (-abs(debit) if debit is not None else None)
    if amount is None:
        name = "amount" if "amount" in index else "credit"
        raise StatementRefused(
            errors.STATEMENT_BAD_AMOUNT
            % {"row": row, "column": columns.names[index[name]], "value": ""},
            code="bad_amount",
        )
    return amount
