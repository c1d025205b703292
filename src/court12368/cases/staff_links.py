"""The judge and clerk of an imported or synced case, linked to their staff records.

The trial-process system names the judge and the clerk as text. The link to the account (``Case.judge``,
``Case.clerk``) is what shows the agent the judge's office phone and lets the routing rules reach the
judge or the head of the judge's department. A record links by staff number (the account's username)
where it gives one, else by full name among the active staff of the right role in the case's court, and
only when exactly one person matches: a namesake or an unknown name is reported, never guessed, and the
name stays as text. Staff added later, one by one (``post_save``) or in bulk (``staff_changed``), link
the cases that name them. One place for the import, the sync API and those receivers.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from court12368.cases.models import Case
from court12368.core import changes
from court12368.courts.models import Role, Staff

CHUNK = 500  # SQLite takes a bounded number of parameters


@dataclass(frozen=True)
class Post:
    """A case's post held by a staff member: its link, its name column and the record's number key."""

    field: str
    name_field: str
    number_key: str
    roles: tuple[str, ...]
    label: str  # in the import report
    holder: str  # who may hold it, in the import report

    @property
    def id_field(self) -> str:
        return f"{self.field}_id"


# Heads and leaders try cases too; the duty judge is a judge taking a turn.
JUDGE = Post(
    "judge",
    "judge_name",
    "judge_staff_no",
    (Role.JUDGE, Role.DUTY_JUDGE, Role.DEPARTMENT_HEAD, Role.LEADER),
    "承办法官",
    "法官",
)
CLERK = Post("clerk", "clerk_name", "clerk_staff_no", (Role.CLERK,), "书记员", "书记员")
POSTS = (JUDGE, CLERK)
# A save that writes only these (a sign-in's last_login) cannot make a name match anyone new.
MATCHING_FIELDS = {"full_name", "role", "is_active", "court", "court_id"}


@dataclass(frozen=True)
class _Member:
    pk: int
    username: str
    full_name: str
    court_id: int | None
    role: str
    is_active: bool


_COLUMNS = ("pk", "username", "full_name", "court_id", "role", "is_active")


class StaffIndex:
    """The active judges and clerks of some courts by name, and the accounts named by staff number."""

    def __init__(self, court_ids, numbers=()):
        roles = {role for post in POSTS for role in post.roles}
        rows = Staff.objects.filter(court_id__in=set(court_ids), is_active=True, role__in=roles)
        self._by_name: dict[tuple, list[int]] = defaultdict(list)
        for member in (_Member(*row) for row in rows.exclude(full_name="").values_list(*_COLUMNS)):
            for post in POSTS:
                if member.role in post.roles:
                    self._by_name[(member.court_id, post.field, member.full_name.strip())].append(member.pk)
        numbers = sorted(set(numbers))
        self._by_number: dict[str, _Member] = {}
        for start in range(0, len(numbers), CHUNK):
            found = Staff.objects.filter(username__in=numbers[start : start + CHUNK]).values_list(*_COLUMNS)
            self._by_number.update((row[1], _Member(*row)) for row in found)

    def named(self, court_id: int, post: Post, name: str) -> list[int]:
        return self._by_name.get((court_id, post.field, name), [])

    def unique_names(self, court_id: int, post: Post) -> dict[str, int]:
        """Names held by exactly one active member of the court fit for the post."""
        return {
            name: pks[0]
            for (court, field, name), pks in self._by_name.items()
            if court == court_id and field == post.field and len(pks) == 1
        }

    def numbered(self, number: str) -> _Member | None:
        return self._by_number.get(number)


# ---- imports and sync ------------------------------------------------------------------------
def link_records(records: list[dict], existing: dict[str, Case]) -> list[str]:
    """Set each cleaned record's ``judge_id`` and ``clerk_id`` (and the name, when only a staff number
    is given); return what could not be linked, row by row, in Chinese.

    A record that names no judge (nor gives a number) leaves an existing case's link as it is, as
    every value a record leaves out; one that repeats the name of the linked judge keeps the link.
    """
    numbers = [rec[post.number_key] for rec in records for post in POSTS if rec.get(post.number_key)]
    index = StaffIndex({rec["court"].pk for rec in records}, numbers)
    notes = []
    for rec in records:
        case = existing.get(rec["number"])
        for post in POSTS:
            note = _link_record(rec, case, post, index)
            if note:
                notes.append(f"第{rec.get('_row', '?')}行：{rec['number']}：{note}")
    return notes


def _link_record(rec: dict, case: Case | None, post: Post, index: StaffIndex) -> str | None:
    name, number = rec.get(post.name_field, ""), rec.get(post.number_key, "")
    if not (name or number):
        rec[post.id_field] = getattr(case, post.id_field) if case else None
        return None
    rec["carried"] = rec["carried"] | {post.id_field}
    rec[post.id_field], note = None, None
    if number:
        member = index.numbered(number)
        if not _fits(member, post, rec["court"].pk):
            note = f"{post.label}工号“{number}”不是本院在职{post.holder}，未关联"
        elif name and name != member.full_name.strip():
            note = f"{post.label}“{name}”与工号“{number}”的姓名“{member.full_name}”不一致，未关联"
        else:
            rec[post.id_field] = member.pk
            if not name:  # the number alone names the judge: the text follows the account
                rec[post.name_field] = member.full_name
                rec["carried"] = rec["carried"] | {post.name_field}
        return note
    linked = getattr(case, post.id_field) if case else None
    if linked is not None and getattr(case, post.name_field) == name:
        rec[post.id_field] = linked  # the same name as the linked account: no reason to look again
        return None
    matches = index.named(rec["court"].pk, post, name)
    if len(matches) == 1:
        rec[post.id_field] = matches[0]
        return None
    if matches:
        return f"{post.label}“{name}”在本院有{len(matches)}名同名人员，未关联（可填写{post.label}工号）"
    return f"{post.label}“{name}”在本院没有对应的在职{post.holder}，未关联（已按文字保存）"


def _fits(member: _Member | None, post: Post, court_id: int) -> bool:
    return (
        member is not None
        and member.is_active
        and member.court_id == court_id
        and member.role in post.roles
        and bool(member.full_name.strip())
    )


# ---- staff added later -------------------------------------------------------------------------
@transaction.atomic
def relink_court(court_id: int, names: set[str] | None = None) -> dict[str, int]:
    """Link the court's cases with an empty judge or clerk whose name now matches exactly one active
    member of staff (only ``names``, if given). Each link is in the audit log as the case's change."""
    index = StaffIndex([court_id])
    linked = {}
    for post in POSTS:
        unique = index.unique_names(court_id, post)
        if names is not None:
            unique = {name: pk for name, pk in unique.items() if name in names}
        linked[post.field] = _link_named(court_id, post, unique)
    return linked


def _link_named(court_id: int, post: Post, unique: dict[str, int]) -> int:
    names, count = sorted(unique), 0
    for start in range(0, len(names), CHUNK):
        waiting = Case.objects.filter(
            court_id=court_id,
            **{f"{post.field}__isnull": True, f"{post.name_field}__in": names[start : start + CHUNK]},
        ).only("pk", "court_id", post.name_field, post.field)
        cases, recorded = list(waiting.select_for_update()), []
        for case in cases:
            staff_pk = unique[getattr(case, post.name_field)]
            recorded.append((case, {post.id_field: None}, {post.id_field: staff_pk}))
            setattr(case, post.id_field, staff_pk)
        Case.objects.bulk_update(cases, [post.field], batch_size=CHUNK)
        changes.record_bulk(recorded)
        count += len(cases)
    return count


def staff_saved(sender, instance: Staff, created: bool, raw: bool, update_fields=None, **kwargs) -> None:
    """``post_save`` of a staff member: link the cases of their court that name them."""
    if raw or (update_fields is not None and not MATCHING_FIELDS & set(update_fields)):
        return
    name = (instance.full_name or "").strip()
    fits = any(instance.role in post.roles for post in POSTS)
    if instance.court_id and instance.is_active and name and fits:
        relink_court(instance.court_id, names={name})


def staff_changed_in_bulk(sender, court, **kwargs) -> None:
    """``courts.signals.staff_changed``: staff were added or changed in bulk (no ``post_save``)."""
    relink_court(getattr(court, "pk", court))


def without(post: Post, cases) -> int:
    """How many of ``cases`` have no linked account for the post."""
    return sum(1 for case in cases if getattr(case, post.id_field) is None)
