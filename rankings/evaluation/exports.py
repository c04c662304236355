"""What the evaluation gives out: the method in words, each agency's report card (how each
point was earned, strengths and weak points), the XLSX of everything and the PDF report to sign
(A4: region, date, ranking, method, signature block)."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from rankings.evaluation.indicators import INDICATORS
from rankings.evaluation.models import EvaluationPeriod

#: A criterion earning at least this share of its points is a strength, under WEAK a weak point.
STRONG, WEAK = 75.0, 50.0


def method_lines(inputs: dict[str, Any]) -> list[str]:
    period = inputs["period"]
    normalisation = (_("min–max among the agencies of the period: the best gets 100, the worst 0, all equal 50 each")
                     if period["normalisation"] == "minmax" else
                     _("percentile rank among the agencies of the period: the share of the other agencies it does "
                       "better than, ties counting half"))
    jury = (_("the mean of the jurors' submitted scores") if period["jury_aggregate"] == "mean" else
            _("the trimmed mean of the jurors' submitted scores (highest and lowest left out from 3 jurors)"))
    return [
        _("System scores are normalised to 0–100 by %(how)s; engagement is compared within follower bands.")
        % {"how": normalisation},
        _("Jury scores (1–100) are %(how)s, used as they are.") % {"how": jury},
        _("Points of an indicator = weight × normalised score / 100; the total is the sum (at most 100). "
          "No data for an indicator: 0 points."),
        _("Ranking by total rounded to two decimals; equal totals share a rank (1, 2, 2, 4) and are listed by name."),
    ]


def report_card(row: dict[str, Any], inputs: dict[str, Any], of: int) -> dict[str, Any]:
    """The agency's figures criterion by criterion, with strengths and weak points."""
    lines = []
    for criterion in inputs["criteria"]:
        figure = row["criteria"][criterion["code"]]
        indicator = INDICATORS.get(criterion["indicator"]) if criterion["source"] == "auto" else None
        lines.append({
            **criterion, **figure, "label": indicator.label if indicator else criterion["name"],
            "unit": indicator.unit if indicator else _("jury score"),
            "advice": indicator.advice if indicator else _("See the jurors' remarks."),
            "share": figure["normalised"] if figure["normalised"] is not None else 0.0,
        })
    weighted = [line for line in lines if float(line["weight"]) > 0]
    strengths = sorted((x for x in weighted if x["share"] >= STRONG), key=lambda x: -x["share"])[:3]
    weak = sorted((x for x in weighted if x["share"] < WEAK), key=lambda x: (x["share"], -float(x["weight"])))[:3]
    details = inputs.get("details", {}).get(str(row["agency"]), {})
    return {"lines": lines, "strengths": strengths, "weak": weak, "details": details, "of": of}


def _fmt(value: Any) -> Any:
    return None if value is None else (round(value, 2) if isinstance(value, float) else value)


def xlsx(period: EvaluationPeriod, results: list[dict[str, Any]], inputs: dict[str, Any], final: bool) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Ranking")
    now = timezone.localtime()
    header = [
        (_("Region"), settings.SIGAP_REGION_NAME), (_("Evaluation"), period.name),
        (_("Period"), f"{period.start:%d-%m-%Y} – {period.end:%d-%m-%Y}"),
        (_("Status"), _("final (frozen)") if final else _("provisional")),
        (_("Generated at"), f"{now:%d-%m-%Y %H.%M} {settings.SIGAP_TIME_ZONE_LABEL}"),
    ] + [(_("Method"), line) for line in method_lines(inputs)]
    for label, value in header:
        sheet.append([label, value])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([])
    aspects = list(dict.fromkeys(c["aspect"] for c in inputs["criteria"]))
    columns = [_("Rank"), _("Agency code"), _("Agency"), _("Total"), *aspects]
    sheet.append(columns)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in results:
        sheet.append([row["rank"], row["slug"], row["name"], row["total"], *[row["aspects"].get(a) for a in aspects]])
    for i in range(1, len(columns) + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 14 if i != 3 else 44

    detail = book.create_sheet(_("Breakdown"))
    detail.append([_("Agency"), _("Code"), _("Indicator"), _("Source"), _("Weight"), _("Measured"), _("Value used"),
                   _("Corrected"), _("Normalised (0–100)"), _("Points")])
    for row in results:
        for criterion in inputs["criteria"]:
            f = row["criteria"][criterion["code"]]
            detail.append([row["name"], criterion["code"], criterion["name"], criterion["source"],
                           float(criterion["weight"]), _fmt(f.get("measured")), _fmt(f.get("value")),
                           _("yes") if f.get("corrected") else "", _fmt(f.get("normalised")), f["points"]])

    jury = book.create_sheet(_("Jury scores"))
    jury.append([_("Juror"), _("Agency"), _("Code"), _("Score"), _("Justification")])
    names = {str(a["id"]): a["name"] for a in inputs["agencies"]}
    for entry in inputs.get("jury", []):
        jury.append([entry.get("juror_name", ""), names.get(str(entry["agency"]), ""), entry["criterion"],
                     entry["score"], entry.get("justification", "")])

    measured = book.create_sheet(_("Measured figures"))
    keys = list(INDICATORS)
    measured.append([_("Agency"), *[str(INDICATORS[k].label) for k in keys]])
    for agency in inputs["agencies"]:
        values = inputs.get("measured", {}).get(str(agency["id"]), {})
        measured.append([agency["name"], *[_fmt(values.get(k)) for k in keys]])

    objections = book.create_sheet(_("Objections"))
    objections.append([_("Agency"), _("Indicator"), _("Filed"), _("Reason"), _("Decision"), _("Answer")])
    for o in period.objections.select_related("agency", "criterion").order_by("filed_at"):
        objections.append([o.agency.name, o.criterion.code, timezone.localtime(o.filed_at).strftime("%d-%m-%Y %H.%M"),
                           o.reason, o.get_status_display(), o.answer])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf(period: EvaluationPeriod, results: list[dict[str, Any]], inputs: dict[str, Any], final: bool) -> bytes:
    """The report to sign, A4 portrait (reportlab)."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=period.name, author=settings.SIGAP_REGION_NAME)
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    story: list[Any] = [
        Paragraph(escape(settings.SIGAP_REGION_NAME.upper()), styles["Title"]),
        Paragraph(escape(settings.SIGAP_COMMS_OFFICE_NAME), styles["Heading3"]),
        Spacer(1, 4 * mm),
        Paragraph(escape(period.name), styles["Heading2"]),
        Paragraph(escape(_("Period: %(start)s – %(end)s") % {"start": date_format(period.start, "j F Y"),
                                                             "end": date_format(period.end, "j F Y")}), body),
        Paragraph(escape(_("Status: %(status)s") % {"status": _("final (frozen)") if final else _("provisional")}),
                  body),
        Spacer(1, 4 * mm),
    ]
    aspects = list(dict.fromkeys(c["aspect"] for c in inputs["criteria"]))
    table = [[_("Rank"), _("Agency"), *[a.split(".")[0] for a in aspects], _("Total")]]
    for row in results:
        table.append([str(row["rank"]), Paragraph(escape(row["name"]), body),
                      *[f"{row['aspects'].get(a, 0):.2f}".replace(".", ",") for a in aspects],
                      f"{row['total']:.2f}".replace(".", ",")])
    name_width = 170 * mm - (len(aspects) + 2) * 15 * mm
    grid = Table(table, colWidths=[15 * mm, name_width, *[15 * mm] * (len(aspects) + 1)], repeatRows=1)
    grid.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold"), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eef0")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    story += [grid, Spacer(1, 5 * mm), Paragraph(escape(_("Aspects")), styles["Heading4"])]
    for aspect in aspects:
        weight = sum(float(c["weight"]) for c in inputs["criteria"] if c["aspect"] == aspect)
        story.append(Paragraph(escape(f"{aspect}: {weight:g}%".replace(".", ",")), body))
    story.append(Paragraph(escape(_("Method")), styles["Heading4"]))
    story += [Paragraph(escape(line), body) for line in method_lines(inputs)]
    today = date_format(timezone.localdate(), "j F Y")
    story += [Spacer(1, 12 * mm), Table(
        [["", escape(_("%(place)s, %(date)s") % {"place": settings.SIGAP_REGION_NAME, "date": today})],
         ["", escape(settings.SIGAP_COMMS_OFFICE_NAME)], ["", ""], ["", ""], ["", ""],
         ["", "(................................................)"], ["", _("Name and official ID (NIP)")]],
        colWidths=[90 * mm, 80 * mm])]
    doc.build(story)
    return out.getvalue()
