"""The standard document types every programme can ask for, with stable codes that
integrations and programme YAML use.

A data migration created them with a frozen copy of this list; the loader also makes sure
they exist before loading programme files, so a database emptied by hand (or by a test that
flushes tables) never refuses the seed programmes for a missing ``cv``. Existing rows are
never overwritten: staff may have edited their names.
"""

from __future__ import annotations

from admissions.catalogue.models import DocumentType

STANDARD_TYPES = [
    (
        "cv",
        "Curriculum vitae (CV)",
        "Curriculum vitae (CV)",
        "Your academic background and professional experience, internships included.",
        "Votre parcours académique et votre expérience professionnelle, stages compris.",
    ),
    (
        "motivation_letter",
        "Motivation letter",
        "Lettre de motivation",
        "Your professional project and why this programme fits it.",
        "Votre projet professionnel et en quoi ce programme y répond.",
    ),
    (
        "transcripts",
        "Transcripts",
        "Relevés de notes",
        "Official transcripts for every year of your higher education.",
        "Les relevés de notes officiels de chaque année de vos études supérieures.",
    ),
    (
        "diplomas",
        "Diplomas",
        "Diplômes",
        "Copies of the diplomas you hold.",
        "Les copies des diplômes que vous avez obtenus.",
    ),
    (
        "english_certificate",
        "English proficiency certificate",
        "Certificat de niveau d'anglais",
        "The score report of an English test (TOEIC, TOEFL, IELTS or equivalent).",
        "Le relevé de score d'un test d'anglais (TOEIC, TOEFL, IELTS ou équivalent).",
    ),
    (
        "french_certificate",
        "French language test",
        "Test de langue française",
        "The result of a French test or diploma (TCF, TEF, DELF, DALF).",
        "Le résultat d'un test ou d'un diplôme de français (TCF, TEF, DELF, DALF).",
    ),
    (
        "recommendation",
        "Recommendation letter",
        "Lettre de recommandation",
        "A letter from an academic or professional referee.",
        "Une lettre d'un référent académique ou professionnel.",
    ),
    (
        "mooc_certificate",
        "MOOC certificate",
        "Attestation de MOOC",
        "Proof that you completed the MOOC the programme requires: a screenshot of the "
        "validation chart or the attestation of successful completion.",
        "La preuve que vous avez validé le MOOC demandé par le programme : une capture d'écran "
        "du tableau de validation ou l'attestation de réussite.",
    ),
    (
        "eef_attestation",
        "Études en France attestation",
        "Attestation Études en France",
        "The attestation issued by the Études en France procedure, for non-EEA applicants "
        "living in a country the procedure covers.",
        "L'attestation délivrée par la procédure Études en France, pour les candidats hors EEE "
        "résidant dans un pays couvert par la procédure.",
    ),
    (
        "identity_document",
        "Identity document",
        "Pièce d'identité",
        "Your passport or national identity card.",
        "Votre passeport ou votre carte nationale d'identité.",
    ),
]

STANDARD_CODES = frozenset(code for code, *_rest in STANDARD_TYPES)


def ensure_standard_document_types() -> int:
    """Create the standard types that are missing; returns how many were created."""
    existing = set(
        DocumentType.objects.filter(code__in=STANDARD_CODES).values_list("code", flat=True)
    )
    missing = [
        DocumentType(code=code, name_en=name_en, name_fr=name_fr, help_en=help_en, help_fr=help_fr)
        for code, name_en, name_fr, help_en, help_fr in STANDARD_TYPES
        if code not in existing
    ]
    DocumentType.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


# Document types that show who the applicant is rather than what they can do: a blind
# reviewer never sees them (review.blind). ``identity_document`` is the standard one; the
# others are the codes a programme's YAML may declare for a passport, an identity card, a
# residence permit or an identity photo.
IDENTITY_DOCUMENT_TYPES = frozenset(
    {
        "identity_document",
        "passport",
        "id_card",
        "national_id",
        "residence_permit",
        "photo",
        "identity_photo",
    }
)


def is_identity_type(code: str) -> bool:
    return code in IDENTITY_DOCUMENT_TYPES
