from django.contrib import admin
from django.urls import include, path

from admissions.accounts import views as account_views
from admissions.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Before allauth's own: turning TOTP on also completes the session's second step.
    path("accounts/2fa/totp/activate/", account_views.activate_totp, name="mfa_activate_totp"),
    path("accounts/", include("allauth.urls")),
    path("staff/documents/", include("admissions.documents.staff_urls")),
    path("staff/finance/quotes/", include("admissions.backoffice.quote_urls")),
    path("staff/finance/reports/", include("admissions.backoffice.finance_report_urls")),
    path("staff/finance/", include("admissions.backoffice.finance_urls")),
    path("staff/", include("admissions.backoffice.urls")),
    path("api/v1/", include("admissions.api.urls")),
    path("payments/", include("admissions.api.payment_urls")),
    path("eligibility/", include("admissions.portal.eligibility_urls")),
    path("inbox/", include("admissions.notifications.urls")),
    path("staff/notifications/", include("admissions.notifications.staff_urls")),
    path("", include("admissions.documents.urls")),
    path("", include("admissions.portal.fee_urls")),
    path("", include("admissions.portal.waiver_urls")),
    path("", include("admissions.portal.quote_urls")),
    path("", include("admissions.portal.applicant_urls")),
    path("", include("admissions.portal.urls")),
]
