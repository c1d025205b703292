"""Demo cases: a few thousand across the demo courts, with parties, panels, hearings, progress and
service passwords. Deterministic (fixed seed); built from the test factories and bulk-inserted, since
several thousand rows one by one would slow the first start down.

Three showcase cases in 朝阳 get fixed passwords, printed at start-up for trying the query.
"""

import datetime as dt
import random

from django.utils import timezone

from court12368.cases.models import Hearing, Party, ProgressEvent, ServicePassword, Stage
from court12368.cases.services import password_digest
from court12368.courts.models import Court, CourtLevel, Role, Staff
from court12368.demo.factories import CaseFactory, HearingFactory, PartyFactory, faker

CASES_PER_LEVEL = {
    CourtLevel.BASIC: 600,
    CourtLevel.INTERMEDIATE: 200,
    CourtLevel.HIGH: 40,
    CourtLevel.SUPREME: 0,
}
TYPE_MIX = {
    CourtLevel.BASIC: [("民初", 60), ("刑初", 10), ("行初", 5), ("执", 25)],
    CourtLevel.INTERMEDIATE: [("民终", 80), ("民初", 10), ("刑初", 10)],
    CourtLevel.HIGH: [("民终", 70), ("民申", 30)],
}
ROLES = {
    "民初": ("plaintiff", "defendant"),
    "民终": ("appellant", "appellee"),
    "刑初": ("prosecutor", "accused"),
    "行初": ("plaintiff", "defendant"),
    "执": ("applicant", "respondent"),
    "民申": ("applicant", "respondent"),
}
STAGES = [
    (Stage.FILED, 15),
    (Stage.PRE_TRIAL, 20),
    (Stage.IN_TRIAL, 25),
    (Stage.AWAITING_JUDGMENT, 10),
    (Stage.DECIDED, 10),
    (Stage.ENFORCING, 5),
    (Stage.CLOSED, 15),
]
PROGRESS = {
    Stage.FILED: "已立案，待分案",
    Stage.PRE_TRIAL: "已送达起诉状副本，举证期限内",
    Stage.IN_TRIAL: "已排期开庭",
    Stage.AWAITING_JUDGMENT: "已开庭，合议中",
    Stage.DECIDED: "已宣判，送达裁判文书中",
    Stage.ENFORCING: "执行中，已查控财产",
    Stage.CLOSED: "已结案",
}

# (case number, index of the party, password): printed by `serve` so anyone can try the query.
SHOWCASE = [
    ("（2026）京0105民初1号", 0, "2026010501"),
    ("（2026）京0105民初1号", 1, "2026010502"),
    ("（2026）京0105民初2号", 0, "2026010503"),
]


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def load_demo_cases(seed: int = 12368) -> int:
    rng = random.Random(seed)
    showcase = {(n, i): pw for n, i, pw in SHOWCASE}
    used_passwords = set(showcase.values())
    total = 0
    for court in Court.objects.order_by("code"):
        count = CASES_PER_LEVEL[court.level]
        if not count:
            continue
        judges = list(Staff.objects.filter(court=court, role=Role.JUDGE).order_by("username"))
        sequence: dict[str, int] = {}
        cases = []
        for _ in range(count):
            type_code = _pick(rng, TYPE_MIX[court.level])
            sequence[type_code] = sequence.get(type_code, 0) + 1
            judge = rng.choice(judges) if judges else None
            stage = _pick(rng, STAGES)
            case = CaseFactory.build(
                court=court,
                type_code=type_code,
                number=f"（2026）{court.code}{type_code}{sequence[type_code]}号",
                judge=judge,
                judge_name=judge.full_name if judge else "",
                stage=stage,
                progress=PROGRESS[stage],
                panel="、".join(faker.name() for _ in range(2)) + (f"、{judge.full_name}" if judge else ""),
                fee_charged=rng.choice([50, 300, 1050, 2300, 8800]),
                time_limit_due=None,
            )
            case.fee_paid = case.fee_charged
            case.time_limit_due = case.filed_on + dt.timedelta(days=180 if type_code != "刑初" else 60)
            if stage == Stage.CLOSED:
                case.closed_on = case.filed_on + dt.timedelta(days=rng.randrange(30, 170))
                case.result = rng.choice(["判决", "调解", "撤诉", "裁定驳回"])
                if type_code == "民初" and court.parent_id and rng.random() < 0.3:
                    case.appeal_sent_on = case.closed_on + dt.timedelta(days=20)
                    case.appeal_court = court.parent
            cases.append(case)
        # The showcase cases belong to the named demo judge, so the printed walk-through is predictable.
        named_judge = Staff.objects.filter(court=court, username__endswith=".judge").first()
        for case in cases:
            if named_judge and any(case.number == number for number, _i, _p in SHOWCASE):
                case.judge, case.judge_name = named_judge, named_judge.full_name
        Case = type(cases[0])
        Case.objects.bulk_create(cases, batch_size=500)
        saved = {c.number: c for c in Case.objects.filter(court=court).order_by("pk")}
        parties, hearings, events = [], [], []
        for case in saved.values():
            for index, role in enumerate(ROLES.get(case.type_code, ("plaintiff", "defendant"))):
                id_number = faker.ssn() if index == 0 else None
                parties.append(
                    PartyFactory.build(
                        case=case,
                        role=role,
                        id_number=id_number,
                        name=faker.name() if rng.random() < 0.8 else faker.company(),
                    )
                )
            if case.stage in (Stage.PRE_TRIAL, Stage.IN_TRIAL):
                day = dt.date(2026, 12, 1) + dt.timedelta(days=rng.randrange(0, 60))
                starts = timezone.make_aware(
                    dt.datetime.combine(day, dt.time(rng.choice([9, 10, 14, 15]), 0))
                )
                hearings.append(HearingFactory.build(case=case, starts_at=starts))
            filed = timezone.make_aware(dt.datetime.combine(case.filed_on, dt.time(9, 0)))
            events.append(ProgressEvent(case=case, at=filed, stage=Stage.FILED, description="立案"))
            if case.stage != Stage.FILED:
                events.append(
                    ProgressEvent(
                        case=case,
                        at=filed + dt.timedelta(days=7),
                        stage=case.stage,
                        description=case.progress,
                    )
                )
        Party.objects.bulk_create(parties, batch_size=500)
        Hearing.objects.bulk_create(hearings, batch_size=500)
        ProgressEvent.objects.bulk_create(events, batch_size=500)
        passwords = []
        ordered = Party.objects.filter(case__court=court).select_related("case").order_by("case_id", "pk")
        index_in_case: dict[int, int] = {}
        for party in ordered:
            i = index_in_case[party.case_id] = index_in_case.get(party.case_id, -1) + 1
            password = showcase.get((party.case.number, i))
            while password is None:
                drawn = str(rng.randrange(10**9, 10**10))
                if drawn not in used_passwords:  # unique: the digest is a unique key
                    password = drawn
                    used_passwords.add(drawn)
            passwords.append(ServicePassword(party=party, digest=password_digest(password)))
        ServicePassword.objects.bulk_create(passwords, batch_size=500)
        total += len(saved)
    return total


def showcase_lines() -> list[str]:
    lines = ["演示案件查询 / demo case queries (案号 + 诉讼服务密码):"]
    for number, index, password in SHOWCASE:
        lines.append(f"  {number}  当事人{index + 1}  {password}")
    return lines
