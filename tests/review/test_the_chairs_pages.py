"""The chair's pages: the list of committees, the dashboard with calibrated and raw scores
side by side, reminders and advancing from the page, who may open them (404 for anyone
else), and the dashboard in French."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from admissions.applications.states import Status
from admissions.core import clock
from admissions.core.models import AuditEvent
from admissions.core.roles import Role
from admissions.notifications.models import OutboxMessage
from admissions.review.models import MemberRole
from tests.catalogue.factories import EntryLevelFactory
from tests.pages import assert_accessible_outline, assert_csp_clean, text_of
from tests.people import make_user
from tests.review.chair_stories import (
    application_in_review,
    assign,
    committee_of,
    review,
    reviewed_programme,
    seat,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(msc):
    return committee_of(reviewed_programme(msc), name="MSc committee 2027")


@pytest.fixture
def chloe(committee):
    return seat(
        committee, "chloe.chair@example.org", role=MemberRole.CHAIR, first_name="Chloé"
    ).user


@pytest.fixture
def scored(committee):
    """Two reviewers on two applications, and a third one overdue for Rita."""
    ana = seat(committee, "ana@example.org", first_name="Ana", last_name="Lenient")
    rita = seat(committee, "rita@example.org", first_name="Rita", last_name="Late")
    first = application_in_review(committee, applicant__first_name="Zoé")
    second = application_in_review(committee)
    review(ana, first, 5, recommendation="admit")
    review(ana, second, 2, recommendation="refuse")
    review(rita, first, 1, recommendation="waitlist")
    late = application_in_review(committee)
    assign(rita, late, due_at=clock.now() - dt.timedelta(days=2))
    return {"first": first, "second": second, "late": late, "rita": rita}


def dashboard(committee):
    return reverse("staff:review-committee", kwargs={"public_id": committee.public_id})


def test_the_chair_sees_progress_overdue_disagreements_and_the_ranked_list(
    client, committee, chloe, scored
):
    client.force_login(chloe)

    response = client.get(dashboard(committee))

    assert response.status_code == 200
    assert_accessible_outline(response)
    assert_csp_clean(response)
    text = text_of(response)
    assert "Progress per reviewer" in text and "Rita Late" in text
    assert "Overdue reviews" in text and scored["late"].reference in text
    assert "Disagreements" in text  # 5 and 1 on the first application
    assert "Calibrated score" in text and "Raw average" in text
    assert "How the calibrated score is worked out" in text
    assert "Raw scores kept" in text  # nobody has 3 reviews yet
    assert "Admit: 1, Waiting list: 1" in text
    assert AuditEvent.objects.filter(action="review.chair_dashboard_viewed", actor=chloe).exists()


def test_the_chair_sends_a_reminder_from_the_page(client, committee, chloe, scored):
    client.force_login(chloe)

    response = client.post(
        reverse("staff:review-committee-remind", kwargs={"public_id": committee.public_id}),
        {"member": scored["rita"].pk},
        follow=True,
    )

    assert "A reminder is on its way to Rita Late." in text_of(response)
    assert OutboxMessage.objects.filter(
        event="review_overdue", recipient_email="rita@example.org"
    ).exists()


def test_the_chair_refuses_from_the_page_only_with_a_reason(client, committee, chloe, scored):
    client.force_login(chloe)
    url = reverse("staff:review-committee-advance", kwargs={"public_id": committee.public_id})
    reference = scored["second"].reference

    missing = client.post(url, {"reference": reference, f"{reference}-to": "refused"})

    assert missing.status_code == 400
    assert "Say why the application is refused" in text_of(missing)
    done = client.post(
        url,
        {
            "reference": reference,
            f"{reference}-to": "refused",
            f"{reference}-reason": "Below the programme's level.",
        },
    )
    assert done.status_code == 302
    scored["second"].refresh_from_db()
    assert scored["second"].status == Status.REFUSED


def test_an_application_of_another_committee_cannot_be_moved_from_this_page(
    client, msc, committee, chloe
):
    elsewhere = committee_of(msc, name="M2", entry_level=EntryLevelFactory(programme=msc))
    stranger = application_in_review(elsewhere)
    review(seat(elsewhere, "otto@example.org"), stranger, 3)
    client.force_login(chloe)

    response = client.post(
        reverse("staff:review-committee-advance", kwargs={"public_id": committee.public_id}),
        {"reference": stranger.reference, f"{stranger.reference}-to": "ready_for_panel"},
    )

    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.status == Status.IN_REVIEW


def test_the_dashboard_reads_in_french(client, committee, chloe, scored):
    client.force_login(chloe)

    response = client.get(dashboard(committee), HTTP_ACCEPT_LANGUAGE="fr")

    text = text_of(response)
    assert "Avancement par évaluateur" in text
    assert "Score calibré" in text and "Moyenne brute" in text
    assert "Évaluations en retard" in text
    assert "Comment le score calibré est calculé" in text
    assert "3,00" in text  # the first application's 5 and 1, with a French decimal comma


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("the_chair", 200),
        ("programme_head", 200),
        ("chair_of_another_committee", 404),
        ("chair_of_another_programme", 404),
        ("reviewer_on_the_committee", 404),
        ("admissions_officer", 404),
        ("administrator", 404),
        ("applicant", 404),
    ],
)
def test_only_the_chair_or_the_programme_head_opens_the_dashboard(
    client, msc, post_master, committee, chloe, who, expected
):
    people = {
        "the_chair": lambda: chloe,
        "programme_head": lambda: make_user(
            "hugo.head@example.org", [(Role.PROGRAMME_HEAD, msc)], mfa=True
        ),
        "chair_of_another_committee": lambda: (
            seat(
                committee_of(msc, name="M2", entry_level=EntryLevelFactory(programme=msc)),
                "otis.chair@example.org",
                role=MemberRole.CHAIR,
            ).user
        ),
        "chair_of_another_programme": lambda: (
            seat(
                committee_of(reviewed_programme(post_master), name="PM"),
                "pam.chair@example.org",
                role=MemberRole.CHAIR,
            ).user
        ),
        "reviewer_on_the_committee": lambda: seat(committee, "rita@example.org").user,
        "admissions_officer": lambda: make_user(
            "olga@example.org", [(Role.ADMISSIONS_OFFICER, msc)], mfa=True
        ),
        "administrator": lambda: make_user(
            "adele@example.org", [(Role.ADMINISTRATOR, None)], mfa=True
        ),
        "applicant": lambda: make_user("ada@example.org"),
    }
    client.force_login(people[who]())

    assert client.get(dashboard(committee)).status_code == expected


def test_the_list_shows_the_committees_a_person_chairs_or_manages(
    client, msc, post_master, committee, chloe
):
    other = committee_of(reviewed_programme(post_master), name="Post-Master's committee")
    officer = make_user("olga@example.org", [(Role.ADMISSIONS_OFFICER, msc)], mfa=True)

    client.force_login(chloe)
    mine = text_of(client.get(reverse("staff:review-committees")))
    client.force_login(officer)
    managed = client.get(reverse("staff:review-committees"))

    assert "MSc committee 2027" in mine and other.name not in mine
    client.force_login(chloe)
    assert dashboard(committee) in client.get(reverse("staff:review-committees")).content.decode()
    assert "MSc committee 2027" in text_of(managed) and other.name not in text_of(managed)
    # An officer manages the committee but does not chair it: no link to the dashboard.
    assert f'href="{dashboard(committee)}"' not in managed.content.decode()


def test_the_list_is_not_found_for_someone_who_neither_chairs_nor_manages(client, msc):
    client.force_login(make_user("rita@example.org", [(Role.REVIEWER, msc)], mfa=True))

    assert client.get(reverse("staff:review-committees")).status_code == 404


def test_the_staff_home_leads_a_chair_to_the_committees(client, chloe):
    client.force_login(chloe)

    home = client.get(reverse("staff:home")).content.decode()

    assert reverse("staff:review-committees") in home


def test_the_dashboard_costs_the_same_queries_for_a_larger_committee(client, committee, chloe):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    members = [seat(committee, f"r{i}@example.org", first_name=f"R{i}") for i in range(3)]
    client.force_login(chloe)

    def add(count: int) -> None:
        for _ in range(count):
            application = application_in_review(committee)
            for i, member in enumerate(members):
                review(member, application, i + 1)
            assign(
                seat(committee, f"late{application.pk}@example.org"),
                application,
                due_at=clock.now() - dt.timedelta(days=1),
            )

    def queries() -> int:
        client.get(dashboard(committee))  # the session's own bookkeeping settles first
        with CaptureQueriesContext(connection) as captured:
            assert client.get(dashboard(committee)).status_code == 200
        return len([q for q in captured.captured_queries if "django_session" not in q["sql"]])

    add(2)
    small = queries()
    add(5)
    assert queries() == small
