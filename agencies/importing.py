"""Bulk registration of agencies from CSV or XLSX: one row per agency.

The rule, stated once (the command, the upload page and docs/ repeat it):
- the header is row 1; columns `name`, `short_name`, `slug`, `kind` are required; optional:
  `parent_slug`, `head_name`, `head_title`, `head_email`, `head_phone`, `head_handles`
  (`x:@budi;instagram:@budi.s`), `accounts` (`x:@dinaspupr_bkl;instagram:@pupr.kotabengkulu`,
  an id written `x:@dlh_kotabkl=1234567890`), `account_ids` (the same `platform:@handle=id`
  form, for ids only), `keywords` and `places` (`;`-separated), `calendar` (`default` or
  `24x7`), `expected_platforms` (`x;instagram`), `phone`, `whatsapp`, `website`;
- CSV in UTF-8 with or without a BOM, comma- or semicolon-separated; XLSX: the first sheet;
- rows are upserted by slug: importing the same file twice changes nothing the second time;
- an account or keyword of an agency that the file does not list is reported, never deleted;
- a head e-mail without a user creates the user (no password: they use "lupa kata sandi");
- all or nothing: any error imports nothing, and every error names its row and column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator, validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, User
from accounts.services import head_assign, user_get_or_create
from agencies.models import (
    Agency,
    AgencyKind,
    CalendarKind,
    ConnectionStatus,
    OfficialAccount,
    PersonHandle,
    Platform,
    RoutingRule,
    RuleKind,
    display_handle,
    normalize_handle,
    validate_handle,
)

REQUIRED_COLUMNS = ("name", "short_name", "slug", "kind")
OPTIONAL_COLUMNS = (
    "parent_slug", "head_name", "head_title", "head_email", "head_phone", "head_handles",
    "accounts", "account_ids", "keywords", "places", "calendar", "expected_platforms",
    "phone", "whatsapp", "website",
)
KNOWN_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
MAX_ROWS = 5000


class ImportFileError(Exception):
    """The file itself cannot be read (format, encoding, header)."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row:
            return _("Row %(row)s, column %(column)s: %(message)s") % {
                "row": self.row, "column": self.column, "message": self.message}
        return _("Column %(column)s: %(message)s") % {"column": self.column, "message": self.message}


@dataclass
class HandleSpec:
    platform: str
    handle: str
    external_id: str | None


@dataclass
class AgencyRow:
    row: int
    name: str
    short_name: str
    slug: str
    kind: str
    parent_slug: str
    head_name: str
    head_title: str
    head_email: str
    head_phone: str
    head_handles: list[HandleSpec]
    accounts: list[HandleSpec]
    keywords: list[str]
    places: list[str]
    calendar: str
    expected_platforms: list[str]
    phone: str
    whatsapp: str
    website: str


@dataclass
class ImportReport:
    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    users_created: list[str] = field(default_factory=list)
    users_updated: list[str] = field(default_factory=list)
    heads_changed: list[str] = field(default_factory=list)
    accounts_created: list[str] = field(default_factory=list)
    accounts_updated: list[str] = field(default_factory=list)
    accounts_not_in_file: list[str] = field(default_factory=list)
    rules_created: list[str] = field(default_factory=list)
    rules_not_in_file: list[str] = field(default_factory=list)
    handles_created: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return bool(
            self.created or self.updated or self.users_created or self.users_updated
            or self.heads_changed
            or self.accounts_created or self.accounts_updated or self.rules_created
            or self.handles_created
        )

    def summary_lines(self) -> list[str]:
        if self.errors:
            return [_("Nothing was imported: %(n)s error(s).") % {"n": len(self.errors)}] + [
                str(e) for e in self.errors
            ]
        lines = [
            _("Agencies: %(c)s created, %(u)s updated, %(n)s unchanged.")
            % {"c": len(self.created), "u": len(self.updated), "n": len(self.unchanged)},
            _("People: %(u)s created, %(c)s updated; heads changed: %(h)s.")
            % {"u": len(self.users_created), "c": len(self.users_updated), "h": len(self.heads_changed)},
            _("Official accounts: %(c)s created, %(u)s updated.")
            % {"c": len(self.accounts_created), "u": len(self.accounts_updated)},
            _("Routing rules: %(c)s created.") % {"c": len(self.rules_created)},
        ]
        lines += [_("Kept, not in the file: account %(a)s") % {"a": a} for a in self.accounts_not_in_file]
        lines += [_("Kept, not in the file: routing rule %(r)s") % {"r": r} for r in self.rules_not_in_file]
        if self.dry_run:
            lines.append(_("Check only: nothing was saved."))
        return lines


# --- Reading files --------------------------------------------------------------------


def _normalize_header(value: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(value or "").strip().lower())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_table(data: bytes, filename: str) -> list[dict[str, str]]:
    """Rows as dicts keyed by normalized header, each with its spreadsheet row number under
    the key `__row__` (the header is row 1). Blank rows are skipped."""
    if filename.lower().endswith(".xlsx"):
        raw_rows = _read_xlsx(data)
    elif filename.lower().endswith((".csv", ".txt")):
        raw_rows = _read_csv(data)
    else:
        raise ImportFileError(_("Unsupported file type: use .csv or .xlsx."))
    if not raw_rows:
        raise ImportFileError(_("The file is empty."))
    header = [_normalize_header(h) for h in raw_rows[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportFileError(
            _("Row 1 (header): missing column(s) %(cols)s. Required: %(req)s.")
            % {"cols": ", ".join(missing), "req": ", ".join(REQUIRED_COLUMNS)}
        )
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    if dupes:
        raise ImportFileError(_("Row 1 (header): column(s) %(cols)s appear twice.") % {"cols": ", ".join(dupes)})
    rows: list[dict[str, str]] = []
    for index, raw in enumerate(raw_rows[1:], start=2):
        values = [_cell(v) for v in raw]
        if not any(values):
            continue
        record = {h: (values[i] if i < len(values) else "") for i, h in enumerate(header) if h}
        record["__row__"] = str(index)
        rows.append(record)
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("Too many rows (%(n)s); at most %(max)s.") % {"n": len(rows), "max": MAX_ROWS})
    return rows


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("The CSV file is not UTF-8 (byte %(pos)s). Save it as \"CSV UTF-8\".") % {"pos": exc.start}
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _read_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ImportFileError(_("The XLSX file cannot be read: %(err)s") % {"err": exc}) from exc
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


# --- Parsing and validating rows ------------------------------------------------------

_email_validator = EmailValidator()
_url_validator = URLValidator(schemes=["http", "https"])


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", value or "") if part.strip()]


def _parse_handles(value: str, row: int, column: str, errors: list[RowError]) -> list[HandleSpec]:
    specs: list[HandleSpec] = []
    for part in _split(value):
        platform, sep, rest = part.partition(":")
        platform = platform.strip().lower()
        if not sep or platform not in Platform.values:
            errors.append(RowError(row, column, _("%(part)s: write platform:@handle, platform one of %(p)s.")
                                   % {"part": part, "p": ", ".join(Platform.values)}))
            continue
        handle_raw, _eq, external_id = rest.partition("=")
        handle = normalize_handle(platform, handle_raw)
        try:
            validate_handle(platform, handle)
        except ValidationError as exc:
            errors.append(RowError(row, column, " ".join(exc.messages)))
            continue
        external_id = external_id.strip() or None
        if external_id is not None and not re.fullmatch(r"[0-9A-Za-z_.:\-]{1,64}", external_id):
            errors.append(RowError(row, column, _("%(id)s is not a valid platform id.") % {"id": external_id}))
            continue
        specs.append(HandleSpec(platform, handle, external_id))
    return specs


def parse_handle_list(value: str) -> tuple[list[HandleSpec], list[str]]:
    """`x:@budi;instagram:@budi.s` as handle specs, with the error messages of bad parts."""
    errors: list[RowError] = []
    specs = _parse_handles(value, 0, "handles", errors)
    return specs, [e.message for e in errors]


def parse_rows(records: Iterable[dict[str, str]]) -> tuple[list[AgencyRow], list[RowError]]:
    errors: list[RowError] = []
    rows: list[AgencyRow] = []
    for rec in records:
        n = int(rec.get("__row__", "0"))

        def get(key: str, rec: dict[str, str] = rec) -> str:
            return (rec.get(key) or "").strip()

        name, short_name, slug = get("name"), get("short_name"), get("slug").lower()
        for column, value in (("name", name), ("short_name", short_name), ("slug", slug)):
            if not value:
                errors.append(RowError(n, column, _("required.")))
        if slug:
            try:
                validate_slug(slug)
            except ValidationError:
                errors.append(RowError(n, "slug", _("%(s)s: use lowercase letters, digits and -.") % {"s": slug}))
        kind = get("kind").lower()
        if kind not in AgencyKind.values:
            errors.append(RowError(n, "kind", _("%(k)s is not one of %(codes)s.")
                                   % {"k": kind or "''", "codes": ", ".join(AgencyKind.values)}))
        calendar = get("calendar").lower() or CalendarKind.DEFAULT
        if calendar not in CalendarKind.values:
            errors.append(RowError(n, "calendar", _("%(c)s: use default or 24x7.") % {"c": calendar}))
        head_email = get("head_email").lower()
        if head_email:
            try:
                _email_validator(head_email)
            except ValidationError:
                errors.append(RowError(n, "head_email", _("%(e)s is not an e-mail address.") % {"e": head_email}))
            existing_head = User.objects.filter(email__iexact=head_email).first()
            if not get("head_name") and existing_head is None:
                errors.append(RowError(n, "head_name", _("required for a new head.")))
            if existing_head is not None and not existing_head.is_active:
                errors.append(RowError(n, "head_email", _("This account is deactivated; reactivate it first.")))
        elif get("head_name") or get("head_handles") or get("head_phone"):
            errors.append(RowError(n, "head_email", _("required when the head is given.")))
        phones = {}
        for column in ("head_phone", "phone", "whatsapp"):
            value = get(column)
            phones[column] = normalize_handle(Platform.WHATSAPP, value) if value else ""
            if value and not re.fullmatch(r"\+62[0-9]{7,13}", phones[column]):
                errors.append(RowError(n, column, _("%(v)s is not an Indonesian phone number (+62...).") % {"v": value}))
        website = get("website")
        if website:
            try:
                _url_validator(website)
            except ValidationError:
                errors.append(RowError(n, "website", _("%(v)s is not a web address.") % {"v": website}))
        expected = [p.lower() for p in _split(get("expected_platforms"))]
        bad = [p for p in expected if p not in Platform.values]
        if bad:
            errors.append(RowError(n, "expected_platforms", _("unknown platform(s) %(p)s.") % {"p": ", ".join(bad)}))
        accounts = _parse_handles(get("accounts"), n, "accounts", errors)
        for spec in _parse_handles(get("account_ids"), n, "account_ids", errors):
            match = next((a for a in accounts if (a.platform, a.handle) == (spec.platform, spec.handle)), None)
            if match is None:
                accounts.append(spec)
            else:
                match.external_id = spec.external_id or match.external_id
        rows.append(AgencyRow(
            row=n, name=name, short_name=short_name, slug=slug, kind=kind,
            parent_slug=get("parent_slug").lower(), head_name=get("head_name"),
            head_title=get("head_title"), head_email=head_email, head_phone=phones["head_phone"],
            head_handles=_parse_handles(get("head_handles"), n, "head_handles", errors),
            accounts=accounts,
            keywords=[" ".join(k.lower().split()) for k in _split(get("keywords"))],
            places=[" ".join(k.lower().split()) for k in _split(get("places"))],
            calendar=calendar, expected_platforms=[p for p in Platform.values if p in expected],
            phone=phones["phone"], whatsapp=phones["whatsapp"], website=website,
        ))
    _check_across_rows(rows, errors)
    return rows, errors


def _check_across_rows(rows: list[AgencyRow], errors: list[RowError]) -> None:
    by_slug: dict[str, AgencyRow] = {}
    names: dict[str, int] = {}
    for r in rows:
        if r.slug in by_slug:
            errors.append(RowError(r.row, "slug", _("%(s)s also on row %(o)s.") % {"s": r.slug, "o": by_slug[r.slug].row}))
        else:
            by_slug[r.slug] = r
        if r.name.lower() in names:
            errors.append(RowError(r.row, "name", _("also on row %(o)s.") % {"o": names[r.name.lower()]}))
        names.setdefault(r.name.lower(), r.row)

    existing = {a.slug: a for a in Agency.objects.select_related("parent")}
    name_owner = {a.name.lower(): a.slug for a in existing.values()}
    for r in rows:
        owner = name_owner.get(r.name.lower())
        if owner and owner != r.slug:
            errors.append(RowError(r.row, "name", _("already used by agency %(s)s.") % {"s": owner}))
        if r.parent_slug:
            if r.parent_slug == r.slug:
                errors.append(RowError(r.row, "parent_slug", _("an agency cannot be its own parent.")))
            elif r.parent_slug not in by_slug and r.parent_slug not in existing:
                errors.append(RowError(r.row, "parent_slug", _("no agency with slug %(s)s.") % {"s": r.parent_slug}))
    # Cycles through parents (the file's rows take precedence over the database).
    parent_of = {slug: (a.parent.slug if a.parent else "") for slug, a in existing.items()}
    parent_of.update({r.slug: r.parent_slug for r in rows})
    for r in rows:
        seen, node = {r.slug}, r.parent_slug
        while node:
            if node in seen:
                errors.append(RowError(r.row, "parent_slug", _("parents form a cycle through %(s)s.") % {"s": node}))
                break
            seen.add(node)
            node = parent_of.get(node, "")

    # Handles: unique across the file, and not registered to another agency or person.
    account_owner = {
        (platform, handle): slug
        for platform, handle, slug in OfficialAccount.objects.values_list("platform", "handle", "agency__slug")
    }
    account_by_id = {
        (platform, external_id): handle
        for platform, external_id, handle in OfficialAccount.objects.filter(external_id__isnull=False)
        .values_list("platform", "external_id", "handle")
    }
    person_owner = {
        (platform, handle): email
        for platform, handle, email in PersonHandle.objects.values_list("platform", "handle", "user__email")
    }
    seen_accounts: dict[tuple[str, str], int] = {}
    seen_ids: dict[tuple[str, str], int] = {}
    for r in rows:
        for spec in r.accounts:
            key = (spec.platform, spec.handle)
            if key in seen_accounts:
                errors.append(RowError(r.row, "accounts", _("%(h)s is also on row %(o)s.")
                                       % {"h": _fmt(spec), "o": seen_accounts[key]}))
            seen_accounts.setdefault(key, r.row)
            owner = account_owner.get(key)
            if owner is not None and owner != r.slug:
                errors.append(RowError(r.row, "accounts", _("%(h)s is already registered to %(a)s; move it there first.")
                                       % {"h": _fmt(spec), "a": owner}))
            if key in person_owner:
                errors.append(RowError(r.row, "accounts", _("%(h)s is a personal handle of %(u)s.")
                                       % {"h": _fmt(spec), "u": person_owner[key]}))
            if spec.external_id:
                id_key = (spec.platform, spec.external_id)
                if id_key in seen_ids:
                    errors.append(RowError(r.row, "accounts", _("id %(id)s is also on row %(o)s.")
                                           % {"id": spec.external_id, "o": seen_ids[id_key]}))
                seen_ids.setdefault(id_key, r.row)
                other = account_by_id.get(id_key)
                if other is not None and other != spec.handle:
                    errors.append(RowError(r.row, "accounts", _("id %(id)s belongs to %(h)s already.")
                                           % {"id": spec.external_id, "h": display_handle(spec.platform, other)}))
    seen_person: dict[tuple[str, str], tuple[int, str]] = {}
    for r in rows:
        for spec in r.head_handles:
            key = (spec.platform, spec.handle)
            prior = seen_person.get(key)
            if prior and prior[1] != r.head_email:
                errors.append(RowError(r.row, "head_handles", _("%(h)s is also another head's, on row %(o)s.")
                                       % {"h": _fmt(spec), "o": prior[0]}))
            seen_person.setdefault(key, (r.row, r.head_email))
            if key in seen_accounts or key in account_owner:
                errors.append(RowError(r.row, "head_handles", _("%(h)s is an official account.") % {"h": _fmt(spec)}))
            owner_email = person_owner.get(key)
            if owner_email is not None and owner_email.lower() != r.head_email:
                errors.append(RowError(r.row, "head_handles", _("%(h)s belongs to %(u)s already.")
                                       % {"h": _fmt(spec), "u": owner_email}))


def _fmt(spec: HandleSpec) -> str:
    return f"{spec.platform}:{display_handle(spec.platform, spec.handle)}"


# --- Applying -------------------------------------------------------------------------


def import_records(
    records: Iterable[dict[str, str]], *, actor: User | None = None, dry_run: bool = False
) -> ImportReport:
    """Validate every row, then apply all of them in one transaction (or none)."""
    report = ImportReport(dry_run=dry_run)
    rows, errors = parse_rows(records)
    if errors:
        report.errors = sorted(errors, key=lambda e: (e.row, KNOWN_COLUMNS.index(e.column) if e.column in KNOWN_COLUMNS else 99))
        return report
    with transaction.atomic():
        agencies = {r.slug: _upsert_agency(r, report) for r in rows}
        for r in rows:
            _apply_parent(agencies[r.slug], r, agencies, report)
        for r in rows:
            agency = agencies[r.slug]
            _apply_head(agency, r, actor, report)
            _apply_accounts(agency, r, report)
            _apply_rules(agency, r, report)
        report.updated = [s for s in dict.fromkeys(report.updated) if s not in report.created]
        report.unchanged = [r.slug for r in rows if r.slug not in report.created and r.slug not in report.updated]
        if dry_run:
            transaction.set_rollback(True)
    return report


def import_file(data: bytes, filename: str, *, actor: User | None = None, dry_run: bool = False) -> ImportReport:
    try:
        records = read_table(data, filename)
    except ImportFileError as exc:
        return ImportReport(dry_run=dry_run, errors=[RowError(0, "file", str(exc))])
    return import_records(records, actor=actor, dry_run=dry_run)


def _upsert_agency(r: AgencyRow, report: ImportReport) -> Agency:
    values = {
        "name": r.name, "short_name": r.short_name, "kind": r.kind, "calendar": r.calendar,
        "expected_platforms": r.expected_platforms, "phone": r.phone,
        "whatsapp": r.whatsapp, "website": r.website,
    }
    agency = Agency.objects.filter(slug=r.slug).first()
    if agency is None:
        agency = Agency.objects.create(slug=r.slug, **values)
        report.created.append(r.slug)
        return agency
    changed = [k for k, v in values.items() if getattr(agency, k) != v]
    if not agency.is_active:
        agency.is_active = True
        changed.append("is_active")
    if changed:
        for key in changed:
            if key in values:
                setattr(agency, key, values[key])
        agency.save(update_fields=[*changed, "updated_at"])
        report.updated.append(r.slug)
    return agency


def _apply_parent(agency: Agency, r: AgencyRow, agencies: dict[str, Agency], report: ImportReport) -> None:
    parent = None
    if r.parent_slug:
        parent = agencies.get(r.parent_slug) or Agency.objects.get(slug=r.parent_slug)
    if agency.parent_id != (parent.pk if parent else None):
        agency.parent = parent
        agency.save(update_fields=["parent", "updated_at"])
        report.updated.append(r.slug)


def _apply_head(agency: Agency, r: AgencyRow, actor: User | None, report: ImportReport) -> None:
    if not r.head_email:
        return
    before = User.objects.filter(email__iexact=r.head_email).values("full_name", "phone").first()
    user, created = user_get_or_create(email=r.head_email, full_name=r.head_name, phone=r.head_phone)
    if created:
        report.users_created.append(user.email)
    elif before != {"full_name": user.full_name, "phone": user.phone}:
        report.users_updated.append(user.email)
        report.updated.append(agency.slug)
    current = Membership.objects.filter(agency=agency, role=Role.HEAD, ended_at__isnull=True).first()
    if current is None or current.user_id != user.pk or (r.head_title and current.position_title != r.head_title):
        if current is None or current.user_id != user.pk:
            report.heads_changed.append(f"{agency.slug}: {user.email}")
        else:
            report.updated.append(agency.slug)
        head_assign(agency=agency, user=user, actor=actor, position_title=r.head_title)
    for spec in r.head_handles:
        handle, made = PersonHandle.objects.get_or_create(
            platform=spec.platform, handle=spec.handle,
            defaults={"user": user, "external_id": spec.external_id},
        )
        if made:
            report.handles_created.append(_fmt(spec))
        elif spec.external_id and handle.external_id != spec.external_id:
            handle.external_id = spec.external_id
            handle.save(update_fields=["external_id"])
            report.handles_created.append(_fmt(spec))


def _apply_accounts(agency: Agency, r: AgencyRow, report: ImportReport) -> None:
    listed = set()
    for spec in r.accounts:
        listed.add((spec.platform, spec.handle))
        account = OfficialAccount.objects.filter(platform=spec.platform, handle=spec.handle).first()
        if account is None:
            OfficialAccount.objects.create(
                agency=agency, platform=spec.platform, handle=spec.handle,
                external_id=spec.external_id,
                status=ConnectionStatus.MANUAL if spec.platform == Platform.TIKTOK else ConnectionStatus.NOT_CONNECTED,
            )
            report.accounts_created.append(f"{agency.slug} {_fmt(spec)}")
        elif spec.external_id and account.external_id != spec.external_id:
            account.external_id = spec.external_id
            account.save(update_fields=["external_id", "updated_at"])
            report.accounts_updated.append(f"{agency.slug} {_fmt(spec)}")
    for account in agency.accounts.filter(is_active=True):
        if (account.platform, account.handle) not in listed:
            report.accounts_not_in_file.append(
                f"{agency.slug} {account.platform}:{account.display_handle}"
            )


def _apply_rules(agency: Agency, r: AgencyRow, report: ImportReport) -> None:
    wanted = [(p, RuleKind.KEYWORD) for p in r.keywords] + [(p, RuleKind.PLACE) for p in r.places]
    existing = {rule.phrase: rule for rule in agency.routing_rules.all()}
    for phrase, kind in wanted:
        if phrase not in existing:
            existing[phrase] = RoutingRule.objects.create(agency=agency, phrase=phrase, kind=kind)
            report.rules_created.append(f"{agency.slug}: {phrase}")
    listed = {p for p, _k in wanted}
    report.rules_not_in_file += [f"{agency.slug}: {p}" for p in existing if p not in listed]
