"""The two courts' published rules, as deadline-policy presets an administrator can apply.

Yiwu (义乌法院《12368诉讼服务平台工单办理办法》):
  art. 5  dispatch within 2 hours (read as working hours: calls after hours become voicemail);
  art. 7  feedback within 3 days (日: calendar days, a period ending on a rest day rolls over);
  art. 8  a repeat call about an unanswered order makes it overdue; red light; within 1 working day
          of becoming overdue the department head is urged (the sweeper urges at once, which is
          within that day); still not handled: named in the periodic circular (the rules give no
          interval: 1 working day after the urge, editable).
Luoyang (洛阳市中级人民法院《12368热线一号通办服务工作规范》, 洛诉服〔2020〕3号):
  art. 5(6) handle and reply within 2 working days; not replied: the department head supervises;
          2 more working days: the leader in charge supervises. The rules set no dispatch limit
          (matters are pushed at once); 2 working hours is used, editable.
"""

from dataclasses import dataclass

from court12368.workorders.models import Target, Unit


@dataclass(frozen=True)
class Preset:
    name: str
    dispatch: tuple[int, str]
    reply: tuple[int, str]
    warn_before_hours: int
    repeat_call_counts_as_overdue: bool
    steps: tuple[tuple[str, int, str], ...]  # (target, after amount, after unit), level = position + 1


PRESETS = {
    "yiwu": Preset(
        name="义乌法院工单办理办法",
        dispatch=(2, Unit.WORKING_HOURS),
        reply=(3, Unit.CALENDAR_DAYS),
        warn_before_hours=4,
        repeat_call_counts_as_overdue=True,
        steps=((Target.DEPARTMENT_HEAD, 0, Unit.WORKING_DAYS), (Target.CIRCULAR, 1, Unit.WORKING_DAYS)),
    ),
    "luoyang": Preset(
        name="洛阳中院一号通办服务工作规范",
        dispatch=(2, Unit.WORKING_HOURS),
        reply=(2, Unit.WORKING_DAYS),
        warn_before_hours=4,
        repeat_call_counts_as_overdue=False,
        steps=(
            (Target.DEPARTMENT_HEAD, 0, Unit.WORKING_DAYS),
            (Target.LEADER_IN_CHARGE, 2, Unit.WORKING_DAYS),
        ),
    ),
}
DEFAULT_PRESET = "luoyang"
