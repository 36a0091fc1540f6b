"""Funding routes carry their deadlines: Pôle Emploi's last safe request date (15 days before
classes, Paris time) and the last round for transitional CPF (Fongecif), shown with a
severity the applicant and staff can act on."""

from __future__ import annotations

import pytest

from admissions.finance import funding
from tests.calendar import paris
from tests.finance.quote_helpers import application_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def post_master_ai(seed_programmes):
    return seed_programmes["post-master-ai"]


@pytest.fixture
def draft(post_master_ai):
    return application_to(post_master_ai)


def pole_emploi(application, now):
    [notice] = funding.notices_for(
        application=application, now=now, routes=["pole_emploi"], include_reminder=False
    )
    return notice


def fongecif(application, now):
    [notice] = funding.notices_for(
        application=application, now=now, routes=["transitional_cpf"], include_reminder=False
    )
    return notice


# --- Pôle Emploi: the last safe request date ---------------------------------------------------


def test_the_last_safe_pole_emploi_date_is_fifteen_days_before_classes(post_master_ai, draft):
    assert draft.intake.starts_on.isoformat() == "2027-10-01"
    assert funding.pole_emploi_last_safe_on(post_master_ai, draft.intake).isoformat() == (
        "2027-09-16"
    )


def test_months_ahead_the_notice_is_information_with_the_last_safe_date(draft):
    notice = pole_emploi(draft, paris(2027, 1, 15, 12))

    assert notice.severity == "info"
    assert notice.dates["last_safe_on"].isoformat() == "2027-09-16"
    assert "at least 15 days before classes start on 1 October 2027" in notice.text_en
    assert "by 16 September 2027 at the latest" in notice.text_en
    assert "au plus tard le 16 septembre 2027" in notice.text_fr


def test_the_day_before_the_last_safe_date_warns_that_one_day_is_left(draft):
    notice = pole_emploi(draft, paris(2027, 9, 15, 18))

    assert notice.severity == "warning"
    assert "Only 1 day is left" in notice.text_en
    assert "Il ne reste que 1 jour" in notice.text_fr


def test_on_the_last_safe_date_itself_the_request_is_still_in_time(draft):
    notice = pole_emploi(draft, paris(2027, 9, 16, 23, 59, 59))

    assert notice.severity == "warning"
    assert "That is today" in notice.text_en
    assert "C'est aujourd'hui" in notice.text_fr


def test_the_day_after_the_last_safe_date_is_late(draft):
    notice = pole_emploi(draft, paris(2027, 9, 17, 0, 0, 1))

    assert notice.severity == "late"
    assert "That date has passed" in notice.text_en
    assert "Cette date est passée" in notice.text_fr


def test_the_day_is_counted_in_paris_not_in_utc(draft):
    # 22:30 UTC on 16 September is 00:30 on 17 September in Paris (UTC+2): already late.
    import datetime as dt

    late_in_paris = dt.datetime(2027, 9, 16, 22, 30, tzinfo=dt.UTC)
    still_today_in_paris = dt.datetime(2027, 9, 16, 21, 30, tzinfo=dt.UTC)

    assert pole_emploi(draft, late_in_paris).severity == "late"
    assert pole_emploi(draft, still_today_in_paris).severity == "warning"


def test_the_warning_starts_fourteen_days_before_the_last_safe_date(draft):
    assert pole_emploi(draft, paris(2027, 9, 1, 12)).severity == "info"
    notice = pole_emploi(draft, paris(2027, 9, 2, 12))
    assert notice.severity == "warning"
    assert "Only 14 days are left" in notice.text_en


def test_the_warning_window_is_the_programmes_setting(post_master_ai, draft):
    post_master_ai.settings = {**post_master_ai.settings, "pole_emploi_warning_days": 3}
    post_master_ai.save()
    draft.refresh_from_db()

    assert pole_emploi(draft, paris(2027, 9, 12, 12)).severity == "info"
    assert pole_emploi(draft, paris(2027, 9, 13, 12)).severity == "warning"


def test_a_programme_without_notice_days_has_no_pole_emploi_deadline(post_master_ai, draft):
    settings = dict(post_master_ai.settings)
    del settings["pole_emploi_notice_days"]
    post_master_ai.settings = settings
    post_master_ai.save()
    draft.refresh_from_db()

    notices = funding.notices_for(
        application=draft,
        now=paris(2027, 9, 20, 12),
        routes=["pole_emploi"],
        include_reminder=False,
    )

    assert notices == []


# --- Transitional CPF (Fongecif): round 2 at the latest ------------------------------------


def test_a_draft_in_round_1_is_in_time_for_fongecif(draft):
    notice = fongecif(draft, paris(2027, 1, 15, 12))

    assert notice.severity == "info"
    assert "apply no later than round 2" in notice.text_en
    assert "round 1: in time" in notice.text_en


def test_a_draft_in_round_2_is_warned_to_submit_by_its_deadline(draft):
    notice = fongecif(draft, paris(2027, 3, 23, 23, 59, 59))

    assert notice.severity == "warning"
    assert notice.dates["round_deadline_on"].isoformat() == "2027-03-23"
    assert "submit your application by its deadline, 23 March 2027" in notice.text_en
    assert "le 23 mars 2027" in notice.text_fr


def test_a_draft_once_round_3_is_open_is_too_late_for_fongecif(draft):
    notice = fongecif(draft, paris(2027, 3, 24, 0, 0, 1))

    assert notice.severity == "late"
    assert "Your application is in round 3: too late for this funding" in notice.text_en
    assert "session 3 : c'est trop tard" in notice.text_fr


def test_a_submitted_application_is_judged_on_its_own_round_not_today(post_master_ai):
    application = application_to(
        post_master_ai,
        submitted=True,
        round=post_master_ai.intakes.get(academic_year=2027).rounds.get(number=2),
    )

    notice = fongecif(application, paris(2027, 6, 1, 12))

    assert notice.severity == "info"
    assert "round 2: in time" in notice.text_en


def test_a_submitted_application_of_round_3_is_late(post_master_ai):
    application = application_to(
        post_master_ai,
        submitted=True,
        round=post_master_ai.intakes.get(academic_year=2027).rounds.get(number=3),
    )

    assert fongecif(application, paris(2027, 4, 1, 12)).severity == "late"


def test_a_draft_before_round_1_opens_is_judged_on_round_1(draft):
    notice = fongecif(draft, paris(2026, 9, 20, 12))

    assert notice.severity == "info"
    assert "round 1" in notice.text_en


def test_a_draft_once_every_round_is_over_is_late(draft):
    notice = fongecif(draft, paris(2027, 9, 20, 12))

    assert notice.severity == "late"
    assert "Every round of this intake is over" in notice.text_en


# --- Other routes ------------------------------------------------------------------------------


def test_the_reminder_to_request_a_quote_first_comes_before_the_routes(draft):
    notices = funding.notices_for(application=draft, now=paris(2027, 1, 15, 12))

    assert notices[0].code == "quote_required_first"
    assert notices[0].text_en.startswith(
        "Regardless of how you plan to finance your studies, you must first request a quote"
    )
    assert {notice.route for notice in notices[1:]} == {
        "cpf",
        "transitional_cpf",
        "pole_emploi",
        "bank_loan",
    }


def test_the_cpf_notice_links_to_the_training_account(draft):
    [notice] = funding.notices_for(
        application=draft, now=paris(2027, 1, 15, 12), routes=["cpf"], include_reminder=False
    )

    assert notice.link == "https://www.moncompteformation.gouv.fr/"
    assert notice.as_dict()["link"] == notice.link


def test_partner_banks_for_morocco_are_shown_to_moroccan_nationals(post_master_ai):
    french = application_to(post_master_ai)
    moroccan_in_france = application_to(post_master_ai, profile__moroccan_in_france=True)

    assert [bank.name for bank in funding.banks_for(french)] == ["BNP Paribas"]
    assert [bank.name for bank in funding.banks_for(moroccan_in_france)] == [
        "BNP Paribas",
        "BMCI",
    ]


def test_partner_banks_without_a_filter_are_all_listed(post_master_ai):
    banks = funding.partner_banks(post_master_ai)

    assert [(bank.name, bank.countries) for bank in banks] == [
        ("BNP Paribas", ()),
        ("BMCI", ("MA",)),
        ("UBCI", ("TN",)),
    ]
    assert banks[0].contact_email == "pm-ai-admin@example.org"


def test_a_notice_reads_in_the_language_asked(draft):
    notice = pole_emploi(draft, paris(2027, 1, 15, 12))

    assert notice.text("fr") == notice.text_fr
    assert notice.text("en") == notice.text_en
    assert notice.as_dict()["dates"] == {"starts_on": "2027-10-01", "last_safe_on": "2027-09-16"}
