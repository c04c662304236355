"""Forms of the evaluation pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from rankings.evaluation.indicators import INDICATORS
from rankings.evaluation.models import CriterionSource, EvaluationPeriod
from rankings.evaluation.services import CriterionSpec


class DateInput(forms.DateInput):
    input_type = "date"


class PeriodForm(forms.ModelForm):
    class Meta:
        model = EvaluationPeriod
        fields = ["name", "start", "end", "normalisation", "jury_aggregate", "objection_days"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date is before the start date."))
        return data


class CriterionForm(forms.Form):
    aspect = forms.CharField(label=_("Aspect"), max_length=120)
    code = forms.CharField(label=_("Code"), max_length=8)
    name = forms.CharField(label=_("Indicator"), max_length=200)
    weight = forms.DecimalField(label=_("Weight (%)"), min_value=Decimal(0), max_value=Decimal(100), decimal_places=2)
    source = forms.ChoiceField(label=_("Source"), choices=CriterionSource.choices)
    indicator = forms.ChoiceField(label=_("What Sigap measures"), required=False,
                                  choices=[("", "—"), *[(k, v.label) for k, v in INDICATORS.items()]])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("source") == CriterionSource.AUTO and not data.get("indicator"):
            self.add_error("indicator", _("A system score needs what Sigap measures."))
        return data

    def spec(self) -> CriterionSpec:
        d = self.cleaned_data
        return CriterionSpec(d["aspect"], d["code"], d["name"], d["weight"], d["source"], d.get("indicator") or "")


CriterionFormSet = forms.formset_factory(CriterionForm, extra=1, can_delete=True)


class JurorInviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    agencies = forms.ModelMultipleChoiceField(label=_("Agencies to score"), queryset=Agency.objects.none(),
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, period: EvaluationPeriod, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = period.agencies.order_by("name")


class UnfreezeForm(forms.Form):
    reason = forms.CharField(label=_("Why unfreeze (kept in the log)"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=2000)


class ObjectionForm(forms.Form):
    criterion = forms.ModelChoiceField(label=_("Indicator"), queryset=None)
    reason = forms.CharField(label=_("Why the figure is wrong"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)

    def __init__(self, *args: Any, period: EvaluationPeriod, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = period.criteria.filter(source=CriterionSource.AUTO).order_by("position")


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("accept", _("Accept and correct the figure")),
                                                               ("reject", _("Reject"))], widget=forms.RadioSelect)
    corrected_value = forms.FloatField(label=_("Corrected figure"), required=False)
    answer = forms.CharField(label=_("Answer to the agency"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=2000)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "accept" and data.get("corrected_value") is None:
            self.add_error("corrected_value", _("An accepted objection needs the corrected figure."))
        return data
