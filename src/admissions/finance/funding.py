"""The rules that come with each way of funding the tuition, read from the programme's settings.

Shown to the applicant (quotes page, funding step), to staff (quote page) and printed on the
quote, as notices with a severity (``info``, ``warning``, ``late``), their text in English and
French, and the dates they are about:

- ``quote_required_first`` (Post-Master's: "Regardless of how you plan to finance your studies,
  you must first request a quote"): a reminder, whatever the route;
- Pôle Emploi (France Travail): the training request must reach the counsellor at least
  ``pole_emploi_notice_days`` before classes start. The last safe date is
  ``intake.starts_on − N days``: a request on that day is still in time, the next day is late;
  the notice turns into a warning ``pole_emploi_warning_days`` (default 14) before it. Days are
  counted in the programme's time zone;
- transitional CPF (Fongecif): apply no later than round ``transitional_cpf_last_round``,
  judged on the application's round (a submitted application) or the round open today (a
  draft; the next round to open when none is);
- bank loans: the partner banks (``partner_banks``: name, countries, contact), those with
  ``countries`` shown only to nationals or residents of one of them;
- CPF: the link to the applicant's training account (``cpf_url``).

Texts are written here in both languages side by side, like the eligibility messages, so a
stored quote can be rendered in either language later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import dateformat, translation

from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.catalogue.funding_routes import FUNDING_ROUTES
from admissions.catalogue.models import Intake, Programme
from admissions.core import clock

DEFAULT_WARNING_DAYS = 14
DEFAULT_CPF_URL = "https://www.moncompteformation.gouv.fr/"
DEFAULT_QUOTE_VALIDITY_DAYS = 60

INFO, WARNING, LATE = "info", "warning", "late"
SEVERITIES = (INFO, WARNING, LATE)

ROUTE_NAMES: Mapping[str, tuple[str, str]] = {
    "self_funded": ("Personal funds", "Fonds personnels"),
    "employer": ("Employer", "Employeur"),
    "cpf": ("CPF (personal training account)", "CPF (compte personnel de formation)"),
    "transitional_cpf": ("Transitional CPF (Fongecif)", "CPF de transition (Fongecif)"),
    "pole_emploi": ("France Travail (ex-Pôle emploi)", "France Travail (ex-Pôle emploi)"),
    "bank_loan": ("Bank loan", "Prêt bancaire"),
    "scholarship": ("Scholarship", "Bourse"),
}


@dataclass(frozen=True)
class FundingNotice:
    """One rule of one funding route as it applies today."""

    code: str
    route: str
    severity: str
    text_en: str
    text_fr: str
    dates: dict[str, dt.date] = field(default_factory=dict)
    link: str = ""

    def text(self, language: str | None = None) -> str:
        language = language or translation.get_language() or "en"
        return self.text_fr if language.startswith("fr") and self.text_fr else self.text_en

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe, for the API."""
        return {
            "code": self.code,
            "route": self.route,
            "severity": self.severity,
            "text_en": self.text_en,
            "text_fr": self.text_fr,
            "dates": {key: day.isoformat() for key, day in self.dates.items()},
            "link": self.link,
        }


@dataclass(frozen=True)
class PartnerBank:
    name: str
    countries: tuple[str, ...] = ()
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""


# --------------------------------------------------------------------------------------------
# Settings, read defensively (the loader validates them; staff edits may not)
# --------------------------------------------------------------------------------------------


def _settings(programme: Programme) -> Mapping[str, Any]:
    value = programme.settings or {}
    return value if isinstance(value, Mapping) else {}


def _whole(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def offered_routes(programme: Programme) -> list[str]:
    """The routes the programme accepts (``funding_routes``), every known route if it does
    not say; in the order of ``FUNDING_ROUTES``."""
    listed = _settings(programme).get("funding_routes")
    if not isinstance(listed, list):
        return list(FUNDING_ROUTES)
    return [route for route in FUNDING_ROUTES if route in listed]


def quote_required_first(programme: Programme) -> bool:
    return _settings(programme).get("quote_required_first") is True


def notice_days(programme: Programme) -> int | None:
    return _whole(_settings(programme).get("pole_emploi_notice_days"))


def warning_days(programme: Programme) -> int:
    days = _whole(_settings(programme).get("pole_emploi_warning_days"))
    return DEFAULT_WARNING_DAYS if days is None else days


def transitional_cpf_last_round(programme: Programme) -> int | None:
    number = _whole(_settings(programme).get("transitional_cpf_last_round"))
    return number or None


def cpf_url(programme: Programme) -> str:
    url = _settings(programme).get("cpf_url")
    return url if isinstance(url, str) and url.startswith("https://") else DEFAULT_CPF_URL


def quote_validity_days(programme: Programme) -> int:
    days = _whole(_settings(programme).get("quote_validity_days"))
    return days or DEFAULT_QUOTE_VALIDITY_DAYS


def partner_banks(
    programme: Programme, *, countries: Iterable[str] | None = None
) -> list[PartnerBank]:
    """The programme's partner banks; with ``countries`` (the applicant's nationalities and
    residence), a bank limited to some countries is kept only if one of them matches."""
    wanted = {code.upper() for code in countries or () if code}
    banks = []
    for item in _settings(programme).get("partner_banks") or []:
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
            continue
        limited = tuple(
            str(code).upper() for code in item.get("countries") or [] if isinstance(code, str)
        )
        if countries is not None and limited and not wanted & set(limited):
            continue
        contact: Mapping[str, Any] = (
            item["contact"] if isinstance(item.get("contact"), Mapping) else {}
        )
        banks.append(
            PartnerBank(
                name=item["name"],
                countries=limited,
                contact_name=str(contact.get("name") or ""),
                contact_email=str(contact.get("email") or ""),
                contact_phone=str(contact.get("phone") or ""),
            )
        )
    return banks


# --------------------------------------------------------------------------------------------
# The rules, as pure functions of dates and numbers
# --------------------------------------------------------------------------------------------


def _day(day: dt.date, language: str) -> str:
    with translation.override(language):
        return dateformat.format(day, "j F Y")


def pole_emploi_last_safe_on(programme: Programme, intake: Intake) -> dt.date | None:
    """The last day a Pôle Emploi training request is in time, or ``None`` when the
    programme sets no notice."""
    days = notice_days(programme)
    if days is None or intake.starts_on is None:
        return None
    return intake.starts_on - dt.timedelta(days=days)


def pole_emploi_notice(
    *, programme: Programme, intake: Intake, today: dt.date
) -> FundingNotice | None:
    """``today`` is the date in the programme's time zone."""
    last_safe_on = pole_emploi_last_safe_on(programme, intake)
    if last_safe_on is None:
        return None
    days = notice_days(programme)
    starts_on = intake.starts_on
    left = (last_safe_on - today).days
    en = (
        f"France Travail (ex-Pôle emploi): your training request must reach your counsellor at "
        f"least {days} days before classes start on {_day(starts_on, 'en')}, so by "
        f"{_day(last_safe_on, 'en')} at the latest."
    )
    fr = (
        f"France Travail (ex-Pôle emploi) : votre demande de formation doit parvenir à votre "
        f"conseiller au moins {days} jours avant le début des cours, le "
        f"{_day(starts_on, 'fr')}, soit au plus tard le {_day(last_safe_on, 'fr')}."
    )
    if left < 0:
        severity = LATE
        en += (
            " That date has passed: ask your counsellor at once whether the request can still "
            "be accepted, or choose another funding."
        )
        fr += (
            " Cette date est passée : demandez sans attendre à votre conseiller si la demande "
            "peut encore être acceptée, ou choisissez un autre financement."
        )
    elif left == 0:
        severity = WARNING
        en += " That is today: send your request to your counsellor now."
        fr += " C'est aujourd'hui : envoyez votre demande à votre conseiller dès maintenant."
    elif left <= warning_days(programme):
        severity = WARNING
        plural_en = "day is" if left == 1 else "days are"
        plural_fr = "jour" if left == 1 else "jours"
        en += f" Only {left} {plural_en} left: request your quote and send it to your counsellor."
        fr += (
            f" Il ne reste que {left} {plural_fr} : demandez votre devis et transmettez-le à "
            "votre conseiller."
        )
    else:
        severity = INFO
        en += " Request your quote early: your counsellor needs it with the request."
        fr += " Demandez votre devis tôt : votre conseiller en a besoin avec la demande."
    return FundingNotice(
        code="pole_emploi_notice",
        route="pole_emploi",
        severity=severity,
        text_en=en,
        text_fr=fr,
        dates={"starts_on": starts_on, "last_safe_on": last_safe_on},
    )


def transitional_cpf_notice(
    *,
    programme: Programme,
    round_number: int | None,
    round_deadline_on: dt.date | None = None,
    submitted: bool = False,
) -> FundingNotice | None:
    """``round_number``: the application's round, or for a draft the round open today (the
    next one to open when none is); ``None`` when every round of the intake is over."""
    last = transitional_cpf_last_round(programme)
    if last is None:
        return None
    en = f"Transitional CPF (Fongecif): apply no later than round {last}."
    fr = f"CPF de transition (Fongecif) : postulez au plus tard lors de la session {last}."
    dates: dict[str, dt.date] = {}
    if round_number is None or round_number > last:
        severity = LATE
        if round_number is None:
            en += " Every round of this intake is over: this funding is not possible for it."
            fr += (
                " Toutes les sessions de cette rentrée sont passées : ce financement n'est plus "
                "possible pour elle."
            )
        else:
            en += (
                f" Your application is in round {round_number}: too late for this funding. "
                "Contact the Fongecif (Transitions Pro) of your region, or choose another "
                "funding."
            )
            fr += (
                f" Votre candidature relève de la session {round_number} : c'est trop tard pour "
                "ce financement. Contactez le Fongecif (Transitions Pro) de votre région, ou "
                "choisissez un autre financement."
            )
    elif round_number == last and not submitted:
        severity = WARNING
        if round_deadline_on is not None:
            dates["round_deadline_on"] = round_deadline_on
            en += (
                f" Round {last} is the last one for this funding: submit your application by "
                f"its deadline, {_day(round_deadline_on, 'en')}."
            )
            fr += (
                f" La session {last} est la dernière pour ce financement : déposez votre "
                f"candidature avant sa date limite, le {_day(round_deadline_on, 'fr')}."
            )
        else:
            en += f" Round {last} is the last one for this funding: submit your application in it."
            fr += (
                f" La session {last} est la dernière pour ce financement : déposez votre "
                "candidature pendant celle-ci."
            )
    else:
        severity = INFO
        en += f" Your application is in round {round_number}: in time."
        fr += f" Votre candidature relève de la session {round_number} : c'est dans les temps."
    return FundingNotice(
        code="transitional_cpf_round",
        route="transitional_cpf",
        severity=severity,
        text_en=en,
        text_fr=fr,
        dates=dates,
    )


def cpf_notice(*, programme: Programme) -> FundingNotice:
    url = cpf_url(programme)
    return FundingNotice(
        code="cpf_account",
        route="cpf",
        severity=INFO,
        text_en=(
            "CPF (personal training account): check what your account holds on "
            f"{url} and give the amount it will cover in your quote request."
        ),
        text_fr=(
            "CPF (compte personnel de formation) : vérifiez ce que contient votre compte sur "
            f"{url} et indiquez le montant qu'il couvrira dans votre demande de devis."
        ),
        link=url,
    )


def bank_loan_notice(*, banks: list[PartnerBank]) -> FundingNotice | None:
    if not banks:
        return None
    names = ", ".join(bank.name for bank in banks)
    return FundingNotice(
        code="bank_loan_partners",
        route="bank_loan",
        severity=INFO,
        text_en=(
            f"Bank loans: the school's partner banks lend to students of this programme: {names}."
        ),
        text_fr=(
            "Prêts bancaires : les banques partenaires de l'école prêtent aux étudiants de ce "
            f"programme : {names}."
        ),
    )


def quote_first_notice() -> FundingNotice:
    return FundingNotice(
        code="quote_required_first",
        route="",
        severity=INFO,
        text_en=(
            "Regardless of how you plan to finance your studies, you must first request a quote "
            "from the programme's business and administrative services."
        ),
        text_fr=(
            "Quel que soit votre mode de financement, vous devez d'abord demander un devis au "
            "service administratif et commercial du programme."
        ),
    )


# --------------------------------------------------------------------------------------------
# For one application
# --------------------------------------------------------------------------------------------


def applicant_countries(application: Application) -> list[str]:
    from admissions.applicants import selectors as applicant_selectors

    profile = applicant_selectors.profile_of(application.applicant)
    if profile is None:
        return []
    codes = [str(code) for code in profile.nationalities or []]
    if profile.residence_country:
        codes.append(profile.residence_country)
    return codes


def banks_for(application: Application) -> list[PartnerBank]:
    return partner_banks(application.programme, countries=applicant_countries(application))


def _round_for(application: Application, now: dt.datetime) -> tuple[int | None, dt.date | None]:
    """(number, local deadline day) of the application's round, or for a draft the round open
    now or the next to open; (None, None) when every round is over."""
    from admissions.applications import selectors as application_selectors

    tz = application.programme.time_zone
    round_ = application_selectors.round_of(application, now)
    if round_ is None:
        upcoming = [
            r for r in application_selectors.rounds_of(application.intake) if r.opens_at > now
        ]
        round_ = min(upcoming, key=lambda r: r.opens_at) if upcoming else None
    if round_ is None:
        return None, None
    return round_.number, clock.local(round_.deadline_at, tz).date()


def notices_for(
    *,
    application: Application,
    now: dt.datetime,
    routes: Iterable[str] | None = None,
    include_reminder: bool = True,
) -> list[FundingNotice]:
    """The notices of ``routes`` (default: every route the programme offers) for
    ``application`` at ``now``, the reminder to request a quote first included when the
    programme asks for it."""
    programme = application.programme
    wanted = list(dict.fromkeys(routes)) if routes is not None else offered_routes(programme)
    notices: list[FundingNotice] = []
    if include_reminder and quote_required_first(programme):
        notices.append(quote_first_notice())
    today = clock.local(now, programme.time_zone).date()
    for route in wanted:
        notice: FundingNotice | None = None
        if route == "pole_emploi":
            notice = pole_emploi_notice(programme=programme, intake=application.intake, today=today)
        elif route == "transitional_cpf":
            if transitional_cpf_last_round(programme) is not None:
                number, deadline_on = _round_for(application, now)
                notice = transitional_cpf_notice(
                    programme=programme,
                    round_number=number,
                    round_deadline_on=deadline_on,
                    submitted=application.status != Status.DRAFT,
                )
        elif route == "cpf":
            notice = cpf_notice(programme=programme)
        elif route == "bank_loan":
            notice = bank_loan_notice(banks=banks_for(application))
        if notice is not None:
            notices.append(notice)
    return notices


def route_name(route: str, language: str | None = None) -> str:
    en, fr = ROUTE_NAMES.get(route, (route, route))
    language = language or translation.get_language() or "en"
    return fr if language.startswith("fr") else en
