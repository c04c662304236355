"""The year-end "best agency" evaluation (OPD pengelola media sosial terbaik): a period with its
criteria (Instrumen Penilaian), jurors and their scores, computation runs, corrections from
objections (Sanggahan), and the frozen snapshot the published result is computed from.

Every change before freezing is in the audit log (django-auditlog: who, when, old -> new) and in
the period's own log (EvaluationEvent), refused attempts included."""

from __future__ import annotations

from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencies.models import Agency


class PeriodStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    PROVISIONAL = "provisional", _("Provisional result (objection period)")
    FROZEN = "frozen", _("Scores frozen")
    PUBLISHED = "published", pgettext_lazy("evaluation", "Published")


class Normalisation(models.TextChoices):
    MINMAX = "minmax", _("Min–max among the agencies of the period")
    PERCENTILE = "percentile", _("Percentile rank among the agencies of the period")


class JuryAggregate(models.TextChoices):
    MEAN = "mean", _("Mean of the jurors' scores")
    TRIMMED = "trimmed", _("Trimmed mean (highest and lowest left out when there are 3 or more)")


class EvaluationPeriod(models.Model):
    name = models.CharField(_("name"), max_length=200)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    status = models.CharField(_("status"), max_length=12, choices=PeriodStatus.choices, default=PeriodStatus.DRAFT)
    normalisation = models.CharField(_("normalisation"), max_length=12, choices=Normalisation.choices,
                                     default=Normalisation.MINMAX)
    jury_aggregate = models.CharField(_("jury score"), max_length=10, choices=JuryAggregate.choices,
                                      default=JuryAggregate.MEAN)
    objection_days = models.PositiveSmallIntegerField(
        _("objection period (days)"), default=7, validators=[MinValueValidator(1), MaxValueValidator(60)])
    agencies = models.ManyToManyField(Agency, related_name="+", verbose_name=_("agencies evaluated"))
    provisional_at = models.DateTimeField(null=True, blank=True)
    objection_deadline = models.DateTimeField(null=True, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-end", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(start__lte=models.F("end")),
                                              name="evaluation_period_start_before_end")]

    def __str__(self) -> str:
        return self.name

    @property
    def editable(self) -> bool:
        """Criteria, jurors and scores change only before the result is frozen."""
        return self.status in (PeriodStatus.DRAFT, PeriodStatus.PROVISIONAL)


class CriterionSource(models.TextChoices):
    AUTO = "auto", _("System score (automatic)")
    JURY = "jury", _("Jury score")


class Criterion(models.Model):
    """One indicator of the period's rubric, grouped by aspect, with its weight (%)."""

    period = models.ForeignKey(EvaluationPeriod, on_delete=models.CASCADE, related_name="criteria")
    aspect = models.CharField(_("aspect"), max_length=120)
    code = models.CharField(_("code"), max_length=8)
    name = models.CharField(_("indicator"), max_length=200)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])
    source = models.CharField(_("source"), max_length=6, choices=CriterionSource.choices)
    indicator = models.CharField(_("measure"), max_length=30, blank=True,
                                 help_text=_("For a system score: what Sigap measures."))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["period", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["period", "code"], name="criterion_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class JurorAssignment(models.Model):
    """A juror of one period and the agencies they score."""

    period = models.ForeignKey(EvaluationPeriod, on_delete=models.CASCADE, related_name="jurors")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_assignments")
    agencies = models.ManyToManyField(Agency, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "juror__full_name"]
        constraints = [models.UniqueConstraint(fields=["period", "juror"], name="juror_once_per_period")]

    def __str__(self) -> str:
        return f"{self.juror} · {self.period}"


class JuryScore(models.Model):
    """One juror's score (1-100) of one agency on one jury criterion, with a justification.
    Every score is kept; the final jury score is their mean or trimmed mean."""

    assignment = models.ForeignKey(JurorAssignment, on_delete=models.CASCADE, related_name="scores")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="jury_scores")
    score = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(100)])
    justification = models.TextField(_("justification"), max_length=1000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "agency", "criterion"], name="jury_score_unique"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=100), name="jury_score_1_100"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} {self.agency_id}: {self.score}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Computing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class EvaluationRun(models.Model):
    """One computation of the period (a Celery job): the inputs it gathered and the result."""

    period = models.ForeignKey(EvaluationPeriod, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    inputs = models.JSONField(default=dict, blank=True)
    results = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.period} #{self.pk} {self.status}"


class EvaluationSnapshot(models.Model):
    """What freezing stores: every input figure and score, and the result computed from them
    alone. The published result is this one; an unfreeze voids it (kept, with the reason)."""

    period = models.ForeignKey(EvaluationPeriod, on_delete=models.CASCADE, related_name="snapshots")
    inputs = models.JSONField()
    results = models.JSONField()
    frozen_at = models.DateTimeField(auto_now_add=True)
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    void_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-frozen_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.period} {self.frozen_at:%Y-%m-%d %H:%M}"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Objection(models.Model):
    """An agency head's objection (Sanggahan) to a figure of the provisional result."""

    period = models.ForeignKey(EvaluationPeriod, on_delete=models.CASCADE, related_name="objections")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="objections",
                                  verbose_name=_("indicator"))
    reason = models.TextField(_("reason"), max_length=2000)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["filed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.agency} · {self.criterion.code}"


class InputCorrection(models.Model):
    """A corrected input figure of one agency on one system-score indicator (from an accepted
    objection): it replaces what Sigap measured in every later computation of the period."""

    period = models.ForeignKey(EvaluationPeriod, on_delete=models.CASCADE, related_name="corrections")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="corrections")
    value = models.FloatField(_("corrected value"))
    reason = models.TextField(_("reason"))
    objection = models.ForeignKey(Objection, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "agency", "criterion"], name="correction_unique")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.criterion.code} = {self.value}"


class EventKind(models.TextChoices):
    CREATED = "created", _("Period created")
    CRITERIA = "criteria", _("Criteria changed")
    JUROR = "juror", _("Juror invited")
    JURY_SUBMITTED = "jury_submitted", _("Jury scores submitted")
    RUN = "run", _("Computation")
    PROVISIONAL = "provisional", _("Provisional result announced")
    OBJECTION = "objection", _("Objection filed")
    ANSWER = "answer", _("Objection answered")
    FROZEN = "frozen", _("Scores frozen")
    UNFROZEN = "unfrozen", _("Scores unfrozen")
    PUBLISHED = "published", _("Result published")
    REFUSED = "refused", _("Refused attempt")


class EvaluationEvent(models.Model):
    """The period's own log: what was done, by whom, when; refused attempts too."""

    period = models.ForeignKey(EvaluationPeriod, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.period} {self.kind}"


auditlog.register(EvaluationPeriod, exclude_fields=["updated_at", "created_at"], m2m_fields={"agencies"})
auditlog.register(Criterion)
auditlog.register(JurorAssignment, m2m_fields={"agencies"})
auditlog.register(JuryScore, exclude_fields=["updated_at"])
auditlog.register(Objection)
auditlog.register(InputCorrection)
auditlog.register(EvaluationSnapshot, include_fields=["voided_at", "voided_by", "void_reason"])
