"""Every page of the applicants and the public, mounted at the site's root by the project's
urls with the one namespace ``portal`` (``reverse("portal:fee", ...)``).

The paths are what people have bookmarked and what emails link to: never change one; a
route's name may change."""

from django.urls import path

from admissions.portal.views import (
    accessibility,
    applications,
    catalogue,
    documents,
    eligibility,
    fees,
    inbox,
    interviews,
    offers,
    privacy,
    quotes,
    referees,
    security,
    waivers,
)

app_name = "portal"

APPLICATION = "applications/<str:reference>/"

urlpatterns = [
    # Where to report a vulnerability (RFC 9116).
    path(".well-known/security.txt", security.security_txt, name="security-txt"),
    # The privacy notice, linked from every page's footer and the sign-up form.
    path("privacy/", privacy.notice, name="privacy"),
    # The public eligibility self-check.
    path("eligibility/", eligibility.self_check, name="eligibility-check"),
    # The in-portal inbox.
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/<uuid:public_id>/", inbox.message, name="inbox-message"),
    path(
        "inbox/<uuid:public_id>/attachments/<int:index>/",
        inbox.attachment,
        name="inbox-attachment",
    ),
    # An application's documents.
    path(f"{APPLICATION}documents/", documents.checklist, name="documents"),
    path(f"{APPLICATION}documents/upload/", documents.upload, name="document-upload"),
    path(f"{APPLICATION}documents/reuse/", documents.reuse, name="document-reuse"),
    path(
        f"{APPLICATION}documents/<uuid:public_id>/",
        documents.download,
        name="document-download",
    ),
    path(
        f"{APPLICATION}documents/<uuid:public_id>/remove/",
        documents.remove,
        name="document-remove",
    ),
    # An application's referees, and the referee's own page (no account).
    path(f"{APPLICATION}referees/", referees.referee_list, name="referees"),
    path(
        f"{APPLICATION}referees/<uuid:public_id>/remind/",
        referees.remind,
        name="referee-remind",
    ),
    path(
        f"{APPLICATION}referees/<uuid:public_id>/replace/",
        referees.replace,
        name="referee-replace",
    ),
    path("references/<str:token>/", referees.reference_letter, name="reference-letter"),
    path("references/<str:token>/decline/", referees.decline, name="reference-decline"),
    # The application fee, its reductions, waivers and receipts.
    # The interview: free times in the applicant's time zone, book, move, cancel, calendar.
    path(f"{APPLICATION}interview/", interviews.interview_page, name="interview"),
    path(
        f"{APPLICATION}interview/book/<uuid:slot>/",
        interviews.book,
        name="interview-book",
    ),
    path(f"{APPLICATION}interview/cancel/", interviews.cancel, name="interview-cancel"),
    path(f"{APPLICATION}interview/interview.ics", interviews.ics, name="interview-ics"),
    path(f"{APPLICATION}fee/", fees.fee, name="fee"),
    path(f"{APPLICATION}fee/reduction/", fees.claim_reduction, name="fee-reduction"),
    path(f"{APPLICATION}fee/card/", fees.pay_card, name="fee-pay-card"),
    path(f"{APPLICATION}fee/return/<str:payment>/", fees.card_return, name="fee-card-return"),
    path(f"{APPLICATION}receipts/<str:number>.pdf", fees.receipt, name="fee-receipt"),
    path(f"{APPLICATION}fee/waiver/", waivers.request_waiver, name="waiver-request"),
    path(f"{APPLICATION}fee/waiver/withdraw/", waivers.withdraw, name="waiver-withdraw"),
    # Tuition quotes.
    path(f"{APPLICATION}quotes/", quotes.quote_list, name="quotes"),
    path(f"{APPLICATION}quotes/<uuid:public_id>.pdf", quotes.quote_pdf, name="quote-pdf"),
    path(f"{APPLICATION}quotes/<str:key>/", quotes.quote_detail, name="quote"),
    # The applicant's dashboard, profile and applications.
    path("me/", applications.dashboard, name="dashboard"),
    path("me/profile/", applications.profile_overview, name="profile"),
    path("me/profile/<str:kind>/add/", applications.profile_row_edit, name="profile-row-add"),
    path(
        "me/profile/<str:kind>/<int:pk>/edit/",
        applications.profile_row_edit,
        name="profile-row-edit",
    ),
    path(
        "me/profile/<str:kind>/<int:pk>/remove/",
        applications.profile_row_remove,
        name="profile-row-remove",
    ),
    # One address per section: identity, languages, … and the lists (education, …).
    path("me/profile/<str:section>/", applications.profile_page, name="profile-section"),
    # The applicant's personal data: download it, or ask for its erasure.
    path("me/privacy/", privacy.privacy, name="my-data"),
    path("me/privacy/export/", privacy.export, name="privacy-export"),
    path("me/privacy/erase/", privacy.erase, name="privacy-erase"),
    path(
        "privacy/erasure-requested/",
        privacy.erasure_requested,
        name="privacy-erasure-requested",
    ),
    path("programmes/<slug:slug>/apply/", applications.apply, name="apply"),
    path(APPLICATION, applications.application_status, name="application"),
    path(f"{APPLICATION}step/<str:step>/", applications.step, name="step"),
    path(f"{APPLICATION}submit/", applications.submit, name="submit"),
    path(f"{APPLICATION}submitted/", applications.submitted, name="submitted"),
    path(f"{APPLICATION}receipt.pdf", applications.receipt_pdf, name="submission-receipt"),
    path(f"{APPLICATION}withdraw/", applications.withdraw, name="withdraw"),
    path(f"{APPLICATION}offer/accept/", offers.accept, name="offer-accept"),
    path(f"{APPLICATION}offer/decline/", offers.decline, name="offer-decline"),
    # The public pages.
    path("", catalogue.home, name="home"),
    # The accessibility statement (RGAA), linked from every page's footer.
    path("accessibility/", accessibility.statement, name="accessibility"),
    path("programmes/", catalogue.catalogue, name="catalogue"),
    path("programmes/<slug:slug>/", catalogue.programme, name="programme"),
    path("after-login/", catalogue.after_login, name="after-login"),
]
