"""The permission matrix: who gets what answer from every URL pattern of the project.

It is the table of ``docs/security.md`` ("Permission matrix") written as data, keyed by URL
pattern as Django's resolver prints it (``staff/applications/<str:reference>/``), never by
route name, so renaming a route keeps its row. ``tests/test_permission_matrix.py`` walks
every pattern of the resolver with every caller below and compares each answer with its
row; a pattern without a row fails that test, which asks for one.

The callers:

- ``anonymous``: nobody signed in; ``referee``: nobody signed in, holding a referee's link;
- ``owner``: the applicant whose application, document, fee or message the URL names;
  ``other_applicant``: a signed-in applicant whose it is not;
- each staff role of the Post-Master's in AI, the programme of the owner's application
  (``reviewer``, ``interviewer``, ``programme_head``, ``admissions_officer``,
  ``finance_officer``, ``panel_member``), the same role held on the MSc only
  (``…_elsewhere``: out of scope), and the ``administrator`` of every programme;
- ``staff_without_two_factor``: the Post-Master's admissions officer (and administrator of
  the Django admin), signed in with a password whose session has not passed two-factor.

The answers, by kind: ``OK`` (2xx), ``LOGIN`` (a redirect to the sign-in page), ``TWO_FACTOR``
(a redirect to the two-factor step, or to setting one up), ``REAUTHENTICATE`` (a redirect
to type the password again before changing sign-in settings), ``MFA_REQUIRED`` (the API's
403 ``"code": "mfa_required"``), ``UNAUTHORIZED`` (the API's 401 for no session), ``NOT_FOUND``
(404: a missing permission looks like a missing object), ``NOT_ALLOWED`` (405: the method is
not the route's), ``REDIRECT`` (a 3xx somewhere else: the action ran, or the page sends the
person on), ``DONE`` (a POST the view handled: a 2xx, a redirect elsewhere or its own
refusal of the input, 400/409/422).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# --- Answers -----------------------------------------------------------------------------------

OK = "200"
LOGIN = "→ sign-in"
TWO_FACTOR = "→ two-factor"
REAUTHENTICATE = "→ password again"
MFA_REQUIRED = "403 mfa_required"
UNAUTHORIZED = "401"
NOT_FOUND = "404"
NOT_ALLOWED = "405"
REDIRECT = "302"
DONE = "handled"

# --- Callers -----------------------------------------------------------------------------------

STAFF_ROLES = (
    "reviewer",
    "interviewer",
    "programme_head",
    "admissions_officer",
    "finance_officer",
    "panel_member",
)
IN_SCOPE = (*STAFF_ROLES, "administrator")
OUT_OF_SCOPE = tuple(f"{role}_elsewhere" for role in STAFF_ROLES)
APPLICANTS = ("owner", "other_applicant")
NOBODY = ("anonymous", "referee")
CALLERS = (*NOBODY, *APPLICANTS, *IN_SCOPE, *OUT_OF_SCOPE, "staff_without_two_factor")

# Role sets as the docs name them.
EVERY_STAFF_ROLE = frozenset(IN_SCOPE)
# Staff who read every file of their programme. Reviewers and interviewers do not: a reviewer
# reads only the applications assigned to them (the world's reviewer is assigned the
# owner's application), through the review pages, its documents and its merged PDF.
READERS = frozenset(
    {
        "programme_head",
        "admissions_officer",
        "finance_officer",
        "panel_member",
        "administrator",
    }
)
ASSIGNED_READERS = READERS | {"reviewer"}
# Who has a list of applications to review: a reviewing role (or a committee seat).
REVIEWING = frozenset({"reviewer", "programme_head"})
ASSIGNED_REVIEWER = frozenset({"reviewer"})
CHECKERS = frozenset({"admissions_officer", "programme_head", "administrator"})
FINANCE = frozenset({"finance_officer"})
FINANCE_FIGURES = frozenset(
    {"finance_officer", "admissions_officer", "programme_head", "administrator"}
)
ADMINISTRATORS = frozenset({"administrator"})
# Who assigns a committee's reviewers (a committee chair too, on the committee they chair).
ASSIGNERS = frozenset({"programme_head", "admissions_officer"})
# The member an assignment belongs to (the world seats the programme's reviewer).
ASSIGNED_REVIEWER = frozenset({"reviewer"})
# Committees: the chair's dashboard needs ``committee.chair`` (of the callers, the programme
# head; a committee's chair holds it too, with the chair's seat); the list of committees
# shows those a person chairs or manages.
CHAIRS = frozenset({"programme_head"})
COMMITTEE_KEEPERS = frozenset({"programme_head", "admissions_officer", "administrator"})
# Who sets up a programme's review committees (permission ``committee.manage``).
COMMITTEE_MANAGERS = frozenset({"programme_head", "admissions_officer", "administrator"})
INTERVIEW_MANAGERS = frozenset({"programme_head", "admissions_officer"})
INTERVIEW_SELECTORS = frozenset({"programme_head"})
INTERVIEW_RECORDERS = frozenset({"interviewer", "programme_head"})


@dataclass(frozen=True)
class Row:
    """One line of the matrix: a URL pattern, the method tried, what to put in the pattern
    (from the world the test builds: ``w.application``, ``w.document``…), and the answer
    each caller gets."""

    pattern: str
    method: str
    answers: dict[str, str]
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda w: {})
    # Who "owner" is for this row (an attribute of the world holding a user).
    owner: str = "applicant"
    # A kwarg that is itself the credential (a referee's token): only ``referee`` gets the
    # real one, everyone else a made-up value.
    secret: str = ""
    note: str = ""


def everyone(answer: str, **overrides: str) -> dict[str, str]:
    return {caller: overrides.get(caller, answer) for caller in CALLERS}


def public_page(answer: str = OK, **overrides: str) -> dict[str, str]:
    """Anyone, staff without two-factor included (their staff roles are suspended)."""
    return everyone(answer, **overrides)


def public_api(answer: str = OK, **overrides: str) -> dict[str, str]:
    """Anyone; the API answers a staff session without two-factor 403 mfa_required."""
    return everyone(answer, **{"staff_without_two_factor": MFA_REQUIRED, **overrides})


def applicant_page(answer: str = OK, *, anonymous: str = LOGIN) -> dict[str, str]:
    """The owner only; anyone else signed in gets 404, whatever their staff roles."""
    return everyone(NOT_FOUND, anonymous=anonymous, referee=anonymous, owner=answer)


def own_account_page(answer: str = OK, **overrides: str) -> dict[str, str]:
    """A page about the signed-in person themselves: every signed-in person, nobody else."""
    return everyone(answer, **{"anonymous": LOGIN, "referee": LOGIN, **overrides})


def signed_out_page() -> dict[str, str]:
    """Signing in or up: people signed in are sent on."""
    return everyone(REDIRECT, anonymous=OK, referee=OK)


def api_wrong_method() -> dict[str, str]:
    """A route of the API asked with a method it does not take: 405 to everyone (the method
    is checked before the session), except staff without two-factor, stopped first."""
    return everyone(NOT_ALLOWED, staff_without_two_factor=MFA_REQUIRED)


def applicant_api(answer: str = OK) -> dict[str, str]:
    """The owner only; 401 without a session, 404 for anyone else signed in, and 403
    mfa_required for staff without two-factor (before anything else is looked at)."""
    return everyone(
        NOT_FOUND,
        anonymous=UNAUTHORIZED,
        referee=UNAUTHORIZED,
        owner=answer,
        staff_without_two_factor=MFA_REQUIRED,
    )


def own_account_api(answer: str = OK) -> dict[str, str]:
    return everyone(
        answer,
        anonymous=UNAUTHORIZED,
        referee=UNAUTHORIZED,
        staff_without_two_factor=MFA_REQUIRED,
    )


def staff_page(
    roles: frozenset[str], answer: str = OK, *, scoped: bool = True, others: str = NOT_FOUND
) -> dict[str, str]:
    """A staff page: ``roles`` in scope get ``answer``; with ``scoped`` the same roles on
    another programme get 404 (the object is outside their scope), without it they get the
    page too (a list shows only what their scope holds). Staff without two-factor are sent
    to the two-factor step, anonymous people to sign in, anyone else gets ``others``."""
    answers = everyone(others, anonymous=LOGIN, referee=LOGIN, staff_without_two_factor=TWO_FACTOR)
    for role in roles:
        answers[role] = answer
        if role != "administrator":
            answers[f"{role}_elsewhere"] = NOT_FOUND if scoped else answer
    return answers


def staff_action(roles: frozenset[str], *, scoped: bool = True) -> dict[str, str]:
    """A POST-only staff action tried with POST: ``roles`` in scope have it handled."""
    return staff_page(roles, DONE, scoped=scoped)


def post_only(*, signed_in: str = NOT_ALLOWED) -> dict[str, str]:
    """A POST-only page tried with GET: 405 to anyone signed in (the method is checked
    after sign-in, before any permission or object), anonymous people sent to sign in."""
    return everyone(signed_in, anonymous=LOGIN, referee=LOGIN, staff_without_two_factor=signed_in)


def post_only_staff() -> dict[str, str]:
    """A POST-only staff page tried with GET: staff without two-factor are stopped first."""
    return everyone(
        NOT_ALLOWED, anonymous=LOGIN, referee=LOGIN, staff_without_two_factor=TWO_FACTOR
    )


# --- Objects the rows name ------------------------------------------------------------------


def ref(w: Any) -> dict[str, Any]:
    return {"reference": w.application.reference}


def doc(w: Any) -> dict[str, Any]:
    return {"reference": w.application.reference, "public_id": w.document.public_id}


def committee_ref(w: Any) -> dict[str, Any]:
    return {"public_id": w.committee.public_id}


def assignment_ref(w: Any) -> dict[str, Any]:
    return {"public_id": w.assignment.public_id}


def intake_of(w: Any) -> dict[str, Any]:
    return {"programme": "post-master-ai", "year": w.application.intake.academic_year}


def interview_of(w: Any) -> dict[str, Any]:
    return {"public_id": w.interview.public_id}


def fee_ref(w: Any) -> dict[str, Any]:
    return {"reference": w.waiver.fee.application.reference}


# --- The matrix --------------------------------------------------------------------------------

ADMIN_FAMILY = "admin/"  # every pattern under /admin/ (the Django admin): one row family

ROWS: list[Row] = [
    # --- Health checks, language, the public catalogue ---------------------------------------
    Row("healthz", "GET", public_page()),
    Row("readyz", "GET", public_page()),
    Row("i18n/setlang/", "POST", public_page(REDIRECT), note="sets the language, then back"),
    Row("", "GET", public_page()),
    Row("programmes/", "GET", public_page()),
    Row("programmes/<slug:slug>/", "GET", public_page(), lambda w: {"slug": "post-master-ai"}),
    Row("eligibility/", "GET", public_page()),
    Row("accessibility/", "GET", public_page()),
    Row("privacy/", "GET", public_page()),
    Row("privacy/erasure-requested/", "GET", public_page()),
    Row(".well-known/security.txt", "GET", public_page()),
    Row("me/privacy/", "GET", own_account_page()),
    Row("me/privacy/export/", "GET", own_account_page(NOT_ALLOWED)),
    Row("me/privacy/erase/", "GET", own_account_page()),
    Row("after-login/", "GET", public_page(REDIRECT), note="to the dashboard or the staff home"),
    # --- Accounts (allauth and our two-factor pages) -----------------------------------------
    Row("accounts/login/", "GET", signed_out_page()),
    Row("accounts/logout/", "GET", own_account_page(anonymous=REDIRECT, referee=REDIRECT)),
    Row("accounts/inactive/", "GET", public_page()),
    Row("accounts/signup/", "GET", signed_out_page()),
    Row("accounts/reauthenticate/", "GET", own_account_page()),
    Row("accounts/email/", "GET", own_account_page()),
    Row("accounts/confirm-email/", "GET", public_page()),
    Row("accounts/password/change/", "GET", own_account_page()),
    Row("accounts/password/set/", "GET", own_account_page(REDIRECT)),
    Row("accounts/password/reset/", "GET", public_page()),
    Row("accounts/login/code/confirm/", "GET", own_account_page(REDIRECT)),
    Row(
        "accounts/^confirm-email/(?P<key>[-:\\w]+)/$",
        "GET",
        public_page(),
        lambda w: {"key": "not-a-key"},
        note="an unknown key shows the page saying the link is invalid",
    ),
    Row("accounts/password/reset/key/done/", "GET", public_page()),
    Row(
        "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        "GET",
        public_page(),
        lambda w: {"uidb36": "zz", "key": "not-a-key"},
        note="an unknown key shows the page saying the link is invalid",
    ),
    Row("accounts/password/reset/done/", "GET", public_page()),
    Row("accounts/2fa/", "GET", own_account_page()),
    Row("accounts/2fa/authenticate/", "GET", own_account_page(REDIRECT)),
    Row(
        "accounts/2fa/reauthenticate/",
        "GET",
        own_account_page(owner=REAUTHENTICATE, other_applicant=REAUTHENTICATE),
        note="people without an authenticator confirm their password instead",
    ),
    Row(
        "accounts/2fa/totp/activate/",
        "GET",
        own_account_page(REAUTHENTICATE),
        note="asks for the password again first",
    ),
    Row(
        "accounts/2fa/totp/deactivate/",
        "GET",
        own_account_page(REAUTHENTICATE, owner=NOT_FOUND, other_applicant=NOT_FOUND),
        note="404 without an authenticator; the password again first",
    ),
    Row(
        "accounts/2fa/recovery-codes/",
        "GET",
        own_account_page(NOT_FOUND),
        note="404 until generated",
    ),
    Row("accounts/2fa/recovery-codes/generate/", "GET", own_account_page(REAUTHENTICATE)),
    Row(
        "accounts/2fa/recovery-codes/download/",
        "GET",
        own_account_page(NOT_FOUND),
        note="404 until generated",
    ),
    # --- The applicant's own pages -------------------------------------------------------------
    Row("me/", "GET", own_account_page()),
    Row("me/profile/", "GET", own_account_page()),
    Row("me/profile/<str:section>/", "GET", own_account_page(), lambda w: {"section": "identity"}),
    Row("me/profile/<str:kind>/add/", "GET", own_account_page(), lambda w: {"kind": "education"}),
    Row(
        "me/profile/<str:kind>/<int:pk>/edit/",
        "GET",
        applicant_page(),
        lambda w: {"kind": "education", "pk": w.education.pk},
    ),
    Row(
        "me/profile/<str:kind>/<int:pk>/remove/",
        "GET",
        applicant_page(),
        lambda w: {"kind": "education", "pk": w.education.pk},
        note="asks to confirm",
    ),
    Row(
        "programmes/<slug:slug>/apply/",
        "GET",
        own_account_page(),
        lambda w: {"slug": "msc-cps2-ai-iot"},
    ),
    Row("inbox/", "GET", own_account_page()),
    Row(
        "inbox/<uuid:public_id>/",
        "GET",
        applicant_page(),
        lambda w: {"public_id": w.message.public_id},
    ),
    Row(
        "inbox/<uuid:public_id>/attachments/<int:index>/",
        "GET",
        applicant_page(),
        lambda w: {"public_id": w.message_with_attachment.public_id, "index": 0},
        owner="attachment_recipient",
    ),
    # --- One application, for its applicant ---------------------------------------------------
    Row("applications/<str:reference>/", "GET", applicant_page(), ref),
    # The applicant's interview: free times, book or move, cancel, the calendar file.
    Row("applications/<str:reference>/interview/", "GET", applicant_page(), ref),
    Row(
        "applications/<str:reference>/interview/book/<uuid:slot>/",
        "GET",
        applicant_page(),
        lambda w: {"reference": w.application.reference, "slot": w.free_slot.public_id},
        note="asks to confirm",
    ),
    Row(
        "applications/<str:reference>/interview/book/<uuid:slot>/",
        "POST",
        applicant_page(DONE),
        lambda w: {"reference": w.application.reference, "slot": w.free_slot.public_id},
    ),
    Row(
        "applications/<str:reference>/interview/cancel/",
        "GET",
        applicant_page(),
        ref,
        note="asks to confirm",
    ),
    Row("applications/<str:reference>/interview/cancel/", "POST", applicant_page(DONE), ref),
    Row("applications/<str:reference>/interview/interview.ics", "GET", applicant_page(), ref),
    Row(
        "applications/<str:reference>/step/<str:step>/",
        "GET",
        applicant_page(),
        lambda w: {**ref(w), "step": "programme"},
    ),
    Row("applications/<str:reference>/submit/", "GET", post_only(), ref),
    Row("applications/<str:reference>/submitted/", "GET", applicant_page(), ref),
    Row("applications/<str:reference>/receipt.pdf", "GET", applicant_page(), ref),
    Row("applications/<str:reference>/withdraw/", "GET", applicant_page(), ref),
    # No open offer in the world: the owner is sent back to the application page.
    Row("applications/<str:reference>/offer/accept/", "GET", applicant_page(REDIRECT), ref),
    Row("applications/<str:reference>/offer/decline/", "GET", applicant_page(REDIRECT), ref),
    Row("applications/<str:reference>/documents/", "GET", applicant_page(), ref),
    Row("applications/<str:reference>/documents/upload/", "GET", post_only(), ref),
    Row("applications/<str:reference>/documents/reuse/", "GET", post_only(), ref),
    Row("applications/<str:reference>/documents/<uuid:public_id>/", "GET", applicant_page(), doc),
    Row("applications/<str:reference>/documents/<uuid:public_id>/remove/", "GET", post_only(), doc),
    Row("applications/<str:reference>/referees/", "GET", applicant_page(), ref),
    Row(
        "applications/<str:reference>/referees/<uuid:public_id>/remind/",
        "GET",
        post_only(),
        lambda w: {**ref(w), "public_id": w.referee.public_id},
    ),
    Row(
        "applications/<str:reference>/referees/<uuid:public_id>/replace/",
        "GET",
        post_only(),
        lambda w: {**ref(w), "public_id": w.referee.public_id},
    ),
    Row(
        "references/<str:token>/",
        "GET",
        everyone(NOT_FOUND, referee=OK),
        lambda w: {"token": w.referee_token},
        secret="token",
        note="the referee's link; anyone else (a made-up token) gets 404",
    ),
    Row(
        "references/<str:token>/decline/",
        "GET",
        everyone(NOT_FOUND, referee=OK),
        lambda w: {"token": w.referee_token},
        secret="token",
        note="declining, from the referee's link; anyone else (a made-up token) gets 404",
    ),
    Row("applications/<str:reference>/fee/", "GET", applicant_page(), ref),
    Row("applications/<str:reference>/fee/reduction/", "GET", post_only(), ref),
    Row("applications/<str:reference>/fee/card/", "GET", post_only(), ref),
    Row(
        "applications/<str:reference>/fee/return/<str:payment>/",
        "GET",
        applicant_page(),
        lambda w: {**ref(w), "payment": w.payment.public_id},
    ),
    Row(
        "applications/<str:reference>/receipts/<str:number>.pdf",
        "GET",
        applicant_page(),
        lambda w: {**ref(w), "number": w.receipt.number},
    ),
    Row(
        "applications/<str:reference>/fee/waiver/",
        "GET",
        applicant_page(),
        fee_ref,
        owner="waiver_applicant",
    ),
    Row(
        "applications/<str:reference>/fee/waiver/withdraw/",
        "GET",
        post_only(),
        fee_ref,
        owner="waiver_applicant",
    ),
    Row("applications/<str:reference>/quotes/", "GET", applicant_page(), ref),
    Row(
        "applications/<str:reference>/quotes/<uuid:public_id>.pdf",
        "GET",
        applicant_page(),
        lambda w: {**ref(w), "public_id": w.quote.public_id},
    ),
    Row(
        "applications/<str:reference>/quotes/<str:key>/",
        "GET",
        applicant_page(),
        lambda w: {**ref(w), "key": w.quote.number},
    ),
    # --- Someone else's object under the owner's own reference ---------------------------------
    Row(
        "applications/<str:reference>/documents/<uuid:public_id>/",
        "GET",
        applicant_page(NOT_FOUND),
        lambda w: {**ref(w), "public_id": w.foreign_document.public_id},
        note="another application's document under the owner's reference",
    ),
    Row(
        "applications/<str:reference>/receipts/<str:number>.pdf",
        "GET",
        applicant_page(NOT_FOUND),
        lambda w: {**ref(w), "number": w.foreign_receipt.number},
        note="another application's receipt under the owner's reference",
    ),
    Row(
        "applications/<str:reference>/quotes/<uuid:public_id>.pdf",
        "GET",
        applicant_page(NOT_FOUND),
        lambda w: {**ref(w), "public_id": w.foreign_quote.public_id},
        note="another application's quote under the owner's reference",
    ),
    # --- Payments: the provider's webhook and the simulator's checkout -------------------------
    Row(
        "payments/webhooks/<str:provider>/",
        "GET",
        everyone(NOT_ALLOWED),
        lambda w: {"provider": "simulator"},
        note="POST only, signed by the provider (tests/finance cover the signature)",
    ),
    Row(
        "payments/simulator/<str:session>/",
        "GET",
        everyone(NOT_FOUND),
        lambda w: {"session": "not-a-session"},
        note="the session id is the secret; an unknown one answers 404",
    ),
    # --- Staff: home, application file, documents ----------------------------------------------
    Row("staff/", "GET", staff_page(EVERY_STAFF_ROLE, scoped=False)),
    # The application list shows each person the applications of their own programmes: it
    # opens for every reader, and its export for those who may export (``reports.export``).
    Row("staff/applications/", "GET", staff_page(READERS, scoped=False)),
    Row("staff/applications/export.csv", "GET", staff_page(FINANCE_FIGURES, scoped=False)),
    Row("staff/applications/filters/", "GET", post_only_staff()),
    Row("staff/applications/filters/", "POST", staff_action(READERS, scoped=False)),
    Row("staff/applications/filters/delete/", "GET", post_only_staff()),
    Row(
        "staff/applications/filters/delete/",
        "POST",
        staff_page(READERS, NOT_FOUND, scoped=False),
        note="removes one of the person's own saved filters; none named answers 404",
    ),
    Row("staff/applications/<str:reference>/", "GET", staff_page(READERS), ref),
    Row("staff/documents/waiting/", "GET", staff_page(READERS, scoped=False)),
    Row("staff/documents/<str:reference>/", "GET", staff_page(READERS), ref),
    Row("staff/documents/<str:reference>/merged/", "GET", post_only_staff(), ref),
    Row("staff/documents/<str:reference>/merged/", "POST", staff_action(ASSIGNED_READERS), ref),
    Row(
        "staff/documents/<str:reference>/merged/<uuid:public_id>/",
        "GET",
        staff_page(ASSIGNED_READERS),
        lambda w: {**ref(w), "public_id": w.merged.public_id},
    ),
    Row(
        "staff/documents/<str:reference>/<uuid:public_id>/",
        "GET",
        staff_page(ASSIGNED_READERS),
        doc,
    ),
    Row(
        "staff/documents/<str:reference>/<uuid:public_id>/",
        "GET",
        staff_page(frozenset(), NOT_FOUND),
        lambda w: {**ref(w), "public_id": w.foreign_document.public_id},
        note="an MSc document under a Post-Master's reference: 404 to everyone",
    ),
    Row("staff/documents/<str:reference>/<uuid:public_id>/review/", "GET", post_only_staff(), doc),
    Row(
        "staff/documents/<str:reference>/<uuid:public_id>/review/",
        "POST",
        staff_action(CHECKERS),
        doc,
    ),
    # --- Staff: committee review ----------------------------------------------------------------
    Row("staff/review/", "GET", staff_page(REVIEWING, scoped=False)),
    Row("staff/review/<uuid:public_id>/", "GET", staff_page(ASSIGNED_REVIEWER), assignment_ref),
    Row(
        "staff/review/<uuid:public_id>/",
        "POST",
        staff_action(ASSIGNED_REVIEWER),
        assignment_ref,
        note="saves the assigned reviewer's draft",
    ),
    # --- Staff: eligibility -------------------------------------------------------------------
    Row("staff/eligibility/applications/<str:reference>/", "GET", staff_page(CHECKERS), ref),
    Row("staff/eligibility/applications/<str:reference>/override/", "GET", post_only_staff(), ref),
    Row(
        "staff/eligibility/applications/<str:reference>/override/",
        "POST",
        staff_action(CHECKERS),
        ref,
    ),
    Row("staff/eligibility/applications/<str:reference>/decide/", "GET", post_only_staff(), ref),
    Row(
        "staff/eligibility/applications/<str:reference>/decide/",
        "POST",
        staff_action(CHECKERS),
        ref,
    ),
    Row(
        "staff/eligibility/intakes/<slug:programme>/<int:year>/rerun/",
        "GET",
        staff_page(CHECKERS),
        lambda w: {"programme": "post-master-ai", "year": w.application.intake.academic_year},
    ),
    # --- Staff: reviewer assignment --------------------------------------------------------
    Row(
        "staff/review/committees/<uuid:public_id>/assignment/",
        "GET",
        staff_page(ASSIGNERS),
        committee_ref,
    ),
    Row(
        "staff/review/committees/<uuid:public_id>/assignment/draft/",
        "GET",
        post_only_staff(),
        committee_ref,
    ),
    Row(
        "staff/review/committees/<uuid:public_id>/assignment/draft/",
        "POST",
        staff_action(ASSIGNERS),
        committee_ref,
    ),
    Row(
        "staff/review/committees/<uuid:public_id>/assignment/swap/",
        "GET",
        post_only_staff(),
        committee_ref,
    ),
    Row(
        "staff/review/committees/<uuid:public_id>/assignment/swap/",
        "POST",
        staff_action(ASSIGNERS),
        committee_ref,
    ),
    Row(
        "staff/review/committees/<uuid:public_id>/assignment/publish/",
        "GET",
        staff_page(ASSIGNERS),
        committee_ref,
    ),
    Row(
        "staff/review/committees/<uuid:public_id>/assignment/publish/",
        "POST",
        staff_action(ASSIGNERS),
        committee_ref,
    ),
    Row(
        "staff/review/assignments/<uuid:public_id>/decline/",
        "GET",
        staff_page(ASSIGNED_REVIEWER),
        assignment_ref,
    ),
    Row(
        "staff/review/assignments/<uuid:public_id>/decline/",
        "POST",
        staff_action(ASSIGNED_REVIEWER),
        assignment_ref,
    ),
    Row(
        "staff/review/assignments/<uuid:public_id>/conflict/",
        "GET",
        staff_page(ASSIGNED_REVIEWER),
        assignment_ref,
    ),
    Row(
        "staff/review/assignments/<uuid:public_id>/conflict/",
        "POST",
        staff_action(ASSIGNED_REVIEWER),
        assignment_ref,
    ),
    # --- Staff: interviews ----------------------------------------------------------------------
    Row(
        "staff/interviews/day/",
        "GET",
        staff_page(INTERVIEW_RECORDERS, scoped=False),
        note="the interviews of the person's own slots and programmes",
    ),
    Row(
        "staff/interviews/<slug:programme>/<int:year>/",
        "GET",
        staff_page(INTERVIEW_MANAGERS),
        intake_of,
        note="also the head's representatives (and the MSc's committee chair)",
    ),
    Row("staff/interviews/<slug:programme>/<int:year>/slots/", "GET", post_only_staff(), intake_of),
    Row(
        "staff/interviews/<slug:programme>/<int:year>/slots/",
        "POST",
        staff_action(INTERVIEW_MANAGERS),
        intake_of,
    ),
    Row(
        "staff/interviews/<slug:programme>/<int:year>/invite/", "GET", post_only_staff(), intake_of
    ),
    Row(
        "staff/interviews/<slug:programme>/<int:year>/invite/",
        "POST",
        staff_action(INTERVIEW_SELECTORS),
        intake_of,
        note="also the head's representatives",
    ),
    Row(
        "staff/interviews/<slug:programme>/<int:year>/representatives/",
        "GET",
        post_only_staff(),
        intake_of,
    ),
    Row(
        "staff/interviews/<slug:programme>/<int:year>/representatives/",
        "POST",
        staff_action(INTERVIEW_SELECTORS),
        intake_of,
    ),
    Row(
        "staff/interviews/slots/<uuid:public_id>/cancel/",
        "GET",
        post_only_staff(),
        lambda w: {"public_id": w.interview_slot.public_id},
    ),
    Row(
        "staff/interviews/slots/<uuid:public_id>/cancel/",
        "POST",
        staff_action(INTERVIEW_MANAGERS),
        lambda w: {"public_id": w.interview_slot.public_id},
    ),
    Row(
        "staff/interviews/<uuid:public_id>/",
        "GET",
        staff_page(INTERVIEW_RECORDERS),
        interview_of,
        note="an interviewer only on the slots they sit on",
    ),
    Row(
        "staff/interviews/<uuid:public_id>/",
        "POST",
        staff_action(INTERVIEW_RECORDERS),
        interview_of,
    ),
    # --- Staff: finance -----------------------------------------------------------------------
    Row("staff/finance/", "GET", staff_page(FINANCE, scoped=False)),
    Row("staff/finance/applications/<str:reference>/", "GET", staff_page(FINANCE), ref),
    Row("staff/finance/applications/<str:reference>/transfer/", "GET", post_only_staff(), ref),
    Row("staff/finance/applications/<str:reference>/transfer/", "POST", staff_action(FINANCE), ref),
    Row("staff/finance/applications/<str:reference>/defer/", "GET", post_only_staff(), ref),
    Row("staff/finance/applications/<str:reference>/defer/", "POST", staff_action(FINANCE), ref),
    Row("staff/finance/applications/<str:reference>/end-deferral/", "GET", post_only_staff(), ref),
    Row(
        "staff/finance/applications/<str:reference>/end-deferral/",
        "POST",
        staff_action(FINANCE),
        ref,
    ),
    Row("staff/finance/applications/<str:reference>/refund/", "GET", post_only_staff(), ref),
    Row("staff/finance/applications/<str:reference>/refund/", "POST", staff_action(FINANCE), ref),
    Row("staff/finance/statements/", "GET", staff_page(FINANCE, scoped=False)),
    Row(
        "staff/finance/statements/<uuid:public_id>/",
        "GET",
        staff_page(FINANCE, scoped=False),
        lambda w: {"public_id": w.statement.public_id},
        note="statements span programmes: each line shows only what the scope holds",
    ),
    Row(
        "staff/finance/statements/<uuid:public_id>/apply/",
        "GET",
        post_only_staff(),
        lambda w: {"public_id": w.statement.public_id},
    ),
    Row(
        "staff/finance/statements/<uuid:public_id>/apply/",
        "POST",
        staff_action(FINANCE, scoped=False),
        lambda w: {"public_id": w.statement.public_id},
        note="out of scope: refused with the rows outside it (a message, then back)",
    ),
    Row(
        "staff/finance/statements/<uuid:public_id>/discard/",
        "GET",
        post_only_staff(),
        lambda w: {"public_id": w.statement.public_id},
    ),
    Row(
        "staff/finance/statements/<uuid:public_id>/discard/",
        "POST",
        staff_action(FINANCE, scoped=False),
        lambda w: {"public_id": w.statement.public_id},
        note="out of scope: refused like applying (tests/backoffice/test_a_statement_of_…)",
    ),
    Row("staff/finance/waivers/", "GET", staff_page(FINANCE, scoped=False)),
    Row(
        "staff/finance/waivers/<uuid:waiver_id>/decide/",
        "GET",
        post_only_staff(),
        lambda w: {"waiver_id": w.waiver.public_id},
    ),
    Row(
        "staff/finance/waivers/<uuid:waiver_id>/decide/",
        "POST",
        staff_action(FINANCE),
        lambda w: {"waiver_id": w.waiver.public_id},
    ),
    Row(
        "staff/finance/waivers/<uuid:waiver_id>/proof",
        "GET",
        staff_page(FINANCE),
        lambda w: {"waiver_id": w.waiver.public_id},
    ),
    Row(
        "staff/finance/receipts/<str:number>.pdf",
        "GET",
        staff_page(FINANCE),
        lambda w: {"number": w.receipt.number},
    ),
    Row("staff/finance/quotes/", "GET", staff_page(FINANCE, scoped=False)),
    Row(
        "staff/finance/quotes/<uuid:public_id>.pdf",
        "GET",
        staff_page(FINANCE),
        lambda w: {"public_id": w.quote.public_id},
    ),
    Row(
        "staff/finance/quotes/<uuid:public_id>/",
        "GET",
        staff_page(FINANCE),
        lambda w: {"public_id": w.quote.public_id},
    ),
    Row("staff/finance/reports/", "GET", staff_page(FINANCE_FIGURES, scoped=False)),
    Row("staff/finance/reports/export.csv", "GET", staff_page(FINANCE_FIGURES, scoped=False)),
    # --- Staff: review committees (the chair's view) -------------------------------------------
    Row("staff/review/committees/", "GET", staff_page(COMMITTEE_KEEPERS, scoped=False)),
    Row(
        "staff/review/committees/<uuid:public_id>/",
        "GET",
        staff_page(CHAIRS),
        committee_ref,
        note="the committee's chair (with the chair's seat) or the programme head",
    ),
    Row(
        "staff/review/committees/<uuid:public_id>/remind/", "GET", post_only_staff(), committee_ref
    ),
    Row(
        "staff/review/committees/<uuid:public_id>/remind/",
        "POST",
        staff_action(CHAIRS),
        committee_ref,
    ),
    Row(
        "staff/review/committees/<uuid:public_id>/advance/", "GET", post_only_staff(), committee_ref
    ),
    Row(
        "staff/review/committees/<uuid:public_id>/advance/",
        "POST",
        staff_action(CHAIRS),
        committee_ref,
    ),
    # --- Staff: review committees ----------------------------------------------------------------
    Row(
        "staff/review/committees/new/",
        "GET",
        staff_page(COMMITTEE_MANAGERS, scoped=False),
        note="the intakes offered are those of the caller's programmes",
    ),
    Row(
        "staff/review/committees/<uuid:public_id>/settings/",
        "GET",
        staff_page(COMMITTEE_MANAGERS),
        lambda w: {"public_id": w.committee.public_id},
    ),
    Row(
        "staff/review/committees/<uuid:public_id>/settings/",
        "POST",
        staff_action(COMMITTEE_MANAGERS),
        lambda w: {"public_id": w.committee.public_id},
    ),
    Row(
        "staff/join/<str:token>/",
        "GET",
        everyone(NOT_FOUND, referee=OK),
        lambda w: {"token": w.committee_token},
        secret="token",
        note="a committee invitation's link, reached before two-factor; a made-up token: 404",
    ),
    # --- Staff: notifications (administrators) --------------------------------------------------
    Row("staff/notifications/", "GET", staff_page(ADMINISTRATORS)),
    # --- Staff: API tokens (every staff member their own; administrators the service
    # accounts'). The created page and revocation name a service account's token.
    Row("staff/api-tokens/", "GET", staff_page(EVERY_STAFF_ROLE, scoped=False)),
    Row("staff/api-tokens/new/", "GET", staff_page(EVERY_STAFF_ROLE, scoped=False)),
    Row("staff/api-tokens/new/", "POST", staff_action(EVERY_STAFF_ROLE, scoped=False)),
    Row(
        "staff/api-tokens/<uuid:public_id>/created/",
        "GET",
        staff_page(ADMINISTRATORS),
        lambda w: {"public_id": w.service_token.public_id},
    ),
    Row(
        "staff/api-tokens/<uuid:public_id>/revoke/",
        "GET",
        post_only_staff(),
        lambda w: {"public_id": w.service_token.public_id},
    ),
    Row(
        "staff/api-tokens/<uuid:public_id>/revoke/",
        "POST",
        staff_action(ADMINISTRATORS),
        lambda w: {"public_id": w.service_token.public_id},
    ),
    Row("staff/audit/", "GET", staff_page(ADMINISTRATORS, scoped=False)),
    Row("staff/audit/export.csv", "GET", staff_page(ADMINISTRATORS, scoped=False)),
    Row(
        "staff/notifications/messages/<uuid:public_id>/resend/",
        "GET",
        post_only_staff(),
        lambda w: {"public_id": w.message.public_id},
    ),
    Row(
        "staff/notifications/messages/<uuid:public_id>/resend/",
        "POST",
        staff_action(ADMINISTRATORS),
        lambda w: {"public_id": w.message.public_id},
    ),
    Row("staff/notifications/bounces/clear/", "GET", post_only_staff()),
    Row("staff/notifications/bounces/clear/", "POST", staff_action(ADMINISTRATORS)),
    Row(
        "staff/notifications/webhooks/<uuid:public_id>/replay/",
        "GET",
        post_only_staff(),
        lambda w: {"public_id": w.webhook_delivery.public_id},
    ),
    Row(
        "staff/notifications/webhooks/<uuid:public_id>/replay/",
        "POST",
        staff_action(ADMINISTRATORS),
        lambda w: {"public_id": w.webhook_delivery.public_id},
    ),
    Row("staff/notifications/templates/", "GET", staff_page(ADMINISTRATORS)),
    Row(
        "staff/notifications/templates/<slug:event>/<slug:language>/",
        "GET",
        staff_page(ADMINISTRATORS),
        lambda w: {"event": "application_submitted", "language": "en"},
    ),
    Row(
        "staff/notifications/templates/<slug:event>/<slug:language>/preview.html",
        "GET",
        staff_page(ADMINISTRATORS),
        lambda w: {"event": "application_submitted", "language": "en"},
    ),
    # --- The API ------------------------------------------------------------------------------
    Row("api/v1/", "GET", public_api(NOT_FOUND)),
    Row("api/v1/openapi.json", "GET", public_api()),
    Row("api/v1/docs", "GET", public_api()),
    Row("api/v1/programmes", "GET", public_api()),
    Row("api/v1/programmes/<slug>", "GET", public_api(), lambda w: {"slug": "post-master-ai"}),
    Row("api/v1/eligibility/check", "GET", public_api(NOT_ALLOWED)),
    Row("api/v1/me/profile", "GET", own_account_api()),
    Row("api/v1/applications", "GET", own_account_api()),
    Row("api/v1/applications/<reference>", "GET", applicant_api(), ref),
    Row("api/v1/applications/<reference>/submit", "GET", api_wrong_method(), ref),
    Row("api/v1/applications/<reference>/submit", "POST", applicant_api(DONE), ref),
    Row("api/v1/applications/<reference>/withdraw", "GET", api_wrong_method(), ref),
    # No open offer in the world: the owner's answer is a 409.
    Row("api/v1/applications/<reference>/offer/accept", "POST", applicant_api(DONE), ref),
    Row("api/v1/applications/<reference>/offer/decline", "POST", applicant_api(DONE), ref),
    Row(
        "api/v1/staff/applications/<reference>/decision",
        "POST",
        {
            **everyone(NOT_FOUND, anonymous=UNAUTHORIZED, referee=UNAUTHORIZED),
            # An empty body: 422 naming the outcome, for those who may decide here.
            "programme_head": DONE,
            "panel_member": DONE,
            "staff_without_two_factor": MFA_REQUIRED,
        },
        ref,
    ),
    Row("api/v1/applications/<reference>/documents", "GET", api_wrong_method(), ref),
    Row(
        "api/v1/applications/<reference>/documents/<document_id>",
        "GET",
        api_wrong_method(),
        lambda w: {**ref(w), "document_id": w.document.public_id},
    ),
    Row("api/v1/applications/<reference>/fee", "GET", applicant_api(), ref),
    Row("api/v1/applications/<reference>/quotes", "GET", applicant_api(), ref),
    Row(
        "api/v1/staff/reviews",
        "GET",
        {
            **everyone(NOT_FOUND, anonymous=UNAUTHORIZED, referee=UNAUTHORIZED),
            **{role: OK for role in REVIEWING},
            **{f"{role}_elsewhere": OK for role in REVIEWING},
            "staff_without_two_factor": MFA_REQUIRED,
        },
        note="the caller's own assignments",
    ),
    Row(
        "api/v1/staff/reviews/<id>",
        "GET",
        everyone(
            NOT_FOUND,
            anonymous=UNAUTHORIZED,
            referee=UNAUTHORIZED,
            reviewer=OK,
            staff_without_two_factor=MFA_REQUIRED,
        ),
        lambda w: {"id": w.assignment.public_id},
        note="only the assigned reviewer",
    ),
    Row(
        "api/v1/finance/summary",
        "GET",
        {
            **everyone(NOT_FOUND, anonymous=UNAUTHORIZED, referee=UNAUTHORIZED),
            **{role: OK for role in FINANCE_FIGURES},
            **{f"{role}_elsewhere": OK for role in FINANCE_FIGURES - ADMINISTRATORS},
            "staff_without_two_factor": MFA_REQUIRED,
        },
    ),
    # Any signed-in caller's empty body is refused (422) before the view looks at anything;
    # a complete one reaches the permission check (finance officers of the programme only,
    # tests/api/test_tokens_record_transfers_idempotently.py).
    Row("api/v1/staff/finance/transfers", "GET", api_wrong_method()),
    Row(
        "api/v1/staff/finance/transfers",
        "POST",
        everyone(
            DONE,
            anonymous=UNAUTHORIZED,
            referee=UNAUTHORIZED,
            staff_without_two_factor=MFA_REQUIRED,
        ),
    ),
]

# The Django admin, summarised: administrators (``is_staff`` with the administrator role) only.
ADMIN = {
    "/admin/": everyone(REDIRECT, administrator=OK, staff_without_two_factor=TWO_FACTOR),
    "/admin/login/": everyone(
        NOT_FOUND,
        anonymous=LOGIN,
        referee=LOGIN,
        administrator=REDIRECT,
        staff_without_two_factor=TWO_FACTOR,
    ),
}


def by_pattern() -> dict[str, list[Row]]:
    rows: dict[str, list[Row]] = {}
    for row in ROWS:
        rows.setdefault(row.pattern, []).append(row)
    return rows


# --- The table of docs/security.md -------------------------------------------------------------

SHORT = {
    "reviewer": "reviewer",
    "interviewer": "interviewer",
    "programme_head": "head",
    "admissions_officer": "officer",
    "finance_officer": "finance",
    "panel_member": "panel",
    "administrator": "admin",
}


def _grouped(answers: dict[str, str], callers: tuple[str, ...], names: dict[str, str]) -> str:
    """``200`` when every caller gets it, else ``200: finance; 404: others``."""
    values = [answers[c] for c in callers]
    if len(set(values)) == 1:
        return values[0]
    common = max(dict.fromkeys(values), key=values.count)  # ties: the first in order
    parts = []
    for value in dict.fromkeys(values):
        if value != common:
            who = ", ".join(names[c] for c in callers if answers[c] == value)
            parts.append(f"{value}: {who}")
    return "; ".join([*parts, f"{common}: others"])


def markdown_table() -> str:
    """The matrix as the table ``docs/security.md`` shows (``python -m tests.permission_matrix``
    prints it)."""
    out_names = {f"{role}_elsewhere": SHORT[role] for role in STAFF_ROLES}
    lines = [
        "| URL pattern | method | anonymous | owner | other applicant "
        "| staff in scope | staff out of scope | staff without 2FA | note |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in ROWS:
        a = row.answers
        anonymous = (
            a["anonymous"]
            if a["anonymous"] == a["referee"]
            else (f"{a['anonymous']}; referee's link: {a['referee']}")
        )
        cells = [
            f"`/{row.pattern}`",
            row.method,
            anonymous,
            a["owner"],
            a["other_applicant"],
            _grouped(a, IN_SCOPE, SHORT),
            _grouped(a, OUT_OF_SCOPE, out_names),
            a["staff_without_two_factor"],
            row.note,
        ]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
