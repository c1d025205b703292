"""Import cases from the trial-process system: CSV, Excel (.xlsx) or JSON.

All rows are read and validated first; errors are reported per row in Chinese and nothing is written
unless the whole file is valid. Writing is one transaction and idempotent: a case is found by its
normalised number, a party by (name, role), a hearing by its time, an event by (time, description).

Flat files (CSV/XLSX) carry one party per row; the case columns repeat. Headers may be the English
keys below or their Chinese names. JSON is a list of case objects with nested ``parties`` (each with
optional ``agents``), ``hearings`` and ``events``.

The judge and the clerk are linked to their staff records by ``judge_staff_no`` / ``clerk_staff_no``
(承办法官工号 / 书记员工号) where given, else by name within the court (cases/staff_links.py); a name
that matches no one or several is reported, not an error: the case is imported with the name as text.
"""

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from court12368.cases import services, staff_links
from court12368.cases.models import (
    Acceptance,
    AgentAdLitem,
    Case,
    Hearing,
    Party,
    PartyKind,
    PartyRole,
    Procedure,
    ProgressEvent,
    ServicePassword,
    Stage,
)
from court12368.cases.numbers import CaseNumberError, parse_case_number
from court12368.core import changes
from court12368.courts.models import Court

CASE_FIELDS = {
    "number": "案号",
    "court_code": "法院代字",
    "cause": "案由",
    "procedure": "程序",
    "filed_on": "立案日期",
    "acceptance": "受理状态",
    "stage": "阶段",
    "progress": "进展",
    "judge_name": "承办法官",
    "judge_staff_no": "承办法官工号",
    "clerk_name": "书记员",
    "clerk_staff_no": "书记员工号",
    "panel": "合议庭",
    "result": "结果",
    "closed_on": "结案日期",
    "fee_charged": "应交诉讼费",
    "fee_paid": "已交诉讼费",
    "fee_refunded": "已退诉讼费",
    "time_limit_due": "审限届满日",
    "appeal_sent_on": "移送上级法院日期",
    "appeal_court_code": "上诉法院代字",
    "appeal_filed_on": "上级法院立案日期",
    "appeal_case_number": "二审案号",
}
PARTY_FIELDS = {
    "party_name": "当事人",
    "party_role": "诉讼地位",
    "party_kind": "当事人类型",
    "party_id_number": "证件号码",
    "party_phone": "预留电话",
    "party_password": "诉讼服务密码",
    "agent_name": "代理人",
    "agent_firm": "律师事务所",
}
HEARING_FIELDS = {"hearing_at": "开庭时间", "hearing_place": "开庭地点", "courtroom": "法庭"}
CHINESE_HEADERS = {v: k for k, v in {**CASE_FIELDS, **PARTY_FIELDS, **HEARING_FIELDS}.items()}
DATE_FIELDS = {"filed_on", "closed_on", "time_limit_due", "appeal_sent_on", "appeal_filed_on"}
MONEY_FIELDS = {"fee_charged", "fee_paid", "fee_refunded"}
# Chinese labels accepted for choice fields, next to the code values.
CHOICE_FIELDS = {"procedure": Procedure, "acceptance": Acceptance, "stage": Stage}


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def read_file(path: Path) -> list[dict]:
    """Case objects from the file, grouped by case number for flat files."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ImportFailed([f"JSON 格式错误：{exc}"]) from exc
        if not isinstance(data, list):
            raise ImportFailed(["JSON 文件应为案件列表（[...]）"])
        return [dict(item, _row=n) for n, item in enumerate(data, start=1)]
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return _group(csv.DictReader(handle), first_row=2)
    if suffix == ".xlsx":
        return _group(_xlsx_rows(path), first_row=2)
    raise ImportFailed([f"不支持的文件类型“{suffix}”：请使用 .csv、.xlsx 或 .json"])


def _xlsx_rows(path: Path) -> Iterable[dict]:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True, data_only=True).active
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, [])]
    for values in rows:
        yield {h: ("" if v is None else v) for h, v in zip(header, values, strict=False)}


def _group(rows: Iterable[dict], first_row: int) -> list[dict]:
    cases: dict[str, dict] = {}
    for n, raw in enumerate(rows, start=first_row):
        row = {CHINESE_HEADERS.get(str(k).strip(), str(k).strip()): v for k, v in raw.items() if k}
        key = str(row.get("number", "")).strip() or f"#row{n}"
        case = cases.setdefault(
            key, {**{k: row[k] for k in CASE_FIELDS if k in row}, "parties": [], "hearings": [], "_row": n}
        )
        if row.get("party_name"):
            party = {
                "name": row["party_name"],
                "role": row.get("party_role", ""),
                "kind": row.get("party_kind", ""),
                "id_number": row.get("party_id_number", ""),
                "phone": row.get("party_phone", ""),
                "password": row.get("party_password", ""),
                "agents": [{"name": row["agent_name"], "firm": row.get("agent_firm", "")}]
                if row.get("agent_name")
                else [],
                "_row": n,
            }
            case["parties"].append(party)
        if row.get("hearing_at"):
            case["hearings"].append(
                {
                    "starts_at": row["hearing_at"],
                    "place": row.get("hearing_place", ""),
                    "courtroom": row.get("courtroom", ""),
                }
            )
    return list(cases.values())


def _choice(value, choices, field: str, errors: list[str], where: str, default=None):
    text = str(value or "").strip()
    if not text:
        return default
    for choice in choices:
        if text in (choice.value, str(choice.label)):
            return choice.value
    errors.append(f"{where}：{field}“{text}”无法识别")
    return default


def _date(value, field, errors, where):
    if value in ("", None):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        parsed = parse_date(str(value).strip())
    except ValueError:  # well formed but impossible, e.g. month 13
        parsed = None
    if parsed is None:
        errors.append(f"{where}：{field}“{value}”不是有效日期（应为 2026-03-01 格式）")
    return parsed


def _datetime(value, field, errors, where):
    if isinstance(value, dt.datetime):
        parsed = value
    else:
        try:
            parsed = parse_datetime(str(value).strip().replace("/", "-")) if value else None
        except ValueError:
            parsed = None
    if parsed is None:
        errors.append(f"{where}：{field}“{value}”不是有效时间（应为 2026-03-01 09:30 格式）")
        return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def validate(records: list[dict]) -> tuple[list[dict], list[str]]:
    """Clean every record; return the cleaned ones and all errors (row by row, in Chinese)."""
    courts = {c.code: c for c in Court.objects.all()}
    cleaned, errors, seen = [], [], set()
    held = _courts_holding(records)
    for record in records:
        where = f"第{record.get('_row', '?')}行"
        out = {"parties": [], "hearings": [], "events": [], "_row": record.get("_row", "?")}
        try:
            parsed = parse_case_number(str(record.get("number", "")))
            out["number"], out["year"], out["type_code"] = parsed.normalized, parsed.year, parsed.type_code
        except CaseNumberError as exc:
            errors.append(f"{where}：案号错误：{exc.message}")
            continue
        if out["number"] in seen:  # e.g. the same case written once with half-width brackets
            errors.append(f"{where}：案号 {out['number']} 重复")
        seen.add(out["number"])
        out["court"] = _court_of(parsed, record, courts, held, errors, where)
        # Only what the record carries is written over an existing case: a value left out (or empty)
        # keeps what the platform has, so a partial sync never blanks a case (issue 20, item 3).
        carried = {field for field in CASE_FIELDS if _given(record.get(field))}
        out["carried"] = carried
        for field in (
            "cause",
            "progress",
            "judge_name",
            "judge_staff_no",
            "clerk_name",
            "clerk_staff_no",
            "panel",
            "result",
            "appeal_case_number",
        ):
            out[field] = str(record.get(field) or "").strip()
        for field in DATE_FIELDS:
            out[field] = _date(record.get(field), CASE_FIELDS[field], errors, where)
        for field in MONEY_FIELDS:
            try:
                out[field] = Decimal(str(record.get(field) or "0"))
            except InvalidOperation:
                errors.append(f"{where}：{CASE_FIELDS[field]}“{record.get(field)}”不是金额")
        for field, choices in CHOICE_FIELDS.items():
            out[field] = _choice(record.get(field), choices, CASE_FIELDS[field], errors, where)
        if "procedure" not in carried:
            out["procedure"] = services.default_procedure(out["type_code"])
        appeal = str(record.get("appeal_court_code") or "").strip()
        out["appeal_court"] = courts.get(appeal) if appeal else None
        if appeal and out["appeal_court"] is None:
            errors.append(f"{where}：找不到上诉法院“{appeal}”")
        for party in record.get("parties") or []:
            pwhere = f"第{party.get('_row', record.get('_row', '?'))}行"
            name = str(party.get("name") or "").strip()
            if not name:
                errors.append(f"{pwhere}：缺少当事人姓名")
            password = str(party.get("password") or "").strip()
            if password and not (password.isdigit() and 6 <= len(password) <= 16):
                errors.append(f"{pwhere}：诉讼服务密码应为6至16位数字")
            out["parties"].append(
                {
                    "carried": {key for key in ("kind", "id_number", "phone") if _given(party.get(key))},
                    "name": name,
                    "role": _choice(party.get("role"), PartyRole, "诉讼地位", errors, pwhere)
                    or _required(party.get("role"), errors, pwhere, "诉讼地位"),
                    "kind": _choice(
                        party.get("kind"), PartyKind, "当事人类型", errors, pwhere, PartyKind.NATURAL
                    ),
                    "id_number": str(party.get("id_number") or "").strip(),
                    "phone": str(party.get("phone") or "").strip(),
                    "password": password,
                    "agents": [
                        {
                            "name": str(a.get("name") or "").strip(),
                            "firm": str(a.get("firm") or "").strip(),
                            "phone": str(a.get("phone") or "").strip(),
                        }
                        for a in party.get("agents") or []
                    ],
                }
            )
        for hearing in record.get("hearings") or []:
            out["hearings"].append(
                {
                    "starts_at": _datetime(hearing.get("starts_at"), "开庭时间", errors, where),
                    "place": str(hearing.get("place") or ""),
                    "courtroom": str(hearing.get("courtroom") or ""),
                }
            )
        for event in record.get("events") or []:
            out["events"].append(
                {
                    "at": _datetime(event.get("at"), "进展时间", errors, where),
                    "stage": _choice(event.get("stage"), Stage, "阶段", errors, where, Stage.FILED),
                    "description": str(event.get("description") or "")[:200],
                }
            )
        cleaned.append(out)
    return cleaned, errors


def _given(value) -> bool:
    return value is not None and str(value).strip() != ""


def _courts_holding(records: list[dict]) -> dict[str, int]:
    """The court each already known case of the file belongs to, by normalised number."""
    numbers = set()
    for record in records:
        try:
            numbers.add(parse_case_number(str(record.get("number", ""))).normalized)
        except CaseNumberError:
            continue
    numbers, held = sorted(numbers), {}
    for start in range(0, len(numbers), CHUNK):  # SQLite takes a bounded number of parameters
        found = Case.objects.filter(number__in=numbers[start : start + CHUNK])
        held.update(found.values_list("number", "court_id"))
    return held


def _court_of(parsed, record: dict, courts: dict, held: dict, errors: list[str], where: str):
    """A case belongs to the court its number names (法〔2015〕137号: the court code is part of the
    number). A ``court_code`` may only agree, and no record moves a case to another court."""
    court = courts.get(parsed.court_code)
    given = str(record.get("court_code") or "").strip()
    if given and given != parsed.court_code:
        errors.append(
            f"{where}：法院代字“{given}”与案号中的“{parsed.court_code}”不一致（案件所属法院以案号为准）"
        )
    elif court is None:
        errors.append(f"{where}：找不到法院“{parsed.court_code}”（案号中的法院代字）")
    elif held.get(parsed.normalized, court.pk) != court.pk:
        errors.append(f"{where}：案件 {parsed.normalized} 已属于其他法院，不能改由本院导入")
    return court


def _required(value, errors, where, field) -> str:
    """Report a missing value (an unrecognised one has been reported already)."""
    if not str(value or "").strip():
        errors.append(f"{where}：缺少{field}")
    return ""


CHUNK = 500


@transaction.atomic
def upsert(
    records: list[dict],
    *,
    generate_passwords: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Write validated records, a chunk at a time with bulk queries (one transaction for the file).

    Returns counts, what could not be linked to staff (row by row, in Chinese), how many of the file's
    cases have no linked judge or clerk, and, if asked, the new passwords (shown once).
    """
    created = updated = without_judge = without_clerk = 0
    issued: list[tuple[str, str, str, str]] = []
    staff_notes: list[str] = []
    for start in range(0, len(records), CHUNK):
        chunk = records[start : start + CHUNK]
        cases, new_count, notes = _upsert_cases(chunk)
        created += new_count
        updated += len(chunk) - new_count
        staff_notes += notes
        written = [cases[rec["number"]] for rec in chunk]
        without_judge += staff_links.without(staff_links.JUDGE, written)
        without_clerk += staff_links.without(staff_links.CLERK, written)
        issued += _upsert_parties(chunk, cases, generate_passwords)
        _upsert_hearings_and_events(chunk, cases)
        if progress:
            progress(start + len(chunk), len(records))
    return {
        "created": created,
        "updated": updated,
        "passwords": issued,
        "staff_notes": staff_notes,
        "without_judge": without_judge,
        "without_clerk": without_clerk,
    }


NOT_CASE_FIELDS = (
    "parties",
    "hearings",
    "events",
    "number",
    "carried",
    "_row",
    "judge_staff_no",
    "clerk_staff_no",
)
# Record keys that are not columns of their own: ``appeal_court_code`` is written as ``appeal_court``.
CARRIED_AS = {"appeal_court_code": "appeal_court"}


def _case_fields(rec: dict) -> dict:
    fields = {k: v for k, v in rec.items() if k not in NOT_CASE_FIELDS}
    fields["category"] = services.category_for(rec["type_code"])
    fields["acceptance"] = fields["acceptance"] or Acceptance.ACCEPTED
    fields["stage"] = fields["stage"] or Stage.FILED
    return fields


def _updated_fields(rec: dict) -> dict:
    """What a record changes on a case it already has: the fields it carries, never the court."""
    carried = {CARRIED_AS.get(name, name) for name in rec["carried"]} - {"court_code"}
    return {k: v for k, v in _case_fields(rec).items() if k in carried}


def _upsert_cases(chunk: list[dict]) -> tuple[dict[str, Case], int, list[str]]:
    cases = {c.number: c for c in Case.objects.filter(number__in=[r["number"] for r in chunk])}
    notes = staff_links.link_records(chunk, cases)  # sets each record's judge_id and clerk_id
    new, changed, recorded, written, now = [], [], [], {"updated_at"}, timezone.now()
    for rec in chunk:
        case = cases.get(rec["number"])
        if case is None:
            cases[rec["number"]] = case = Case(number=rec["number"], updated_at=now, **_case_fields(rec))
            new.append(case)
            continue
        fields = _updated_fields(rec)
        recorded.append((case, *changes.differences(case, fields)))
        for name, value in fields.items():
            setattr(case, name, value)
        written.update(fields)
        case.updated_at = now
        changed.append(case)
    Case.objects.bulk_create(new)
    if changed:
        Case.objects.bulk_update(changed, sorted(written))
        changes.record_bulk(recorded)  # what the trial-process system changed, case by case
    return cases, len(new), notes


def _upsert_parties(chunk: list[dict], cases: dict[str, Case], generate: bool) -> list[tuple]:
    case_ids = [cases[r["number"]].pk for r in chunk]
    parties = {(p.case_id, p.name, p.role): p for p in Party.objects.filter(case_id__in=case_ids)}
    new, changed, wanted, recorded = [], [], [], []
    for rec in chunk:
        case = cases[rec["number"]]
        for p in rec["parties"]:
            key = (case.pk, p["name"], p["role"])
            party = parties.get(key)
            values = {"kind": p["kind"], "phone": p["phone"]}
            if p["id_number"]:
                values.update(
                    id_digest=services.id_digest(p["id_number"]), id_masked=services.mask_id(p["id_number"])
                )
            if party is None:
                parties[key] = party = Party(case=case, name=p["name"], role=p["role"])
                new.append(party)
            else:  # a value the record leaves out is kept, as for the case
                values = {k: v for k, v in values.items() if k in p["carried"] or k.startswith("id_")}
                changed.append(party)
                recorded.append((party, *changes.differences(party, values)))
            for name, value in values.items():
                setattr(party, name, value)
            wanted.append((party, p))
    Party.objects.bulk_create(new)
    if changed:
        Party.objects.bulk_update(changed, ["kind", "phone", "id_digest", "id_masked"])
        changes.record_bulk(recorded)
    _upsert_agents(wanted)
    return _upsert_passwords(wanted, generate)


def _upsert_agents(wanted: list[tuple[Party, dict]]) -> None:
    agents = {(a.party_id, a.name): a for a in AgentAdLitem.objects.filter(party__in=[p for p, _ in wanted])}
    new, changed = [], []
    for party, data in wanted:
        for a in data["agents"]:
            agent = agents.get((party.pk, a["name"]))
            if agent is None:
                agents[(party.pk, a["name"])] = agent = AgentAdLitem(party=party, name=a["name"])
                new.append(agent)
                agent.firm, agent.phone = a["firm"], a["phone"]
            else:
                changed.append(agent)
                agent.firm, agent.phone = a["firm"] or agent.firm, a["phone"] or agent.phone
    AgentAdLitem.objects.bulk_create(new)
    if changed:
        AgentAdLitem.objects.bulk_update(changed, ["firm", "phone"])


def _upsert_passwords(wanted: list[tuple[Party, dict]], generate: bool) -> list[tuple]:
    stored = {sp.party_id: sp for sp in ServicePassword.objects.filter(party__in=[p for p, _ in wanted])}
    new, changed, issued = [], [], []
    for party, data in wanted:
        if data["password"]:
            digest = services.password_digest(data["password"])
            if party.pk in stored:
                stored[party.pk].digest = digest
                changed.append(stored[party.pk])
            else:
                stored[party.pk] = ServicePassword(party=party, digest=digest)
                new.append(stored[party.pk])
    ServicePassword.objects.bulk_create(new)
    if changed:
        ServicePassword.objects.bulk_update(changed, ["digest"])
    if generate:  # one by one: a drawn password may collide and be drawn again
        for party, _data in wanted:
            if party.pk not in stored:
                issued.append(
                    (party.case.number, party.name, party.get_role_display(), services.issue_password(party))
                )
    return issued


def _upsert_hearings_and_events(chunk: list[dict], cases: dict[str, Case]) -> None:
    case_ids = [cases[r["number"]].pk for r in chunk]
    hearings = {(h.case_id, h.starts_at): h for h in Hearing.objects.filter(case_id__in=case_ids)}
    events = set(
        ProgressEvent.objects.filter(case_id__in=case_ids).values_list("case_id", "at", "description")
    )
    new_hearings, changed, new_events = [], [], []
    for rec in chunk:
        case = cases[rec["number"]]
        for h in rec["hearings"]:
            hearing = hearings.get((case.pk, h["starts_at"]))
            if hearing is None:
                hearings[(case.pk, h["starts_at"])] = hearing = Hearing(case=case, starts_at=h["starts_at"])
                new_hearings.append(hearing)
                hearing.place, hearing.courtroom = h["place"], h["courtroom"]
            else:  # what the record leaves out or empty is kept, as for the case
                changed.append(hearing)
                hearing.place = h["place"] or hearing.place
                hearing.courtroom = h["courtroom"] or hearing.courtroom
        for e in rec["events"]:
            if (case.pk, e["at"], e["description"]) not in events:
                events.add((case.pk, e["at"], e["description"]))
                new_events.append(
                    ProgressEvent(case=case, at=e["at"], stage=e["stage"], description=e["description"])
                )
    Hearing.objects.bulk_create(new_hearings)
    if changed:
        Hearing.objects.bulk_update(changed, ["place", "courtroom"])
    ProgressEvent.objects.bulk_create(new_events)
