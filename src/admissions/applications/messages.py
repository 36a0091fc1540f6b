"""What the status page says about each event, in plain words, in English and French.

The texts are written into each ``TimelineEvent`` when it happens (``message_en``,
``message_fr``): the timeline reads the same after a programme is renamed or a text here is
reworded.
"""

from __future__ import annotations

from admissions.applications.states import Status

S = Status

# to_status -> (English, French); {programme} and {reference} are filled in.
STATUS_MESSAGES: dict[Status, tuple[str, str]] = {
    S.SUBMITTED: (
        "You submitted your application {reference}. The admissions team checks it next.",
        "Vous avez envoyé votre candidature {reference}. L'équipe des admissions la vérifie "
        "maintenant.",
    ),
    S.INCOMPLETE: (
        "The admissions team asked for missing items. Add them, then submit your application "
        "again.",
        "L'équipe des admissions demande des éléments manquants. Ajoutez-les, puis envoyez à "
        "nouveau votre candidature.",
    ),
    S.ELIGIBLE: (
        "Your application meets the eligibility requirements and goes on to the next stage.",
        "Votre candidature remplit les conditions d'éligibilité et passe à l'étape suivante.",
    ),
    S.INELIGIBLE: (
        "Your application does not meet the eligibility requirements of {programme}.",
        "Votre candidature ne remplit pas les conditions d'éligibilité de {programme}.",
    ),
    S.IN_REVIEW: (
        "The admissions committee is reviewing your application.",
        "La commission d'admission examine votre candidature.",
    ),
    S.INTERVIEW: (
        "You are selected for an interview. You will receive its date and details.",
        "Vous êtes retenu(e) pour un entretien. Vous en recevrez la date et les modalités.",
    ),
    S.READY_FOR_PANEL: (
        "Your application will be presented to the admission panel.",
        "Votre candidature sera présentée au jury d'admission.",
    ),
    S.ADMITTED: (
        "You are admitted to {programme}.",
        "Vous êtes admis(e) à {programme}.",
    ),
    S.CONDITIONALLY_ADMITTED: (
        "You are admitted to {programme} on conditions.",
        "Vous êtes admis(e) sous conditions à {programme}.",
    ),
    S.WAITLISTED: (
        "You are on the waiting list of {programme}.",
        "Vous êtes sur liste d'attente pour {programme}.",
    ),
    S.REFUSED: (
        "You are not admitted to {programme}.",
        "Vous n'êtes pas admis(e) à {programme}.",
    ),
    S.DEFERRED: (
        "Your application to {programme} is deferred: a later round's panel will decide it.",
        "Votre candidature à {programme} est reportée : le jury d'une session suivante en "
        "décidera.",
    ),
    S.ACCEPTED: ("You accepted the offer.", "Vous avez accepté la proposition d'admission."),
    S.DECLINED: ("You declined the offer.", "Vous avez décliné la proposition d'admission."),
    S.EXPIRED: (
        "The offer expired without an answer.",
        "La proposition d'admission a expiré sans réponse.",
    ),
    S.REGISTERED: (
        "You are registered in {programme}. Welcome!",
        "Vous êtes inscrit(e) à {programme}. Bienvenue !",
    ),
    S.WITHDRAWN: (
        "The application was withdrawn.",
        "La candidature a été retirée.",
    ),
}

RESUBMITTED = (
    "You sent the missing items: your application is back with the admissions team.",
    "Vous avez envoyé les éléments manquants : votre candidature est de nouveau entre les "
    "mains de l'équipe des admissions.",
)
WITHDRAWN_BY_APPLICANT = (
    "You withdrew your application.",
    "Vous avez retiré votre candidature.",
)
CREATED = (
    "You started your application to {programme}.",
    "Vous avez commencé votre candidature à {programme}.",
)


def status_message(
    *,
    current: Status,
    target: Status,
    programme_en: str,
    programme_fr: str,
    reference: str,
    by_applicant: bool,
) -> tuple[str, str]:
    if target == S.SUBMITTED and current == S.INCOMPLETE:
        english, french = RESUBMITTED
    elif target == S.WITHDRAWN and by_applicant:
        english, french = WITHDRAWN_BY_APPLICANT
    else:
        english, french = STATUS_MESSAGES[target]
    return (
        english.format(programme=programme_en, reference=reference),
        french.format(programme=programme_fr or programme_en, reference=reference),
    )
