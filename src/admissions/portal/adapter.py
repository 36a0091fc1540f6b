"""allauth's hooks: the language a new account corresponds in and the privacy notice it
accepted, the school's own emails for sign-up and password reset, and the page a new person
was on before signing up."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest
from django.utils.translation import get_language

from admissions.accounts.limits import account_and_address_key
from admissions.accounts.models import User
from admissions.core import clock
from admissions.notifications.rendering import render_message

# allauth's email -> our event (templates/emails/<language>/<event>/). The others keep
# allauth's own text until they get an event of their own.
EVENTS = {
    "account/email/email_confirmation_signup": "account_created",
    "account/email/email_confirmation": "email_confirmation",
    "account/email/password_reset_key": "password_reset",
    "account/email/account_already_exists": "account_already_exists",
    "account/email/unknown_account": "unknown_account",
}
LANGUAGES = ("en", "fr")


def _language(user: Any) -> str:
    language = (getattr(user, "preferred_language", "") or get_language() or "en")[:2]
    return language if language in LANGUAGES else "en"


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # A new account corresponds in the language the person signed up in.
        language = (get_language() or "en")[:2]
        user.preferred_language = language if language in LANGUAGES else "en"
        # What the person accepted on the sign-up form, and when (the form refuses a sign-up
        # without it).
        if form is not None and form.cleaned_data.get("accept_privacy_notice"):
            user.privacy_notice_version = settings.PRIVACY_NOTICE_VERSION
            user.privacy_notice_accepted_at = clock.now()
        return super().save_user(request, user, form, commit=commit)

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation: Any) -> str:
        """The link in the email carries the page the person signed up from (a programme's
        "Apply"), so confirming leads back there even in another browser."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        following = get_next_redirect_url(request) if request is not None else None
        return f"{url}?{urlencode({'next': following})}" if following else url

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        event = EVENTS.get(template_prefix)
        if event is None:
            return super().send_mail(template_prefix, email, context)
        # Sent now rather than through the outbox: these links open an account, and the
        # outbox keeps a copy of every message for staff to read and resend.
        user = context.get("user")
        if user is None and event == "account_already_exists":
            # Written to the owner of the existing account, in their language.
            user = User.objects.filter(email__iexact=email).first()
        rendered = render_message(
            event=event,
            language=_language(user),
            context={
                "recipient_name": user.get_full_name() if user is not None else email,
                "action_url": (
                    context.get("activate_url")
                    or context.get("password_reset_url")
                    or context.get("signup_url")
                ),
            },
        )
        message = EmailMultiAlternatives(
            subject=rendered.subject,
            body=rendered.text,
            from_email=self.get_from_email(),
            to=[email],
            headers={
                "Auto-Submitted": "auto-generated",
                "Content-Language": rendered.language,
                "X-Admissions-Event": event,
            },
        )
        message.attach_alternative(rendered.html, "text/html")
        message.send()
        return None

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth counts failed sign-ins per account (this key) and per address; the account
        # alone would let a stranger lock its owner out, so the key joins both
        # (accounts/limits.py). allauth 65 reads the key through this method only.
        login = credentials.get("email", credentials.get("username", ""))
        return account_and_address_key(request, login)
