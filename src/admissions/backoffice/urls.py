"""Every staff page, mounted at ``/staff/`` by the project's urls with the one namespace
``staff`` (``reverse("staff:finance", ...)``). Two-factor sign-in guards the whole prefix
(``accounts.middleware``).

The paths are what staff have bookmarked and what emails link to: never change one; a
route's name may change."""

from django.urls import path

from admissions.backoffice.views import (
    api_tokens,
    application_list,
    applications,
    assignment,
    audit,
    committees,
    documents,
    eligibility,
    finance,
    home,
    interviews,
    notifications,
    quotes,
    reports,
    reviews,
)
from admissions.backoffice.views import chair as review_chair

app_name = "staff"

urlpatterns = [
    # The application list: filters, sort, pages, saved filters and the CSV export.
    path("applications/", application_list.application_list_page, name="applications"),
    path("applications/export.csv", application_list.export, name="applications-export"),
    path("applications/filters/", application_list.save_filter, name="applications-filter-save"),
    path(
        "applications/filters/delete/",
        application_list.delete_filter,
        name="applications-filter-delete",
    ),
    # The application file, read-only.
    path(
        "applications/<str:reference>/",
        applications.application_file,
        name="application",
    ),
    # Documents: the waiting queue, an application's documents, review, merged PDF.
    path("documents/waiting/", documents.waiting, name="documents-waiting"),
    path("documents/<str:reference>/", documents.application_documents, name="documents"),
    path(
        "documents/<str:reference>/merged/",
        documents.request_merged,
        name="documents-merge",
    ),
    path(
        "documents/<str:reference>/merged/<uuid:public_id>/",
        documents.download_merged,
        name="documents-merged-download",
    ),
    path(
        "documents/<str:reference>/<uuid:public_id>/",
        documents.download,
        name="document-download",
    ),
    path(
        "documents/<str:reference>/<uuid:public_id>/review/",
        documents.review,
        name="document-review",
    ),
    # Committee review: the reviewer's assignments and the reviewer's screen of one.
    path("review/", reviews.assignment_list, name="reviews"),
    path("review/<uuid:public_id>/", reviews.review_screen, name="review"),
    # Tuition quotes.
    path("finance/quotes/", quotes.quote_list, name="quotes"),
    path("finance/quotes/<uuid:public_id>.pdf", quotes.quote_pdf, name="quote-pdf"),
    path("finance/quotes/<uuid:public_id>/", quotes.quote_detail, name="quote"),
    # The finance dashboard and its export.
    path("finance/reports/", reports.dashboard, name="finance-reports"),
    path("finance/reports/export.csv", reports.export, name="finance-reports-export"),
    # The finance officer's work: money files, bank statements, waivers, receipts.
    path("finance/", finance.home, name="finance"),
    path(
        "finance/applications/<str:reference>/",
        finance.application_page,
        name="finance-application",
    ),
    path(
        "finance/applications/<str:reference>/transfer/",
        finance.reconcile,
        name="finance-reconcile",
    ),
    path("finance/applications/<str:reference>/defer/", finance.defer, name="finance-defer"),
    path(
        "finance/applications/<str:reference>/end-deferral/",
        finance.end_deferral,
        name="finance-end-deferral",
    ),
    path("finance/applications/<str:reference>/refund/", finance.refund, name="finance-refund"),
    path("finance/statements/", finance.statement_list, name="finance-statements"),
    path(
        "finance/statements/<uuid:public_id>/",
        finance.statement_page,
        name="finance-statement",
    ),
    path(
        "finance/statements/<uuid:public_id>/apply/",
        finance.apply_statement,
        name="finance-statement-apply",
    ),
    path(
        "finance/statements/<uuid:public_id>/discard/",
        finance.discard_statement,
        name="finance-statement-discard",
    ),
    path("finance/waivers/", finance.waiver_list, name="finance-waivers"),
    path(
        "finance/waivers/<uuid:waiver_id>/decide/",
        finance.decide_waiver,
        name="finance-waiver-decide",
    ),
    path(
        "finance/waivers/<uuid:waiver_id>/proof",
        finance.waiver_proof,
        name="finance-waiver-proof",
    ),
    path("finance/receipts/<str:number>.pdf", finance.receipt_pdf, name="finance-receipt"),
    # Review committees: a new one, its settings and members; the invitee's acceptance page
    # (reached before two-factor exists, accounts.middleware).
    path("review/committees/new/", committees.new, name="committee-new"),
    path(
        "review/committees/<uuid:public_id>/settings/",
        committees.committee_settings,
        name="committee-settings",
    ),
    path("join/<str:token>/", committees.join, name="committee-join"),
    # The staff home and eligibility.
    path("", home.home, name="home"),
    path(
        "eligibility/applications/<str:reference>/",
        eligibility.application_page,
        name="eligibility",
    ),
    path(
        "eligibility/applications/<str:reference>/override/",
        eligibility.override,
        name="eligibility-override",
    ),
    path(
        "eligibility/applications/<str:reference>/decide/",
        eligibility.decide,
        name="eligibility-decide",
    ),
    path(
        "eligibility/intakes/<slug:programme>/<int:year>/rerun/",
        eligibility.rerun,
        name="eligibility-rerun",
    ),
    # Reviewer assignment: a committee's draft, swaps and publication; a reviewer's
    # decline and conflict of interest.
    path(
        "review/committees/<uuid:public_id>/assignment/",
        assignment.preview,
        name="review-assignment",
    ),
    path(
        "review/committees/<uuid:public_id>/assignment/draft/",
        assignment.draft,
        name="review-assignment-draft",
    ),
    path(
        "review/committees/<uuid:public_id>/assignment/swap/",
        assignment.swap,
        name="review-assignment-swap",
    ),
    path(
        "review/committees/<uuid:public_id>/assignment/publish/",
        assignment.publish,
        name="review-assignment-publish",
    ),
    path(
        "review/assignments/<uuid:public_id>/decline/",
        assignment.decline,
        name="review-assignment-decline",
    ),
    path(
        "review/assignments/<uuid:public_id>/conflict/",
        assignment.conflict,
        name="review-assignment-conflict",
    ),
    # Review: the committees a person chairs or manages, and the chair's dashboard.
    path("review/committees/", review_chair.committees, name="review-committees"),
    path(
        "review/committees/<uuid:public_id>/",
        review_chair.dashboard,
        name="review-committee",
    ),
    path(
        "review/committees/<uuid:public_id>/remind/",
        review_chair.remind,
        name="review-committee-remind",
    ),
    path(
        "review/committees/<uuid:public_id>/advance/",
        review_chair.advance,
        name="review-committee-advance",
    ),
    # Interviews: an intake's slots, invitations and representatives; the interviewer's day;
    # the outcome sheet.
    path("interviews/day/", interviews.day, name="interviews-day"),
    path(
        "interviews/<slug:programme>/<int:year>/",
        interviews.intake_page,
        name="interviews",
    ),
    path(
        "interviews/<slug:programme>/<int:year>/slots/",
        interviews.create_slot,
        name="interviews-slot-create",
    ),
    path(
        "interviews/<slug:programme>/<int:year>/invite/",
        interviews.invite,
        name="interviews-invite",
    ),
    path(
        "interviews/<slug:programme>/<int:year>/representatives/",
        interviews.representatives,
        name="interviews-representatives",
    ),
    path(
        "interviews/slots/<uuid:public_id>/cancel/",
        interviews.cancel_slot,
        name="interviews-slot-cancel",
    ),
    path("interviews/<uuid:public_id>/", interviews.outcome, name="interview"),
    # API tokens: one's own, and for administrators the service accounts'.
    path("api-tokens/", api_tokens.token_list, name="api-tokens"),
    path("api-tokens/new/", api_tokens.token_new, name="api-token-new"),
    path(
        "api-tokens/<uuid:public_id>/created/",
        api_tokens.token_created,
        name="api-token-created",
    ),
    path(
        "api-tokens/<uuid:public_id>/revoke/",
        api_tokens.token_revoke,
        name="api-token-revoke",
    ),
    # The audit trail, for administrators.
    path("audit/", audit.search, name="audit"),
    path("audit/export.csv", audit.export, name="audit-export"),
    # Messages that need attention, and the email templates.
    path("notifications/", notifications.attention, name="notifications"),
    path(
        "notifications/messages/<uuid:public_id>/resend/",
        notifications.resend,
        name="notification-resend",
    ),
    path(
        "notifications/bounces/clear/",
        notifications.clear_bounce,
        name="notification-clear-bounce",
    ),
    path(
        "notifications/webhooks/<uuid:public_id>/replay/",
        notifications.replay_webhook,
        name="notification-replay-webhook",
    ),
    path("notifications/templates/", notifications.template_list, name="notification-templates"),
    path(
        "notifications/templates/<slug:event>/<slug:language>/",
        notifications.template_edit,
        name="notification-template",
    ),
    path(
        "notifications/templates/<slug:event>/<slug:language>/preview.html",
        notifications.template_preview_html,
        name="notification-template-preview",
    ),
]
