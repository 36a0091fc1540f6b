"""Why an upload is refused: ``UploadRejected`` and its subclasses, each with a stable code,
an HTTP status hint and a message in English and French."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from admissions.core.errors import DomainError
from admissions.documents.validation.kinds import _KINDS

# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


def _active_language() -> str:
    # Django is optional here: when it is configured, show the active language; otherwise
    # (scripts, tests without settings) English.
    try:
        from django.utils.translation import get_language

        return (get_language() or "en")[:2]
    except Exception:
        return "en"


@dataclass(frozen=True, slots=True)
class _BilingualMessage:
    en: str
    fr: str

    def __str__(self) -> str:
        return self.fr if _active_language() == "fr" else self.en


class UploadRejected(DomainError):
    """The upload was refused. Show ``message_en`` or ``message_fr``; log ``detail``.

    ``code`` is stable (API clients and tests use it); ``http_status`` is the status an API
    should answer with: 413 too large, 415 refused type, 422 damaged or unsafe.
    """

    code: str = "upload_rejected"
    http_status: ClassVar[int] = 422

    def __init__(self, message_en: str, message_fr: str, *, detail: str = "") -> None:
        super().__init__(_BilingualMessage(message_en, message_fr), code=self.code)
        self.message_en = message_en
        self.message_fr = message_fr
        self.detail = detail  # for logs and staff, never shown to the applicant

    def message_for(self, lang: str) -> str:
        return self.message_fr if lang[:2].lower() == "fr" else self.message_en


class EmptyFile(UploadRejected):
    code = "empty"
    http_status = 422

    def __init__(self) -> None:
        super().__init__(
            "The file is empty. Choose the file again and upload it.",
            "Le fichier est vide. Choisissez de nouveau le fichier et déposez-le.",
        )


class FileTooLarge(UploadRejected):
    code = "too_large"
    http_status = 413

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        super().__init__(
            f"The file is larger than {format_size(max_bytes)}. "
            "Compress it or split it, then upload again.",
            f"Le fichier dépasse {format_size(max_bytes, 'fr')}. "
            "Compressez-le ou divisez-le, puis déposez-le de nouveau.",
            detail=f"more than {max_bytes} bytes",
        )


class TypeNotAllowed(UploadRejected):
    code = "type_not_allowed"
    http_status = 415

    def __init__(
        self,
        accepted: Sequence[str],
        *,
        what: tuple[str, str] | None = None,
        detail: str = "",
    ) -> None:
        self.accepted = tuple(accepted)
        labels = [_KINDS[kind].label for kind in self.accepted]
        list_en = _join(labels, "or")
        list_fr = _join(labels, "ou")
        if what is None:
            opening_en = "This type of file is not accepted here."
            opening_fr = "Ce type de fichier n'est pas accepté ici."
        else:
            opening_en = f"This file is {what[0]}, which is not accepted here."
            opening_fr = f"Ce fichier est {what[1]}, qui n'est pas accepté ici."
        super().__init__(
            f"{opening_en} Upload a {list_en} file instead.",
            f"{opening_fr} Déposez plutôt un fichier {list_fr}.",
            detail=detail,
        )


class PolyglotFile(UploadRejected):
    code = "polyglot"
    http_status = 422

    def __init__(self, detail: str) -> None:
        super().__init__(
            "The file contains hidden data or mixes several formats, so it cannot be accepted "
            "safely. Open it, save or export it again as a new file, then upload that file.",
            "Le fichier contient des données cachées ou mélange plusieurs formats\u00a0: il ne "
            "peut pas être accepté en toute sécurité. Ouvrez-le, enregistrez-le ou exportez-le "
            "de nouveau dans un nouveau fichier, puis déposez ce fichier.",
            detail=detail,
        )


class DamagedFile(UploadRejected):
    code = "damaged"
    http_status = 422

    def __init__(self, detail: str) -> None:
        super().__init__(
            "The file is damaged or incomplete and cannot be opened. Save or scan the document "
            "again, then upload it.",
            "Le fichier est endommagé ou incomplet et ne peut pas être ouvert. Enregistrez ou "
            "numérisez de nouveau le document, puis déposez-le.",
            detail=detail,
        )


class EncryptedPdf(UploadRejected):
    code = "encrypted"
    http_status = 422

    def __init__(self) -> None:
        super().__init__(
            "The PDF is password-protected: remove the password and upload again. If it opens "
            "without a password, print it to a new PDF and upload that file.",
            "Le PDF est protégé par un mot de passe\u00a0: retirez le mot de passe et "
            "déposez-le de nouveau. S'il s'ouvre sans mot de passe, imprimez-le dans un "
            "nouveau PDF et déposez ce fichier.",
        )


class PdfHasJavaScript(UploadRejected):
    code = "pdf_javascript"
    http_status = 422

    def __init__(self, detail: str) -> None:
        super().__init__(
            "The PDF contains scripts (JavaScript or automatic actions), which are not "
            "accepted. Print it to a new PDF, then upload that file.",
            "Le PDF contient des scripts (JavaScript ou actions automatiques), qui ne sont pas "
            "acceptés. Imprimez-le dans un nouveau PDF, puis déposez ce fichier.",
            detail=detail,
        )


class PdfHasEmbeddedFiles(UploadRejected):
    code = "pdf_embedded_files"
    http_status = 422

    def __init__(self, detail: str) -> None:
        super().__init__(
            "The PDF contains attached or embedded files, which are not accepted. Upload each "
            "document on its own, or print the PDF to a new PDF and upload that file.",
            "Le PDF contient des fichiers joints ou intégrés, qui ne sont pas acceptés. "
            "Déposez chaque document séparément, ou imprimez le PDF dans un nouveau PDF et "
            "déposez ce fichier.",
            detail=detail,
        )


class PdfHasNoPages(UploadRejected):
    code = "pdf_no_pages"
    http_status = 422

    def __init__(self) -> None:
        super().__init__(
            "The PDF has no pages. Check that you chose the right file, then upload it again.",
            "Le PDF ne contient aucune page. Vérifiez que vous avez choisi le bon fichier, puis "
            "déposez-le de nouveau.",
        )


class ImageTooManyPixels(UploadRejected):
    code = "image_too_many_pixels"
    http_status = 422

    def __init__(self, width: int | None, height: int | None, max_pixels: int) -> None:
        self.width, self.height, self.max_pixels = width, height, max_pixels
        if max_pixels >= 1_000_000:
            limit = f"{max_pixels / 1_000_000:.1f}".rstrip("0").rstrip(".")
            limit_en = f"{limit} million pixels"
            limit_fr = f"{limit.replace('.', ',')} millions de pixels"
        else:
            limit_en = f"{max_pixels:,} pixels"
            limit_fr = f"{max_pixels:,} pixels".replace(",", "\u202f")
        size = f"{width} × {height}; " if width and height else ""
        size_fr = f"{width} × {height}\u00a0; " if width and height else ""
        super().__init__(
            f"The image is too large in pixels ({size}the limit is {limit_en}). "
            "Reduce its resolution, then upload it again.",
            f"L'image est trop grande en pixels ({size_fr}la limite est de {limit_fr}). "
            "Réduisez sa résolution, puis déposez-la de nouveau.",
            detail=f"{width}x{height} > {max_pixels} pixels",
        )


class InfectedFile(UploadRejected):
    code = "infected"
    http_status = 422

    def __init__(self, signature: str | None) -> None:
        self.signature = signature
        super().__init__(
            "Our virus scanner found a threat in this file, so it was not accepted. Check your "
            "device with an antivirus, then upload a clean copy.",
            "Notre antivirus a détecté une menace dans ce fichier, qui n'a donc pas été "
            "accepté. Analysez votre appareil avec un antivirus, puis déposez une copie saine.",
            detail=f"virus scanner: {signature or 'infected'}",
        )


class ScanUnavailable(UploadRejected):
    """The scanner could not give an answer. Uploads fail closed rather than skip the scan."""

    code = "scan_unavailable"
    http_status = 503

    def __init__(self, detail: str) -> None:
        super().__init__(
            "We could not check the file for viruses just now. Try again in a few minutes.",
            "Nous n'avons pas pu analyser le fichier pour le moment. Réessayez dans quelques "
            "minutes.",
            detail=detail,
        )


def _join(items: Sequence[str], word: str) -> str:
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def format_size(n_bytes: int, lang: str = "en") -> str:
    """``10485760`` is "10 MB" ("10 Mo" in French): binary units, as file managers show."""
    french = lang[:2].lower() == "fr"
    for unit_en, unit_fr, factor in (
        ("GB", "Go", 1024**3),
        ("MB", "Mo", 1024**2),
        ("KB", "Ko", 1024),
    ):
        if n_bytes >= factor:
            text = f"{n_bytes / factor:.1f}".rstrip("0").rstrip(".")
            if french:
                return f"{text.replace('.', ',')}\u00a0{unit_fr}"
            return f"{text} {unit_en}"
    return f"{n_bytes}\u00a0octets" if french else f"{n_bytes} bytes"
