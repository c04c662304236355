"""The evaluation's pages. The communications office runs a period from its page; the mayor's
office reads the results; an agency's people see the results once announced and their own
report card, and the head files objections; a juror sees only their own scoring page.

Actions that only the communications office may do are not hidden behind a 403 gate: they go
to the service, which refuses and writes the attempt in the period's log."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import member_required, registrar_required
from accounts.roles import roles_of
from agencies.models import Agency
from rankings.evaluation import exports, services
from rankings.evaluation.forms import (
    AnswerForm,
    CriterionFormSet,
    JurorInviteForm,
    ObjectionForm,
    PeriodForm,
    UnfreezeForm,
)
from rankings.evaluation.indicators import INDICATORS
from rankings.evaluation.models import (
    CriterionSource,
    EvaluationPeriod,
    JurorAssignment,
    JuryScore,
    Objection,
    ObjectionStatus,
    PeriodStatus,
    RunStatus,
)

# --- Lists and the communications office's page ----------------------------------------------------


@member_required
@require_GET
def period_list(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    periods = EvaluationPeriod.objects.all()
    if not roles.region_wide:
        periods = periods.exclude(status=PeriodStatus.DRAFT)
    return render(request, "evaluation/period_list.html", {"periods": periods, "can_manage": roles.registrar})


@registrar_required
def period_create(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.POST or None, initial={"name": _("Best agency social media management %(year)s")
                                                     % {"year": timezone.localdate().year}})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            period = services.period_create(name=d["name"], start=d["start"], end=d["end"], actor=request.user,
                                            normalisation=d["normalisation"], jury_aggregate=d["jury_aggregate"],
                                            objection_days=d["objection_days"])
        except services.EvaluationRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Period created with the default rubric; adjust it if needed."))
            return redirect("evaluation:period", pk=period.pk)
    return render(request, "evaluation/period_form.html", {"form": form})


def _period(pk: int) -> EvaluationPeriod:
    return get_object_or_404(EvaluationPeriod, pk=pk)


@registrar_required
@require_GET
def period_page(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(pk)
    criteria = list(period.criteria.order_by("position", "code"))
    total_weight = sum(c.weight for c in criteria)
    jurors = list(period.jurors.select_related("juror").prefetch_related("agencies"))
    run = period.runs.order_by("-created_at", "-pk").first()
    objections = list(period.objections.select_related("agency", "criterion", "filed_by", "answered_by"))
    for objection in objections:
        if objection.status == ObjectionStatus.OPEN:
            objection.answer_form = AnswerForm(prefix=f"o{objection.pk}")
    result = services.current_result(period)
    return render(request, "evaluation/period.html", {
        "period": period, "criteria": criteria, "total_weight": total_weight, "jurors": jurors, "run": run,
        "objections": objections, "results": result[0][:10] if result else [], "final": result[2] if result else False,
        "invite_form": JurorInviteForm(period=period), "unfreeze_form": UnfreezeForm(),
        "events": period.events.select_related("actor").order_by("-at", "-pk")[:50],
        "objections_open": services.objections_open(period),
        "open_objections": sum(1 for o in objections if o.status == ObjectionStatus.OPEN),
        "unsubmitted": sum(1 for j in jurors if j.submitted_at is None),
    })


@registrar_required
def criteria_edit(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(pk)
    initial = [{"aspect": c.aspect, "code": c.code, "name": c.name, "weight": c.weight, "source": c.source,
                "indicator": c.indicator} for c in period.criteria.order_by("position", "code")]
    formset = CriterionFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        specs = [f.spec() for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        try:
            services.criteria_set(period=period, specs=specs, actor=request.user)
        except services.EvaluationRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Rubric saved."))
            return redirect("evaluation:period", pk=period.pk)
    return render(request, "evaluation/criteria_form.html", {"period": period, "formset": formset,
                                                              "editable": period.status == PeriodStatus.DRAFT})


def _act(request: HttpRequest, period: EvaluationPeriod, call: Any, done: str) -> HttpResponse:
    """Run a service for the page; a refusal of the person is 403 (logged by the service), a
    refusal of the period's state a message."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        call()
    except services.EvaluationRefused as exc:
        if exc.forbidden:
            if not roles_of(request.user).has_any and services.assignment_for(period, request.user) is None:
                raise Http404 from exc
            raise PermissionDenied(str(exc)) from exc
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("evaluation:period", pk=period.pk)


@require_POST
def period_run(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(pk)
    return _act(request, period, lambda: services.run_start(period=period, actor=request.user),
                _("Computation started."))


@require_POST
def period_provisional(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(pk)
    return _act(request, period, lambda: services.provisional_publish(period=period, actor=request.user),
                _("Provisional result announced: agencies can now file objections."))


@require_POST
def period_freeze(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(pk)
    return _act(request, period, lambda: services.period_freeze(period=period, actor=request.user),
                _("Scores frozen."))


@require_POST
def period_unfreeze(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(pk)
    form = UnfreezeForm(request.POST)
    reason = form.data.get("reason", "")
    return _act(request, period, lambda: services.period_unfreeze(period=period, actor=request.user, reason=reason),
                _("Scores unfrozen."))


@require_POST
def period_publish(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(pk)
    return _act(request, period, lambda: services.period_publish(period=period, actor=request.user),
                _("Result published."))


@require_POST
def juror_invite(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(pk)
    form = JurorInviteForm(request.POST, period=period)
    if not roles_of(request.user).registrar:
        return _act(request, period, lambda: services.juror_invite(period=period, email="", full_name="", agencies=[],
                                                                   actor=request.user), "")
    if not form.is_valid():
        messages.error(request, _("Please check the form: %(errors)s") % {
            "errors": "; ".join(str(e) for errors in form.errors.values() for e in errors)})
        return redirect("evaluation:period", pk=period.pk)

    def invite() -> None:
        from accounts.services import invitation_send

        assignment, needs_password = services.juror_invite(
            period=period, email=form.cleaned_data["email"], full_name=form.cleaned_data["full_name"],
            agencies=list(form.cleaned_data["agencies"]), actor=request.user)
        if needs_password:
            invitation_send(request=request, user=assignment.juror)

    return _act(request, period, invite, _("Juror invited: they receive an e-mail to choose a password."))


@require_POST
def objection_answer(request: HttpRequest, pk: int, objection_pk: int) -> HttpResponse:
    period = _period(pk)
    objection = get_object_or_404(Objection, pk=objection_pk, period=period)
    form = AnswerForm(request.POST, prefix=f"o{objection.pk}")
    if roles_of(request.user).registrar and not form.is_valid():
        messages.error(request, _("Please check the form: %(errors)s") % {
            "errors": "; ".join(str(e) for errors in form.errors.values() for e in errors)})
        return redirect("evaluation:period", pk=period.pk)
    data = form.cleaned_data if form.is_valid() else {"decision": "reject", "answer": "", "corrected_value": None}
    return _act(request, period, lambda: services.objection_answer(
        objection=objection, accept=data["decision"] == "accept", answer=data["answer"],
        corrected_value=data.get("corrected_value"), actor=request.user), _("Objection answered."))


@registrar_required
@require_GET
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(pk)
    run = period.runs.order_by("-created_at", "-pk").first()
    response = render(request, "evaluation/_progress.html", {"period": period, "run": run})
    if run is not None and run.status == RunStatus.DONE and request.GET.get("was") in (RunStatus.QUEUED,
                                                                                       RunStatus.RUNNING):
        response["HX-Refresh"] = "true"  # the result under the bar is new: show it
    return response


# --- Results, report cards, exports -------------------------------------------------------------------


def _result_or_404(request: HttpRequest, period: EvaluationPeriod) -> tuple[list[dict], dict, bool]:
    result = services.current_result(period)
    if result is None:
        raise Http404
    return result


def _results_gate(request: HttpRequest, period: EvaluationPeriod) -> None:
    if not services.can_see_all_results(request.user, period):
        raise Http404


@member_required
@require_GET
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(pk)
    _results_gate(request, period)
    results, inputs, final = _result_or_404(request, period)
    aspects = _aspects(inputs)
    return render(request, "evaluation/results.html", {
        "period": period, "results": results, "podium": results[:3], "final": final, "aspects": aspects,
        "criteria": inputs["criteria"], "method": exports.method_lines(inputs),
        "my_agencies": roles_of(request.user).agency_ids,
    })


def _aspects(inputs: dict[str, Any]) -> list[dict[str, Any]]:
    """The aspects in rubric order: name, a short label for table headers ("A" of "A. ...")
    and the weight."""
    weights: dict[str, float] = defaultdict(float)
    for criterion in inputs["criteria"]:
        weights[criterion["aspect"]] += float(criterion["weight"])
    return [{"name": name, "short": name.split(".")[0] if "." in name[:4] else name[:3], "weight": weight}
            for name, weight in weights.items()]


@member_required
@require_GET
def report_card(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    period = _period(pk)
    agency = get_object_or_404(Agency, slug=slug)
    if not services.can_see_report(request.user, period, agency):
        raise Http404
    results, inputs, final = _result_or_404(request, period)
    row = next((r for r in results if r["agency"] == agency.pk), None)
    if row is None:
        raise Http404
    card = exports.report_card(row, inputs, len(results))
    objections = list(period.objections.filter(agency=agency).select_related("criterion", "filed_by"))
    can_object = services.objections_open(period) and agency.pk in roles_of(request.user).head_of
    return render(request, "evaluation/report_card.html", {
        "period": period, "agency": agency, "row": row, "card": card, "final": final, "of": len(results),
        "objections": objections, "objection_form": ObjectionForm(period=period) if can_object else None,
    })


@require_POST
def objection_file(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    period = _period(pk)
    agency = get_object_or_404(Agency, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.can_see_report(request.user, period, agency):
        raise Http404
    form = ObjectionForm(request.POST, period=period)
    if not form.is_valid():
        messages.error(request, _("Please check the form: %(errors)s") % {
            "errors": "; ".join(str(e) for errors in form.errors.values() for e in errors)})
    else:
        try:
            services.objection_file(period=period, agency=agency, criterion=form.cleaned_data["criterion"],
                                    reason=form.cleaned_data["reason"], actor=request.user)
        except services.EvaluationRefused as exc:
            if exc.forbidden:
                raise PermissionDenied(str(exc)) from exc
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Objection filed: the communications office will answer it."))
    return redirect("evaluation:report_card", pk=period.pk, slug=agency.slug)


@member_required
@require_GET
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(pk)
    _results_gate(request, period)
    results, inputs, final = _result_or_404(request, period)
    response = HttpResponse(exports.xlsx(period, results, inputs, final),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="penilaian-{period.pk}.xlsx"'
    return response


@member_required
@require_GET
def export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(pk)
    _results_gate(request, period)
    results, inputs, final = _result_or_404(request, period)
    response = HttpResponse(exports.pdf(period, results, inputs, final), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="penilaian-{period.pk}.pdf"'
    return response


# --- Jurors -------------------------------------------------------------------------------------------


def _juror_gate(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def jury_home(request: HttpRequest) -> HttpResponse:
    gate = _juror_gate(request)
    if gate:
        return gate
    assignments = list(JurorAssignment.objects.filter(juror=request.user).select_related("period")
                       .order_by("-period__end"))
    if not assignments:
        raise Http404
    return render(request, "evaluation/jury_home.html", {"assignments": assignments})


def jury_scores(request: HttpRequest, pk: int) -> HttpResponse:
    gate = _juror_gate(request)
    if gate:
        return gate
    period = _period(pk)
    assignment = services.assignment_for(period, request.user)
    if assignment is None:
        if request.method == "POST":  # someone else trying to enter scores: refused and logged
            services.refuse_logged(period, request.user, "jury scores")
        raise Http404
    agencies = list(assignment.agencies.order_by("name"))
    criteria = list(period.criteria.filter(source=CriterionSource.JURY).order_by("position", "code"))
    mine = {(s.agency_id, s.criterion_id): s for s in assignment.scores.all()}
    errors: list[str] = []
    if request.method == "POST":
        scores: dict[tuple[int, int], tuple[int, str]] = {}
        for agency in agencies:
            for criterion in criteria:
                raw = request.POST.get(f"score-{agency.pk}-{criterion.pk}", "").strip()
                why = request.POST.get(f"why-{agency.pk}-{criterion.pk}", "")
                if not raw and not why.strip():
                    continue
                try:
                    value = int(raw)
                except ValueError:
                    errors.append(_("%(agency)s, %(code)s: a whole number from 1 to 100.")
                                  % {"agency": agency.short_name or agency.name, "code": criterion.code})
                    continue
                scores[(agency.pk, criterion.pk)] = (value, why)
        if not errors:
            try:
                services.jury_scores_save(assignment=assignment, scores=scores, actor=request.user,
                                          submit="submit" in request.POST)
            except services.EvaluationRefused as exc:
                errors.append(str(exc))
            else:
                messages.success(request, _("Scores submitted. Thank you.") if "submit" in request.POST
                                 else _("Scores saved; submit them when you are done."))
                return redirect("evaluation:jury_scores", pk=period.pk)
        assignment.refresh_from_db()
    others: dict[tuple[int, int], list[JuryScore]] = defaultdict(list)
    if assignment.submitted_at is not None:  # the others' scores only once one's own are in
        for score in (JuryScore.objects.filter(assignment__period=period, assignment__submitted_at__isnull=False,
                                               agency__in=agencies).exclude(assignment=assignment)
                      .select_related("assignment__juror")):
            others[(score.agency_id, score.criterion_id)].append(score)
    rows = [{"agency": agency, "cells": [{"criterion": c, "mine": mine.get((agency.pk, c.pk)),
                                          "posted": (request.POST.get(f"score-{agency.pk}-{c.pk}", ""),
                                                     request.POST.get(f"why-{agency.pk}-{c.pk}", ""))
                                          if request.method == "POST" else None,
                                          "others": others.get((agency.pk, c.pk), [])} for c in criteria]}
            for agency in agencies]
    return render(request, "evaluation/jury_scores.html", {
        "period": period, "assignment": assignment, "rows": rows, "criteria": criteria, "errors": errors,
        "locked": assignment.submitted_at is not None or not period.editable,
        "done": len(mine), "needed": len(agencies) * len(criteria),
    }, status=400 if errors else 200)


INDICATOR_LABELS = {key: indicator.label for key, indicator in INDICATORS.items()}
