"""What the communications office, the jurors and the agency heads do to an evaluation period.
Every service checks who may do it: a refused attempt raises EvaluationRefused and is written in
the period's log (EvaluationEvent) — freezing, unfreezing, editing scores or criteria by anyone
else than the communications office (or a juror for their own scores) never passes silently."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, User
from accounts.roles import roles_of
from agencies.models import Agency
from rankings.evaluation import scoring
from rankings.evaluation.indicators import INDICATORS, gather
from rankings.evaluation.models import (
    Criterion,
    CriterionSource,
    EvaluationEvent,
    EvaluationPeriod,
    EvaluationRun,
    EvaluationSnapshot,
    EventKind,
    InputCorrection,
    JurorAssignment,
    JuryScore,
    Objection,
    ObjectionStatus,
    PeriodStatus,
    RunStatus,
)

logger = logging.getLogger(__name__)


class EvaluationRefused(Exception):
    """The person may not do this, or the period's state does not allow it (message for people).
    `log`: the refused attempt to write in the period's log once the service's transaction has
    rolled back (see `service`)."""

    def __init__(self, message: str, *, log: tuple[int, int | None, str] | None = None) -> None:
        super().__init__(message)
        self.log = log
        self.forbidden = log is not None  # the person may not; otherwise the period's state


def service(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run the service in a transaction; a refused attempt it raises is written in the period's
    log after the rollback, so that the refusal stays while nothing of the attempt does."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with transaction.atomic():
                return func(*args, **kwargs)
        except EvaluationRefused as exc:
            if exc.log is not None:
                period_id, actor_id, what = exc.log
                exc.log = None  # once, however deeply services nest
                EvaluationEvent.objects.create(period_id=period_id, actor_id=actor_id, kind=EventKind.REFUSED,
                                               summary=what)
            raise

    return wrapper


# --- The default rubric ------------------------------------------------------------------------

A = "A. Responsivitas"
B = "B. Konsistensi"
C = "C. Keterlibatan dan jangkauan"
D = "D. Kualitas konten"
E = "E. Tata kelola akun"

#: (aspect, code, name, weight, source, indicator). Weights are Sigap's (no published weights
#: exist); the communications office edits them per period.
DEFAULT_RUBRIC: list[tuple[str, str, str, str, str, str]] = [
    (A, "A1", "Median tanggapan pertama (waktu kerja)", "12", "auto", "response_median"),
    (A, "A2", "Aduan ditanggapi tepat waktu", "15", "auto", "within_target"),
    (A, "A3", "Aduan yang ditandai dijawab OPD atau kepalanya", "8", "auto", "answered_share"),
    (B, "B1", "Unggahan per minggu (batas bawah 2 per akun)", "8", "auto", "posting_rate"),
    (B, "B2", "Minggu dengan unggahan", "7", "auto", "active_weeks"),
    (B, "B3", "Jeda terpanjang tanpa unggahan (batas 14 hari)", "5", "auto", "longest_gap"),
    (C, "C1", "Interaksi per unggahan per 1.000 pengikut", "12", "auto", "engagement"),
    (C, "C2", "Pertumbuhan pengikut", "8", "auto", "follower_growth"),
    (D, "D1", "Akurasi informasi (5W+1H)", "3", "jury", ""),
    (D, "D2", "Kreativitas", "3", "jury", ""),
    (D, "D3", "Etika dan prinsip Permen PAN-RB 83/2012", "3", "jury", ""),
    (D, "D4", "Estetika", "3", "jury", ""),
    (D, "D5", "Nilai komunikasi publik dan inovasi", "3", "jury", ""),
    (E, "E1", "Semua platform yang diharapkan terdaftar", "4", "auto", "platform_coverage"),
    (E, "E2", "Akun Terverifikasi Platform", "3", "auto", "verified"),
    (E, "E3", "Identitas konsisten dan ditautkan dari situs web", "3", "jury", ""),
]


@dataclass(frozen=True)
class CriterionSpec:
    aspect: str
    code: str
    name: str
    weight: Decimal
    source: str
    indicator: str = ""


def default_rubric() -> list[CriterionSpec]:
    return [CriterionSpec(a, c, n, Decimal(w), s, i) for a, c, n, w, s, i in DEFAULT_RUBRIC]


def criteria_check(specs: list[CriterionSpec]) -> None:
    """Weights sum to exactly 100; codes unique; system scores name a known measure."""
    if not specs:
        raise EvaluationRefused(_("The rubric needs at least one indicator."))
    total = sum((s.weight for s in specs), Decimal(0))
    if total != Decimal(100):
        raise EvaluationRefused(_("The weights must add up to 100%%; they add up to %(total)s%%.")
                                % {"total": f"{total.normalize():f}".replace(".", ",")})
    codes = [s.code for s in specs]
    if len(set(codes)) != len(codes):
        raise EvaluationRefused(_("Each indicator needs its own code."))
    for spec in specs:
        if spec.weight < 0:
            raise EvaluationRefused(_("A weight cannot be negative."))
        if spec.source == CriterionSource.AUTO and spec.indicator not in INDICATORS:
            raise EvaluationRefused(_("Indicator %(code)s: choose what Sigap measures.") % {"code": spec.code})


# --- Who may ------------------------------------------------------------------------------------


def log(period: EvaluationPeriod, actor: User | None, kind: str, summary: str = "") -> EvaluationEvent:
    return EvaluationEvent.objects.create(period=period, actor=actor, kind=kind, summary=summary)


def refuse(period: EvaluationPeriod, actor: User | None, what: str, message: str) -> EvaluationRefused:
    """The exception to raise for a refused attempt; `service` writes it in the period's log."""
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    logger.warning("evaluation %s: refused %s by user %s", period.pk, what, actor_id)
    return EvaluationRefused(message, log=(period.pk, actor_id, what))


def refuse_logged(period: EvaluationPeriod, actor: User | None, what: str) -> None:
    """Write a refused attempt that never reached a service (e.g. scores posted by a non-juror)."""
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    logger.warning("evaluation %s: refused %s by user %s", period.pk, what, actor_id)
    EvaluationEvent.objects.create(period=period, actor_id=actor_id, kind=EventKind.REFUSED, summary=what)


def _comms(period: EvaluationPeriod, actor: User, what: str) -> None:
    if not roles_of(actor).registrar:
        raise refuse(period, actor, what, _("Only the communications office can do this."))


def _editable(period: EvaluationPeriod, actor: User, what: str) -> None:
    if not period.editable:
        raise refuse(period, actor, what, _("The scores are frozen: unfreeze the period first."))


# --- The period ----------------------------------------------------------------------------------


@service
def period_create(*, name: str, start: date, end: date, actor: User, agencies: list[Agency] | None = None,
                  normalisation: str = "minmax", jury_aggregate: str = "mean", objection_days: int = 7,
                  criteria: list[CriterionSpec] | None = None) -> EvaluationPeriod:
    if not roles_of(actor).registrar:
        raise EvaluationRefused(_("Only the communications office can do this."))
    if start > end:
        raise EvaluationRefused(_("The end date is before the start date."))
    specs = criteria if criteria is not None else default_rubric()
    criteria_check(specs)
    period = EvaluationPeriod.objects.create(name=name, start=start, end=end, created_by=actor,
                                             normalisation=normalisation, jury_aggregate=jury_aggregate,
                                             objection_days=objection_days)
    period.agencies.set(agencies if agencies is not None else Agency.objects.filter(is_active=True))
    _criteria_write(period, specs)
    log(period, actor, EventKind.CREATED, _("%(n)d agencies, %(c)d indicators")
        % {"n": period.agencies.count(), "c": len(specs)})
    return period


def _criteria_write(period: EvaluationPeriod, specs: list[CriterionSpec]) -> None:
    Criterion.objects.bulk_create([
        Criterion(period=period, aspect=s.aspect, code=s.code, name=s.name, weight=s.weight, source=s.source,
                  indicator=s.indicator if s.source == CriterionSource.AUTO else "", position=i)
        for i, s in enumerate(specs)
    ])


@service
def criteria_set(*, period: EvaluationPeriod, specs: list[CriterionSpec], actor: User) -> None:
    """Replace the period's rubric (before the provisional result: heads object to figures of a
    rubric that no longer moves). Each criterion kept by code is updated in place (its jury
    scores stay); the others are removed or added."""
    _comms(period, actor, "criteria")
    if period.status != PeriodStatus.DRAFT:
        raise refuse(period, actor, "criteria", _("The rubric can only change while the period is being prepared."))
    criteria_check(specs)
    existing = {c.code: c for c in period.criteria.all()}
    wanted = {s.code for s in specs}
    for code, criterion in existing.items():
        if code not in wanted:
            criterion.delete()
    for position, spec in enumerate(specs):
        criterion = existing.get(spec.code) or Criterion(period=period, code=spec.code)
        criterion.aspect, criterion.name, criterion.weight = spec.aspect, spec.name, spec.weight
        criterion.source, criterion.position = spec.source, position
        criterion.indicator = spec.indicator if spec.source == CriterionSource.AUTO else ""
        criterion.save()
    log(period, actor, EventKind.CRITERIA, ", ".join(f"{s.code} {s.weight.normalize():f}%" for s in specs))


# --- Jurors ---------------------------------------------------------------------------------------


@service
def juror_invite(*, period: EvaluationPeriod, email: str, full_name: str, agencies: list[Agency],
                 actor: User) -> tuple[JurorAssignment, bool]:
    """Give a person (new to Sigap, or already a juror elsewhere) a juror-only account for this
    period with the agencies they score. Returns (assignment, needs a password)."""
    from accounts.services import user_get_or_create

    _comms(period, actor, "juror")
    _editable(period, actor, "juror")
    user, _created = user_get_or_create(email=email, full_name=full_name, update_existing=False)
    roles = roles_of(user)
    if roles.has_any or user.is_staff or user.is_superuser:
        raise EvaluationRefused(_("%(name)s already works in Sigap; a juror needs an account that is only a "
                                  "juror's.") % {"name": user.full_name or user.email})
    outside = [a for a in agencies if not period.agencies.filter(pk=a.pk).exists()]
    if outside or not agencies:
        raise EvaluationRefused(_("Choose the agencies of this period the juror scores."))
    assignment, _new = JurorAssignment.objects.get_or_create(period=period, juror=user,
                                                             defaults={"invited_by": actor})
    assignment.agencies.set(agencies)
    log(period, actor, EventKind.JUROR, _("%(name)s: %(n)d agencies") % {"name": user.full_name or user.email,
                                                                           "n": len(agencies)})
    return assignment, not user.has_usable_password()


def assignment_for(period: EvaluationPeriod, user: User) -> JurorAssignment | None:
    if not user.is_authenticated:
        return None
    return JurorAssignment.objects.filter(period=period, juror=user, juror__is_active=True).first()


@service
def jury_scores_save(*, assignment: JurorAssignment, scores: dict[tuple[int, int], tuple[int, str]],
                     actor: User, submit: bool = False) -> int:
    """Save the juror's scores {(agency id, criterion id): (score, justification)}; with
    `submit`, every assigned agency must have every jury criterion scored, and the scores lock."""
    period = EvaluationPeriod.objects.select_for_update().get(pk=assignment.period_id)
    if actor.pk != assignment.juror_id:
        raise refuse(period, actor, "jury scores", _("Only the juror can enter their own scores."))
    _editable(period, actor, "jury scores")
    assignment = JurorAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.submitted_at is not None:
        raise refuse(period, actor, "jury scores", _("Your scores were submitted and can no longer change."))
    agencies = set(assignment.agencies.values_list("pk", flat=True))
    criteria = set(period.criteria.filter(source=CriterionSource.JURY).values_list("pk", flat=True))
    saved = 0
    for (agency_id, criterion_id), (value, justification) in scores.items():
        if agency_id not in agencies or criterion_id not in criteria:
            raise EvaluationRefused(_("That agency or indicator is not yours to score."))
        if not 1 <= int(value) <= 100:
            raise EvaluationRefused(_("Scores are from 1 to 100."))
        if not justification.strip():
            raise EvaluationRefused(_("Each score needs a short justification."))
        JuryScore.objects.update_or_create(assignment=assignment, agency_id=agency_id, criterion_id=criterion_id,
                                           defaults={"score": int(value), "justification": justification.strip()})
        saved += 1
    if submit:
        have = set(assignment.scores.values_list("agency_id", "criterion_id"))
        missing = {(a, c) for a in agencies for c in criteria} - have
        if missing:
            raise EvaluationRefused(_("%(n)d scores are still missing.") % {"n": len(missing)})
        assignment.submitted_at = timezone.now()
        assignment.save(update_fields=["submitted_at"])
        log(period, actor, EventKind.JURY_SUBMITTED, actor.full_name or actor.email)
    return saved


# --- Computing ------------------------------------------------------------------------------------


@service
def run_start(*, period: EvaluationPeriod, actor: User) -> EvaluationRun:
    """Queue a computation (a Celery job); re-run as often as needed until the period is frozen."""
    _comms(period, actor, "run")
    _editable(period, actor, "run")
    busy = period.runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).first()
    if busy is not None:
        return busy
    run = EvaluationRun.objects.create(period=period, started_by=actor)
    from rankings.evaluation.tasks import evaluation_compute

    transaction.on_commit(lambda: evaluation_compute.delay(run.pk))
    return run


def inputs_base(period: EvaluationPeriod) -> dict[str, Any]:
    """Everything but the measured figures: the period, agencies, rubric, corrections and the
    submitted jury scores (a juror's scores count once they are submitted)."""
    agencies = list(period.agencies.order_by("name").values("id", "slug", "name", "short_name"))
    criteria = [{"code": c.code, "aspect": c.aspect, "name": c.name, "weight": str(c.weight), "source": c.source,
                 "indicator": c.indicator} for c in period.criteria.order_by("position", "code")]
    corrections = [{"agency": c.agency_id, "criterion": c.criterion.code, "value": c.value, "reason": c.reason}
                   for c in period.corrections.select_related("criterion").order_by("pk")]
    jury = [{"juror": s.assignment.juror_id, "juror_name": s.assignment.juror.full_name or s.assignment.juror.email,
             "agency": s.agency_id, "criterion": s.criterion.code, "score": s.score, "justification": s.justification}
            for s in JuryScore.objects.filter(assignment__period=period, assignment__submitted_at__isnull=False)
            .select_related("assignment__juror", "criterion").order_by("pk")]
    return {
        "period": {"id": period.pk, "name": period.name, "start": period.start.isoformat(),
                   "end": period.end.isoformat(), "normalisation": period.normalisation,
                   "jury_aggregate": period.jury_aggregate},
        "agencies": agencies, "criteria": criteria, "corrections": corrections, "jury": jury,
    }


def run_compute(run_id: int) -> EvaluationRun:
    """The job: gather the measured figures (progress written as it goes), score, store."""
    run = EvaluationRun.objects.select_related("period").get(pk=run_id)
    if run.status == RunStatus.DONE:
        return run  # a job delivered twice computes once
    period = run.period

    def progress(percent: int, step: str) -> None:
        EvaluationRun.objects.filter(pk=run.pk).update(progress=percent, step=step, status=RunStatus.RUNNING)

    try:
        progress(1, "start")
        agency_ids = list(period.agencies.order_by("pk").values_list("pk", flat=True))
        measured = gather(period.start, period.end, agency_ids, progress)
        inputs = inputs_base(period)
        inputs.update({"measured": measured["indicators"], "details": measured["details"],
                       "bands": measured["bands"], "measured_at": timezone.now().isoformat()})
        results = scoring.score(inputs)
    except Exception as exc:
        EvaluationRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=str(exc)[:2000],
                                                       finished_at=timezone.now())
        log(period, None, EventKind.RUN, _("failed: %(error)s") % {"error": str(exc)[:200]})
        raise
    EvaluationRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, progress=100, step="done",
                                                   inputs=inputs, results=results, finished_at=timezone.now())
    log(period, run.started_by, EventKind.RUN, _("done: %(n)d agencies") % {"n": len(results)})
    run.refresh_from_db()
    return run


def latest_run(period: EvaluationPeriod) -> EvaluationRun | None:
    return period.runs.filter(status=RunStatus.DONE).order_by("-finished_at", "-pk").first()


def current_snapshot(period: EvaluationPeriod) -> EvaluationSnapshot | None:
    return period.snapshots.filter(voided_at__isnull=True).order_by("-frozen_at", "-pk").first()


def current_result(period: EvaluationPeriod) -> tuple[list[dict[str, Any]], dict[str, Any], bool] | None:
    """(results, inputs, final): the frozen snapshot's result, recomputed from its inputs alone,
    once frozen; before that the latest computation's (provisional)."""
    snapshot = current_snapshot(period)
    if snapshot is not None and period.status in (PeriodStatus.FROZEN, PeriodStatus.PUBLISHED):
        return scoring.score(snapshot.inputs), snapshot.inputs, True
    run = latest_run(period)
    if run is None:
        return None
    return run.results, run.inputs, False


# --- Provisional result, objections, freeze, publish -------------------------------------------------


def _end_of_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=timezone.get_default_timezone())


@service
def provisional_publish(*, period: EvaluationPeriod, actor: User) -> EvaluationPeriod:
    period = EvaluationPeriod.objects.select_for_update().get(pk=period.pk)
    _comms(period, actor, "provisional")
    if period.status != PeriodStatus.DRAFT:
        raise EvaluationRefused(_("The provisional result was already announced."))
    if latest_run(period) is None:
        raise EvaluationRefused(_("Compute the result first."))
    now = timezone.now()
    today = timezone.localdate(now)
    period.status = PeriodStatus.PROVISIONAL
    period.provisional_at = now
    period.objection_deadline = _end_of_day(today + timedelta(days=period.objection_days))
    period.save(update_fields=["status", "provisional_at", "objection_deadline", "updated_at"])
    log(period, actor, EventKind.PROVISIONAL, _("objections until %(when)s")
        % {"when": timezone.localtime(period.objection_deadline).strftime("%d-%m-%Y %H.%M")})
    return period


def objections_open(period: EvaluationPeriod, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (period.status == PeriodStatus.PROVISIONAL and period.objection_deadline is not None
            and now <= period.objection_deadline)


@service
def objection_file(*, period: EvaluationPeriod, agency: Agency, criterion: Criterion, reason: str,
                   actor: User) -> Objection:
    """The agency's head objects to a system-score figure of the provisional result."""
    roles = roles_of(actor)
    if agency.pk not in roles.head_of:
        raise refuse(period, actor, "objection", _("Only the agency's head can file an objection."))
    if not objections_open(period):
        raise EvaluationRefused(_("The objection period is closed."))
    if not period.agencies.filter(pk=agency.pk).exists() or criterion.period_id != period.pk:
        raise EvaluationRefused(_("That agency or indicator is not part of this evaluation."))
    if criterion.source != CriterionSource.AUTO:
        raise EvaluationRefused(_("Objections are to the system's figures; jury scores are the jurors' judgement."))
    if not reason.strip():
        raise EvaluationRefused(_("Say why the figure is wrong."))
    objection = Objection.objects.create(period=period, agency=agency, criterion=criterion,
                                         reason=reason.strip(), filed_by=actor)
    log(period, actor, EventKind.OBJECTION, f"{agency.short_name or agency.name} · {criterion.code}")
    return objection


@service
def objection_answer(*, objection: Objection, accept: bool, answer: str, actor: User,
                     corrected_value: float | None = None) -> Objection:
    """Accepted: the corrected figure replaces the measured one and the period is computed
    again. Rejected: the reason is shown to the agency."""
    period = EvaluationPeriod.objects.select_for_update().get(pk=objection.period_id)
    _comms(period, actor, "objection answer")
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != ObjectionStatus.OPEN:
        raise EvaluationRefused(_("This objection was already answered."))
    if period.status != PeriodStatus.PROVISIONAL:
        raise EvaluationRefused(_("Objections are answered while the result is provisional."))
    if not answer.strip():
        raise EvaluationRefused(_("Write the answer the agency will read."))
    if accept and corrected_value is None:
        raise EvaluationRefused(_("An accepted objection needs the corrected figure."))
    objection.status = ObjectionStatus.ACCEPTED if accept else ObjectionStatus.REJECTED
    objection.answer, objection.answered_by, objection.answered_at = answer.strip(), actor, timezone.now()
    objection.save()
    if accept:
        InputCorrection.objects.update_or_create(
            period=period, agency=objection.agency, criterion=objection.criterion,
            defaults={"value": float(corrected_value), "reason": answer.strip(), "objection": objection,
                      "created_by": actor})
    log(period, actor, EventKind.ANSWER, f"{objection.agency.short_name or objection.agency.name} · "
        f"{objection.criterion.code}: {objection.get_status_display()}")
    if accept:
        run = EvaluationRun.objects.create(period=period, started_by=actor)
        from rankings.evaluation.tasks import evaluation_compute

        transaction.on_commit(lambda: evaluation_compute.delay(run.pk))
    return objection


@service
def period_freeze(*, period: EvaluationPeriod, actor: User, now: datetime | None = None) -> EvaluationSnapshot:
    """Store every input figure and score, and the result computed from them alone."""
    period = EvaluationPeriod.objects.select_for_update().get(pk=period.pk)
    _comms(period, actor, "freeze")
    now = now or timezone.now()
    if period.status != PeriodStatus.PROVISIONAL:
        raise EvaluationRefused(_("Announce the provisional result and let the objection period run first."))
    if objections_open(period, now):
        raise EvaluationRefused(_("The objection period is still open."))
    if period.objections.filter(status=ObjectionStatus.OPEN).exists():
        raise EvaluationRefused(_("Answer every objection first."))
    if period.jurors.filter(submitted_at__isnull=True).exists():
        raise EvaluationRefused(_("Some jurors have not submitted their scores yet."))
    if period.runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
        raise EvaluationRefused(_("A computation is still running."))
    run = latest_run(period)
    if run is None:
        raise EvaluationRefused(_("Compute the result first."))
    inputs = {**run.inputs, **inputs_base(period)}  # the run's measured figures; today's rubric, jury, corrections
    inputs["frozen_from_run"] = run.pk
    snapshot = EvaluationSnapshot.objects.create(period=period, inputs=inputs, results=scoring.score(inputs),
                                                 frozen_by=actor)
    period.status, period.frozen_at = PeriodStatus.FROZEN, now
    period.save(update_fields=["status", "frozen_at", "updated_at"])
    log(period, actor, EventKind.FROZEN, _("from computation #%(run)d") % {"run": run.pk})
    return snapshot


@service
def period_unfreeze(*, period: EvaluationPeriod, actor: User, reason: str) -> EvaluationPeriod:
    period = EvaluationPeriod.objects.select_for_update().get(pk=period.pk)
    _comms(period, actor, "unfreeze")
    if period.status not in (PeriodStatus.FROZEN, PeriodStatus.PUBLISHED):
        raise EvaluationRefused(_("The scores are not frozen."))
    if not reason.strip():
        raise refuse(period, actor, "unfreeze", _("Unfreezing needs a written reason."))
    snapshot = current_snapshot(period)
    if snapshot is not None:
        snapshot.voided_at, snapshot.voided_by, snapshot.void_reason = timezone.now(), actor, reason.strip()
        snapshot.save(update_fields=["voided_at", "voided_by", "void_reason"])
    period.status, period.frozen_at, period.published_at = PeriodStatus.PROVISIONAL, None, None
    period.save(update_fields=["status", "frozen_at", "published_at", "updated_at"])
    log(period, actor, EventKind.UNFROZEN, reason.strip())
    return period


@service
def period_publish(*, period: EvaluationPeriod, actor: User) -> EvaluationPeriod:
    period = EvaluationPeriod.objects.select_for_update().get(pk=period.pk)
    _comms(period, actor, "publish")
    if period.status != PeriodStatus.FROZEN:
        raise EvaluationRefused(_("Freeze the scores before publishing."))
    period.status, period.published_at = PeriodStatus.PUBLISHED, timezone.now()
    period.save(update_fields=["status", "published_at", "updated_at"])
    log(period, actor, EventKind.PUBLISHED)
    return period


# --- Who sees what ------------------------------------------------------------------------------------


def can_manage(user: User) -> bool:
    return roles_of(user).registrar


def can_see_all_results(user: User, period: EvaluationPeriod) -> bool:
    """The communications office always; the mayor's office too; every agency's people once the
    result is provisional (announced for objections) or published."""
    roles = roles_of(user)
    if roles.region_wide:
        return True
    return bool(roles.agency_ids) and period.status != PeriodStatus.DRAFT


def can_see_report(user: User, period: EvaluationPeriod, agency: Agency) -> bool:
    roles = roles_of(user)
    if roles.region_wide:
        return True
    return agency.pk in roles.agency_ids and period.status != PeriodStatus.DRAFT


def head_of(user: User, agency: Agency) -> bool:
    return Membership.objects.active().filter(user=user, agency=agency, role=Role.HEAD).exists()


def region_name() -> str:
    return settings.SIGAP_REGION_NAME
