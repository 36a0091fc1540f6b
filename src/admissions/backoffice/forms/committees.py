"""The forms of the committee pages: creating a committee, its settings, seating and inviting
members, recording a conflict, and the invitee's account on the join page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from admissions.catalogue.models import EntryLevel, Intake, Round
from admissions.core.forms import AccessibleForm
from admissions.review.models import ConflictKind, MemberRole

EXPERTISE_HELP = _(
    "Comma-separated tags, for example “machine learning, embedded systems”. Assignment "
    "prefers members whose expertise matches the application."
)


class IntakeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Intake) -> str:
        return f"{obj.programme.t('name')} — {obj.academic_year_label}"


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Round) -> str:
        return str(
            _("%(programme)s — %(year)s, round %(number)s")
            % {
                "programme": obj.intake.programme.t("name"),
                "year": obj.intake.academic_year_label,
                "number": obj.number,
            }
        )


class EntryLevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: EntryLevel) -> str:
        return f"{obj.programme.t('name')} — {obj.t('name')}"


class NewCommitteeForm(AccessibleForm):
    intake = IntakeChoiceField(label=_("Intake"), queryset=Intake.objects.none())
    round = RoundChoiceField(
        label=_("Round"),
        queryset=Round.objects.none(),
        required=False,
        empty_label=_("Every round of the intake"),
        help_text=_("Leave empty for one committee over the whole intake."),
    )
    entry_level = EntryLevelChoiceField(
        label=_("Entry level"),
        queryset=EntryLevel.objects.none(),
        required=False,
        empty_label=_("Every entry level"),
        help_text=_("Leave empty for one committee over every entry level."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)

    def __init__(self, *args: Any, intakes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        intakes = intakes.select_related("programme").order_by("programme__slug", "-academic_year")
        self.fields["intake"].queryset = intakes
        self.fields["round"].queryset = (
            Round.objects.filter(intake__in=intakes)
            .select_related("intake__programme")
            .order_by("intake__programme__slug", "-intake__academic_year", "number")
        )
        self.fields["entry_level"].queryset = EntryLevel.objects.filter(
            programme__in=intakes.values("programme")
        ).select_related("programme")


class CommitteeSettingsForm(AccessibleForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    reviewers_per_application = forms.IntegerField(
        label=_("Reviewers per application"), min_value=1, max_value=10
    )
    blind = forms.BooleanField(
        label=_("Blind review"),
        required=False,
        help_text=_(
            "Reviewers do not see the applicant's name, photo, nationality, date of birth or "
            "gender, nor the identity documents. CVs and letters are not redacted: they may "
            "name the applicant."
        ),
    )
    review_days = forms.IntegerField(
        label=_("Days to review"),
        min_value=1,
        max_value=120,
        help_text=_("A review is due this many days after the assignment is published."),
    )


class StaffMemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} <{obj.email}>" if name != obj.email else obj.email


class AddMemberForm(AccessibleForm):
    prefix = "member"

    user = StaffMemberChoiceField(label=_("Person"), queryset=None)  # type: ignore[arg-type]
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (MemberRole.INTERNAL, MemberRole.INTERNAL.label),
            (MemberRole.CHAIR, MemberRole.CHAIR.label),
        ],
        widget=forms.RadioSelect,
        initial=MemberRole.INTERNAL,
    )
    capacity = forms.IntegerField(
        label=_("Review capacity"),
        min_value=1,
        max_value=1000,
        initial=20,
        help_text=_("The most reviews this member takes."),
    )
    expertise = forms.CharField(
        label=_("Expertise"), max_length=500, required=False, help_text=EXPERTISE_HELP
    )
    institution = forms.CharField(
        label=_("Institution"),
        max_length=200,
        required=False,
        help_text=_(
            "Applicants with a degree from this institution are a conflict for this member."
        ),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class InviteForm(AccessibleForm):
    prefix = "invite"

    email = forms.EmailField(label=_("Email address"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    capacity = forms.IntegerField(
        label=_("Review capacity"),
        min_value=1,
        max_value=1000,
        initial=20,
        help_text=_("The most reviews this member takes."),
    )
    expertise = forms.CharField(
        label=_("Expertise"), max_length=500, required=False, help_text=EXPERTISE_HELP
    )
    institution = forms.CharField(
        label=_("Institution"),
        max_length=200,
        required=False,
        help_text=_(
            "Applicants with a degree from this institution are a conflict for this member."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=[("en", "English"), ("fr", "Français")],
        initial="en",
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.user.get_full_name() or obj.user.email


class ConflictForm(AccessibleForm):
    prefix = "conflict"

    member = MemberChoiceField(label=_("Member"), queryset=None)  # type: ignore[arg-type]
    application = forms.CharField(
        label=_("Application reference"),
        max_length=32,
        help_text=_("For example MSCAI-2027-00042."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of conflict"),
        choices=[
            (ConflictKind.PERSONAL, ConflictKind.PERSONAL.label),
            (ConflictKind.INSTITUTION, ConflictKind.INSTITUTION.label),
        ],
        widget=forms.RadioSelect,
        initial=ConflictKind.PERSONAL,
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        help_text=_("What the tie is, for the committee's record. Reviewers do not see it."),
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class JoinAccountForm(AccessibleForm):
    """The account of someone invited to a committee: their address is the invitation's."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["password1"].help_text = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ. Type the same one twice."))
        elif first:
            from admissions.accounts.models import User

            probe = User(
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
