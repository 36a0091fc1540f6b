"""The standard document types every programme can ask for, with stable codes.

The data is frozen here on purpose (a migration must not import code that changes later).
Programme YAML files refer to these codes; a programme may declare extra types of its own.
"""

from django.db import migrations

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


def create_standard_types(apps, schema_editor):
    DocumentType = apps.get_model("catalogue", "DocumentType")
    for code, name_en, name_fr, help_en, help_fr in STANDARD_TYPES:
        DocumentType.objects.update_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_fr": name_fr,
                "help_en": help_en,
                "help_fr": help_fr,
                "declared_by": None,
            },
        )


def remove_unused_standard_types(apps, schema_editor):
    DocumentType = apps.get_model("catalogue", "DocumentType")
    codes = [row[0] for row in STANDARD_TYPES]
    DocumentType.objects.filter(code__in=codes, requirements__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_document_type_declared_by_programme"),
    ]

    operations = [
        migrations.RunPython(create_standard_types, remove_unused_standard_types),
    ]
