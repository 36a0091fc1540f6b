"""The programmes a school offers and how each recruits, year by year.

Everything here is configuration: loaded from ``programmes/*.yaml`` and editable by staff.
Adding a programme needs no code.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from admissions.core import clock


class Bilingual:
    """``obj.t("name")`` returns ``name_fr`` in French when it is filled, else ``name_en``.
    ``language`` names another language than the active one (an email's recipient's)."""

    def t(self, field: str, language: str | None = None) -> str:
        if (language or get_language() or "en").startswith("fr"):
            value = getattr(self, f"{field}_fr", "")
            if value:
                return value
        return getattr(self, f"{field}_en", "")


class ProgrammeKind(models.TextChoices):
    MSC_ENGINEERING = "msc_engineering", _("MSc in Engineering")
    POST_MASTER = "post_master", _("Post-Master's degree")
    PRE_MASTER = "pre_master", _("Pre-Master")
    MASTER_2Y = "master_2y", _("2-year Master")
    ENGINEERING_5Y = "engineering_5y", _("5-year engineering Master")


class Designation(models.TextChoices):
    NONE = "", _("None")
    MASTERE_SPECIALISE = "mastere_specialise", _("Mastère Spécialisé")
    DIPLOME_INGENIEUR_SPECIALISATION = (
        "diplome_ingenieur_specialisation",
        _("Diplôme d'ingénieur de spécialisation"),
    )
    DIPLOME_INGENIEUR = "diplome_ingenieur", _("Diplôme d'ingénieur")
    MASTER_NATIONAL = "master", _("Master's degree (national diploma)")


class Stage(models.TextChoices):
    ELIGIBILITY = "eligibility", _("Eligibility check")
    COMMITTEE_REVIEW = "committee_review", _("Committee review")
    INTERVIEW = "interview", _("Interview")
    PANEL = "panel", _("Panel decision")


class Programme(Bilingual, models.Model):
    slug = models.SlugField(unique=True, max_length=80)
    reference_prefix = models.CharField(
        max_length=8,
        unique=True,
        help_text=_("Starts application references, e.g. PMAI in PMAI-2027-00042."),
    )
    kind = models.CharField(max_length=32, choices=ProgrammeKind.choices)
    designation = models.CharField(max_length=40, choices=Designation.choices, blank=True)
    name_en = models.CharField(max_length=200)
    name_fr = models.CharField(max_length=200, blank=True)
    summary_en = models.TextField(blank=True)
    summary_fr = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    description_fr = models.TextField(blank=True)
    languages_of_instruction = models.JSONField(
        default=list, help_text=_('ISO 639-1 codes, e.g. ["en"].')
    )
    duration_months = models.PositiveSmallIntegerField()
    ects = models.PositiveSmallIntegerField()
    currency = models.CharField(max_length=3, default="EUR")
    tuition_cents = models.PositiveIntegerField(default=0)
    application_fee_cents = models.PositiveIntegerField(default=0)
    time_zone = models.CharField(max_length=64, default="Europe/Paris")
    company_training_required = models.BooleanField(default=False)
    pipeline = models.JSONField(default=list, help_text=_("Ordered stages this programme uses."))
    contacts = models.JSONField(default=list, blank=True)
    # Configuration that later capabilities read (fee reductions, funding routes, advice
    # parameters); kept as validated data rather than code.
    settings = models.JSONField(default=dict, blank=True)
    is_published = models.BooleanField(default=True)
    config_checksum = models.CharField(
        max_length=64,
        blank=True,
        help_text=_(
            "SHA-256 of the programme's configuration as last loaded from YAML (normalised: "
            "comments and layout do not count)."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_months__gt=0), name="programme_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name_en

    @property
    def stages(self) -> list[str]:
        return list(self.pipeline)


class EntryLevel(Bilingual, models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="entry_levels")
    code = models.SlugField(max_length=20)
    position = models.PositiveSmallIntegerField(default=0)
    name_en = models.CharField(max_length=200)
    name_fr = models.CharField(max_length=200, blank=True)
    required_degree_en = models.TextField(blank=True)
    required_degree_fr = models.TextField(blank=True)
    min_prior_ects = models.PositiveSmallIntegerField(null=True, blank=True)
    profile_en = models.TextField(blank=True)
    profile_fr = models.TextField(blank=True)
    eligibility_rules = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["programme", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_entry_level_code")
        ]

    def __str__(self) -> str:
        return f"{self.programme.slug}/{self.code}"


class Intake(models.Model):
    """A programme's recruitment for one academic year."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="intakes")
    academic_year = models.PositiveSmallIntegerField(
        help_text=_("The year classes start, e.g. 2027 for 2027-2028.")
    )
    starts_on = models.DateField(_("start of classes"))
    ends_on = models.DateField(null=True, blank=True)
    places = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Empty when not limited.")
    )
    hours = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Teaching hours, printed on quotes.")
    )

    class Meta:
        ordering = ["programme", "-academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "academic_year"], name="unique_intake_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme.slug} {self.academic_year_label}"

    @property
    def academic_year_label(self) -> str:
        return f"{self.academic_year}-{self.academic_year + 1}"


class RoundState(models.TextChoices):
    UPCOMING = "upcoming", _("Not open yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed, results to come")
    RESULTS = "results", _("Results published")


class Round(models.Model):
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    opens_at = models.DateTimeField()
    deadline_at = models.DateTimeField(
        help_text=_("Last second at which a submission is accepted.")
    )
    results_at = models.DateTimeField(help_text=_("When decisions of this round are released."))
    places = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["intake", "number"]
        constraints = [
            models.UniqueConstraint(fields=["intake", "number"], name="unique_round_number"),
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("deadline_at")),
                name="round_opens_before_deadline",
            ),
            models.CheckConstraint(
                condition=Q(deadline_at__lt=models.F("results_at")),
                name="round_results_after_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intake} round {self.number}"

    def state(self, now: dt.datetime | None = None) -> RoundState:
        """The round's state at ``now`` (server time). Open from ``opens_at`` to the whole
        second of ``deadline_at`` included; results are out from ``results_at``."""
        now = now or clock.now()
        if now < self.opens_at:
            return RoundState.UPCOMING
        if clock.floor_second(now) <= self.deadline_at:
            return RoundState.OPEN
        if now < self.results_at:
            return RoundState.CLOSED
        return RoundState.RESULTS

    def is_open(self, now: dt.datetime | None = None) -> bool:
        return self.state(now) == RoundState.OPEN


class Panel(models.Model):
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="panels")
    number = models.PositiveSmallIntegerField()
    sits_on = models.DateField()
    rounds = models.ManyToManyField(Round, related_name="panels")

    class Meta:
        ordering = ["intake", "number"]
        constraints = [
            models.UniqueConstraint(fields=["intake", "number"], name="unique_panel_number")
        ]

    def __str__(self) -> str:
        return f"{self.intake} panel {self.number}"


class DocumentType(Bilingual, models.Model):
    """A kind of document, with a stable code integrations and YAML use (``cv``, …).

    The table is shared by every programme. The standard types are created by a migration;
    a programme's YAML may declare types of its own, which then record ``declared_by`` so the
    exporter writes them back into that programme's file and no other programme redefines them.
    """

    code = models.SlugField(max_length=40, unique=True)
    name_en = models.CharField(max_length=120)
    name_fr = models.CharField(max_length=120, blank=True)
    help_en = models.TextField(blank=True)
    help_fr = models.TextField(blank=True)
    declared_by = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="declared_document_types",
        help_text=_("The programme whose configuration declares this type; empty: standard."),
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class RequirementTiming(models.TextChoices):
    AT_SUBMISSION = "at_submission", _("Required to submit")
    AFTER_SUBMISSION = "after_submission", _("May be sent after submission")


class DocumentRequirement(Bilingual, models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="document_requirements"
    )
    entry_level = models.ForeignKey(
        EntryLevel,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="document_requirements",
        help_text=_("Empty: asked at every entry level."),
    )
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="requirements"
    )
    position = models.PositiveSmallIntegerField(default=0)
    required = models.BooleanField(default=True)
    timing = models.CharField(
        max_length=20, choices=RequirementTiming.choices, default=RequirementTiming.AT_SUBMISSION
    )
    min_files = models.PositiveSmallIntegerField(default=1)
    max_files = models.PositiveSmallIntegerField(default=1)
    accepted_formats = models.JSONField(default=list)
    max_size_mb = models.PositiveSmallIntegerField(default=10)
    condition = models.CharField(max_length=300, blank=True, help_text=_("Empty: always asked."))
    note_en = models.TextField(blank=True)
    note_fr = models.TextField(blank=True)

    class Meta:
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "entry_level", "document_type"],
                name="unique_requirement_per_level",
            ),
            models.CheckConstraint(
                condition=Q(min_files__lte=models.F("max_files")), name="requirement_files_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.slug}: {self.document_type.code}"


class ReviewCriterion(Bilingual, models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="review_criteria"
    )
    code = models.SlugField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    label_en = models.CharField(max_length=200)
    label_fr = models.CharField(max_length=200, blank=True)
    description_en = models.TextField(blank=True)
    description_fr = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_review_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.programme.slug}: {self.code}"


class AdviceTrigger(models.TextChoices):
    ALWAYS = "always", _("Always shown")
    INTERNATIONAL_AFTER_ROUND = (
        "international_after_round",
        _("International applicant in a late round"),
    )
    FUNDING_AFTER_ROUND = "funding_after_round", _("Funding route needing an early round")
    EARLY_ROUND = "early_round", _("Encourage the first round")


class Advice(Bilingual, models.Model):
    """A piece of advice from the programme page that the portal turns into a warning."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="advice")
    code = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    trigger = models.CharField(
        max_length=40, choices=AdviceTrigger.choices, default=AdviceTrigger.ALWAYS
    )
    # For the *_after_round triggers: the last round the advice recommends.
    max_round = models.PositiveSmallIntegerField(null=True, blank=True)
    funding_routes = models.JSONField(default=list, blank=True)
    text_en = models.TextField()
    text_fr = models.TextField(blank=True)

    class Meta:
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_advice_code")
        ]

    def __str__(self) -> str:
        return f"{self.programme.slug}: {self.code}"
