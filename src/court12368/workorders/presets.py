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

from court12368.courts.models import DepartmentKind
from court12368.workorders.models import OrderKind, RuleTarget, SubKind, Target, Unit


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

# (name, type, sub-kind, target, department kind, written report) — 义乌法院工单办理办法 art. 4.
YIWU_ROUTING_RULES = [
    (
        "联系不上法官再次来电：转承办法官",
        OrderKind.CONTACT_JUDGE,
        SubKind.REPEAT_CONTACT,
        RuleTarget.JUDGE_IN_CHARGE,
        "",
        False,
    ),
    (
        "信访申诉：转信访部门负责人",
        OrderKind.PETITION,
        "",
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.PETITION,
        False,
    ),
    (
        "作风、拖延、错判、回避等线索不明：转承办法官所在部门负责人",
        OrderKind.COMPLAINT,
        SubKind.CONDUCT,
        RuleTarget.JUDGE_DEPARTMENT_HEAD,
        "",
        False,
    ),
    (
        "不立案、拖延立案、态度恶劣：转立案诉讼服务部门负责人并书面报告",
        OrderKind.COMPLAINT,
        SubKind.FILING,
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.FILING,
        True,
    ),
    (
        "执行工作问题：转执行监督部门督办",
        OrderKind.COMPLAINT,
        SubKind.ENFORCEMENT,
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.ENFORCEMENT_SUPERVISION,
        False,
    ),
    (
        "违纪线索明确具体：转违法违纪举报中心",
        OrderKind.COMPLAINT,
        SubKind.VIOLATION,
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.DISCIPLINE,
        False,
    ),
    (
        "辱骂、骚扰：录音整理成书面材料层报院领导",
        OrderKind.OTHER,
        SubKind.ABUSIVE,
        RuleTarget.LEADERS,
        "",
        True,
    ),
    (
        "过激言行或情况紧急：立即层报庭长并报院领导",
        OrderKind.OTHER,
        SubKind.URGENT,
        RuleTarget.CHAIN_OF_COMMAND,
        "",
        False,
    ),
    (
        "无法当场解答的咨询：转值班法官",
        OrderKind.CONSULTATION,
        SubKind.HARD_QUESTION,
        RuleTarget.DUTY_JUDGE,
        "",
        False,
    ),
]
