"""The catalogue of our stories: the Post-Master's in AI and the MSc CPS2, with the 2020
rounds their programme pages publish, and a French-taught Pre-Master.

Rows are created directly (the catalogue factories are another engineer's work in progress);
each fixture says what a reader of the public pages would see.
"""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.catalogue.models import (
    Advice,
    AdviceTrigger,
    Designation,
    DocumentRequirement,
    DocumentType,
    EntryLevel,
    Intake,
    Panel,
    Programme,
    ProgrammeKind,
    RequirementTiming,
    ReviewCriterion,
)
from tests.calendar import add_round, deadline, paris


def document_type(code: str, name_en: str, name_fr: str) -> DocumentType:
    return DocumentType.objects.get_or_create(
        code=code, defaults={"name_en": name_en, "name_fr": name_fr}
    )[0]


@pytest.fixture
def post_master_ai(db) -> Programme:
    programme = Programme.objects.create(
        slug="post-master-ai",
        reference_prefix="PMAI",
        kind=ProgrammeKind.POST_MASTER,
        designation=Designation.MASTERE_SPECIALISE,
        name_en="Post-Master's Degree in Artificial Intelligence",
        name_fr="Mastère spécialisé en intelligence artificielle",
        summary_en="A one-year specialisation in AI for engineers and scientists.",
        summary_fr="Une spécialisation d'un an en IA pour ingénieurs et scientifiques.",
        description_en=(
            "Mathematics, Java, Python and Unix are expected.\n\n"
            "A company training period is part of the programme."
        ),
        description_fr="Mathématiques, Java, Python et Unix sont attendus.",
        languages_of_instruction=["en"],
        duration_months=12,
        ects=75,
        tuition_cents=1_850_000,
        application_fee_cents=15_000,
        company_training_required=True,
        pipeline=["eligibility", "interview", "panel"],
        contacts=[
            {
                "role": {"en": "Head of programme", "fr": "Responsable du programme"},
                "name": "Dr Ada Martin",
                "email": "ada.martin@example.org",
            },
            {
                "role_en": "Business and administrative services",
                "role_fr": "Services administratifs",
                "phone": "+33 1 23 45 67 89",
                "url": "javascript:alert(1)",
            },
        ],
    )
    level = EntryLevel.objects.create(
        programme=programme,
        code="pm",
        name_en="Post-Master's entry",
        name_fr="Entrée en mastère spécialisé",
        required_degree_en="Engineering degree or MSc in computer science or applied maths",
        required_degree_fr="Diplôme d'ingénieur ou master en informatique ou maths appliquées",
        min_prior_ects=300,
        # The rules engine's format (docs/programmes.md, "Eligibility rules"), with one
        # criterion labelled the way the brief shows labels ({"en", "fr"}) and one group
        # labelled label_en/label_fr.
        eligibility_rules={
            "all_of": [
                {
                    "code": "degree",
                    "label_en": "Degree",
                    "label_fr": "Diplôme",
                    "any_of": [
                        {
                            "code": "engineering-cs",
                            "type": "degree",
                            "levels": ["engineering"],
                            "fields": ["computer_science", "telecommunications"],
                            "label": {
                                "en": "An engineering degree in computer science or telecoms",
                                "fr": "Un diplôme d'ingénieur en informatique ou télécoms",
                            },
                        },
                        {
                            "code": "msc",
                            "type": "degree",
                            "levels": ["master"],
                            "fields": ["computer_science", "applied_mathematics"],
                        },
                    ],
                },
                {
                    "code": "english",
                    "type": "language",
                    "language": "en",
                    "min_level": "B2",
                    "min_scores": {"TOEIC_LR": 700, "TOEFL_PBT": 550},
                    "exempt_if_native": True,
                },
                {
                    "code": "mooc",
                    "type": "certification",
                    "certification": "mooc-big-data",
                    "kind": "mooc",
                    "name": "The Basics of Big Data",
                    "may_be_pending": True,
                },
                {
                    "code": "experience",
                    "type": "experience",
                    "min_months": 36,
                    "label_en": "",
                    "label_fr": "",
                },
            ]
        },
    )
    cv = document_type("cv", "Curriculum vitae", "Curriculum vitae")
    mooc = document_type("mooc_results", "MOOC results", "Résultats du MOOC")
    DocumentRequirement.objects.create(
        programme=programme, document_type=cv, position=1, accepted_formats=["pdf"], max_size_mb=5
    )
    DocumentRequirement.objects.create(
        programme=programme,
        entry_level=level,
        document_type=mooc,
        position=2,
        timing=RequirementTiming.AFTER_SUBMISSION,
        max_files=3,
        accepted_formats=["pdf", "png", "jpg"],
        note_en="A screenshot of the validation chart or the certificate of completion.",
        note_fr="Une capture du tableau de validation ou l'attestation de réussite.",
    )
    Advice.objects.create(
        programme=programme,
        code="international",
        position=1,
        trigger=AdviceTrigger.INTERNATIONAL_AFTER_ROUND,
        max_round=2,
        text_en="International applicants: apply in rounds 1 or 2 to leave time for a visa.",
        text_fr=(
            "Candidats internationaux : postulez aux sessions 1 ou 2 "
            "pour avoir le temps d'obtenir un visa."
        ),
    )
    intake = Intake.objects.create(
        programme=programme, academic_year=2020, starts_on=dt.date(2020, 10, 1), places=30
    )
    rounds = [
        add_round(intake, 1, paris(2019, 11, 1), deadline(2020, 2, 3), paris(2020, 3, 3, 12)),
        add_round(intake, 2, paris(2020, 2, 4), deadline(2020, 3, 23), paris(2020, 4, 28, 12)),
        add_round(intake, 3, paris(2020, 3, 24), deadline(2020, 5, 25), paris(2020, 6, 30, 12)),
        add_round(intake, 4, paris(2020, 5, 26), deadline(2020, 8, 24), paris(2020, 9, 2, 12)),
        add_round(intake, 5, paris(2020, 8, 25), deadline(2020, 9, 17), paris(2020, 9, 24, 12)),
    ]
    for number, (day, decided) in enumerate(
        [
            (dt.date(2020, 2, 20), [0]),
            (dt.date(2020, 4, 20), [1]),
            (dt.date(2020, 6, 20), [2]),
            (dt.date(2020, 9, 20), [3, 4]),
        ],
        start=1,
    ):
        panel = Panel.objects.create(intake=intake, number=number, sits_on=day)
        panel.rounds.set([rounds[i] for i in decided])
    following = Intake.objects.create(
        programme=programme, academic_year=2021, starts_on=dt.date(2021, 10, 1)
    )
    add_round(following, 1, paris(2020, 11, 2), deadline(2021, 2, 1), paris(2021, 3, 1, 12))
    return programme


@pytest.fixture
def msc_cps2(db) -> Programme:
    programme = Programme.objects.create(
        slug="msc-cps2",
        reference_prefix="CPS2",
        kind=ProgrammeKind.MSC_ENGINEERING,
        name_en="MSc in Engineering CPS2: AI and IoT",
        name_fr="MSc in Engineering CPS2 : IA et IoT",
        languages_of_instruction=["en"],
        duration_months=24,
        ects=120,
        tuition_cents=0,
        application_fee_cents=0,
    )
    ReviewCriterion.objects.create(
        programme=programme,
        code="academic",
        position=1,
        label_en="Academic level and fit",
        label_fr="Niveau académique et adéquation du parcours",
        description_en="Your grades and how your studies prepare you for the programme.",
    )
    m1 = EntryLevel.objects.create(
        programme=programme,
        code="m1",
        position=1,
        name_en="First year (M1)",
        name_fr="Première année (M1)",
        required_degree_en="Bachelor's degree (180 ECTS) in computer science",
        min_prior_ects=180,
    )
    m2 = EntryLevel.objects.create(
        programme=programme,
        code="m2",
        position=2,
        name_en="Second year (M2)",
        name_fr="Deuxième année (M2)",
        required_degree_en="M1 (240 ECTS) in computer science",
        min_prior_ects=240,
    )
    assert m1.pk
    cv = document_type("cv", "Curriculum vitae", "Curriculum vitae")
    transcripts = document_type("m1_transcripts", "M1 transcripts", "Relevés de notes du M1")
    letters = document_type("recommendation", "Recommendation letter", "Lettre de recommandation")
    DocumentRequirement.objects.create(
        programme=programme, document_type=cv, position=1, accepted_formats=["pdf"]
    )
    DocumentRequirement.objects.create(
        programme=programme,
        document_type=letters,
        position=3,
        required=False,
        max_files=2,
        accepted_formats=["pdf"],
    )
    DocumentRequirement.objects.create(
        programme=programme,
        entry_level=m2,
        document_type=transcripts,
        position=2,
        accepted_formats=["pdf"],
    )
    intake = Intake.objects.create(
        programme=programme, academic_year=2020, starts_on=dt.date(2020, 9, 1)
    )
    add_round(intake, 1, paris(2020, 1, 6), deadline(2020, 2, 28), paris(2020, 3, 31, 12))
    add_round(intake, 2, paris(2020, 3, 2), deadline(2020, 4, 30), paris(2020, 6, 2, 12))
    return programme


@pytest.fixture
def pre_master_fr(db) -> Programme:
    """Taught in French, with no round planned."""
    return Programme.objects.create(
        slug="pre-master",
        reference_prefix="PREM",
        kind=ProgrammeKind.PRE_MASTER,
        name_en="Pre-Master in Digital Engineering",
        name_fr="Pré-master en ingénierie numérique",
        languages_of_instruction=["fr"],
        duration_months=9,
        ects=60,
        tuition_cents=900_000,
    )


@pytest.fixture
def unpublished(db) -> Programme:
    return Programme.objects.create(
        slug="secret-programme",
        reference_prefix="SECR",
        kind=ProgrammeKind.POST_MASTER,
        name_en="Secret Programme",
        languages_of_instruction=["en"],
        duration_months=12,
        ects=75,
        is_published=False,
    )


@pytest.fixture
def catalogue(post_master_ai, msc_cps2, pre_master_fr, unpublished) -> dict[str, Programme]:
    return {p.slug: p for p in (post_master_ai, msc_cps2, pre_master_fr, unpublished)}
