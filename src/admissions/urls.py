"""The project's URLs: the health checks, the admin and the accounts pages, then one include
per interface app (``portal``, ``staff``, ``api``) and the card providers' ``payments``."""

from django.contrib import admin
from django.urls import include, path

from admissions.core import health
from admissions.portal.views import accounts as account_views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Before allauth's own, under allauth's name: turning TOTP on also completes the
    # session's second step.
    path("accounts/2fa/totp/activate/", account_views.activate_totp, name="mfa_activate_totp"),
    # Password-reset requests counted per account and address together (accounts/limits.py).
    path("accounts/password/reset/", account_views.password_reset, name="account_reset_password"),
    path("accounts/", include("allauth.urls")),
    path("staff/", include("admissions.backoffice.urls")),
    path("api/v1/", include("admissions.api.urls")),
    path("payments/", include("admissions.api.payment_urls")),
    path("", include("admissions.portal.urls")),
]

# A database out of reach, even from a middleware before any view, is a 503 with
# Retry-After, not a 500 (core/outage.py).
handler500 = "admissions.core.outage.server_error"

# allauth's rate limits answer with our page: translated, with Retry-After.
handler429 = account_views.too_many_requests
