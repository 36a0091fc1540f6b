from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from admissions.core.roles import Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        user = self._create(email, password, **extra)
        RoleAssignment.objects.get_or_create(user=user, role=Role.ADMINISTRATOR, programme=None)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account, identified by email (no usernames)."""

    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("language of correspondence"),
        max_length=5,
        choices=[("en", "English"), ("fr", "Français")],
        default="en",
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Can log into the Django administration site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # What the person accepted at sign-up: the privacy notice's version (settings
    # PRIVACY_NOTICE_VERSION) and when. Empty for accounts made by staff or before the notice.
    privacy_notice_version = models.CharField(
        _("privacy notice accepted"), max_length=40, blank=True
    )
    privacy_notice_accepted_at = models.DateTimeField(
        _("privacy notice accepted at"), null=True, blank=True
    )
    # A program's account (a student information system, a CRM): no password, no sign-in;
    # it holds staff roles per programme and acts only through the API tokens an
    # administrator creates for it (accounts/tokens.py).
    is_service_account = models.BooleanField(_("service account"), default=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self) -> str:
        return self.first_name or self.email


class RoleAssignment(models.Model):
    """A staff role held by a person, for one programme or (programme empty) for all."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # A string reference, not an import: accounts sits below catalogue and must not import
    # it; the foreign key keeps the database honest all the same.
    programme = models.ForeignKey(
        "catalogue.Programme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        help_text=_("Leave empty for a role over every programme."),
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "programme"], name="unique_role_per_programme"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(programme__isnull=True),
                name="unique_global_role",
            ),
        ]
        verbose_name = _("role assignment")

    def __str__(self) -> str:
        scope = str(self.programme) if self.programme_id else _("all programmes")
        return f"{self.user} — {self.get_role_display()} ({scope})"


class ErasureRequest(models.Model):
    """An applicant's request to erase their personal data (GDPR article 17).

    The account is deactivated when the request is made; the data goes once ``erase_after``
    has passed (``settings.ERASURE_GRACE_DAYS``), when ``manage.py purge_expired --apply`` or
    ``tick`` runs. Until then an administrator may cancel it (the applicant cannot sign in to
    do so: their account is inactive). ``docs/security.md`` says why."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="erasure_requests")
    requested_at = models.DateTimeField()
    erase_after = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(cancelled_at__isnull=True, completed_at__isnull=True),
                name="one_open_erasure_request_per_user",
            )
        ]
        indexes = [models.Index(fields=["erase_after"], name="erasure_due_idx")]
        verbose_name = _("erasure request")

    def __str__(self) -> str:
        return f"erasure of user {self.user_id} after {self.erase_after:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.cancelled_at is None and self.completed_at is None


class ApiToken(models.Model):
    """A personal API token of a staff member or a service account (``accounts/tokens.py``).

    Only the SHA-256 of the secret is kept (``token_hash``): the secret is shown once, when
    the token is created, and cannot be read back. ``prefix`` (the first characters of the
    secret) names the token in lists and logs. A token acts as its owner, limited to its
    ``scopes`` (``accounts/api_scopes.py``) and, when some are chosen, to its ``programmes``.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    # Who made it: the owner, or the administrator who made it for a service account.
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    programmes = models.ManyToManyField(
        "catalogue.Programme",
        blank=True,
        related_name="+",
        verbose_name=_("programmes"),
        help_text=_("None: every programme of the owner's roles."),
    )
    created_at = models.DateTimeField(_("created"))
    # When the person creating it last confirmed who they are: a sensitive scope needs it.
    reauthenticated_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("last address"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            )
        ]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    def is_usable(self, at: Any) -> bool:
        return self.revoked_at is None and self.expires_at > at


class IdempotencyRecord(models.Model):
    """The first answer to a ``POST`` sent with an ``Idempotency-Key`` (``api/idempotency.py``),
    kept 24 hours per token (or per signed-in person) to be replayed for a repeated key.

    The record is inserted before the work runs, in the work's own transaction: a second
    request with the same key waits on the unique constraint until the first commits, then
    replays its answer; if the first failed, nothing of it (record included) remains.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token = models.ForeignKey(ApiToken, null=True, blank=True, on_delete=models.CASCADE)
    key = models.CharField(max_length=255)
    # SHA-256 of the method, the path and the SHA-256 of the body.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["token", "key"],
                condition=models.Q(token__isnull=False),
                name="one_idempotency_key_per_token",
            ),
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=models.Q(token__isnull=True),
                name="one_idempotency_key_per_session_user",
            ),
        ]

    def __str__(self) -> str:
        return f"idempotency key {self.key[:20]} ({self.status_code})"
