from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from admissions.accounts.mfa import has_mfa, session_passed_two_factor
from admissions.core.permissions import has_permission


class AdmissionsAdminSite(admin.AdminSite):
    """Django admin for administrators only, from a session that passed two-factor
    authentication.

    The admin has no sign-in form of its own: ``/admin/login/`` sends people to the site's
    sign-in (allauth), which asks for the second factor and counts failed attempts. Django's
    own form would check the password alone.
    """

    site_header = "Admissions administration"
    site_title = "Admissions administration"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active
            and user.is_staff
            and has_permission(user, "admin.access", any_programme=True)
            and has_mfa(user)
            and session_passed_two_factor(request)
        )

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        if request.user.is_authenticated:
            if self.has_permission(request):
                return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
            # Signed in, but not an administrator: the admin does not exist for them.
            raise Http404
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:index", current_app=self.name)
        return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


class AdmissionsAdminConfig(AdminConfig):
    default_site = "admissions.accounts.admin_site.AdmissionsAdminSite"
