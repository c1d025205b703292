"""The two courts' published rules, as presets an administrator applies by key ("yiwu", "luoyang"): a
deadline policy and a routing table each. A new court starts from DEFAULT_PRESET (lifecycle/policy.py).

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
class PresetRule:
    """One row of a routing table; ``department_kind`` only for a department target."""

    name: str
    kind: str
    sub_kind: str
    target: str
    department_kind: str = ""
    written_report: bool = False


# 义乌法院工单办理办法第四条. Case queries, consultations and contacting the judge are answered at once
# (items 1 and 2): only what is forwarded has a rule.
YIWU_ROUTING_RULES = (
    PresetRule(
        "联系不上法官再次来电：转承办法官",
        OrderKind.CONTACT_JUDGE,
        SubKind.REPEAT_CONTACT,
        RuleTarget.JUDGE_IN_CHARGE,
    ),
    PresetRule(
        "信访申诉：转信访部门负责人",
        OrderKind.PETITION,
        "",
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.PETITION,
    ),
    PresetRule(
        "作风、拖延、错判、回避等线索不明：转承办法官所在部门负责人",
        OrderKind.COMPLAINT,
        SubKind.CONDUCT,
        RuleTarget.JUDGE_DEPARTMENT_HEAD,
    ),
    PresetRule(
        "不立案、拖延立案、态度恶劣：转立案诉讼服务部门负责人并书面报告",
        OrderKind.COMPLAINT,
        SubKind.FILING,
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.FILING,
        written_report=True,
    ),
    PresetRule(
        "执行工作问题：转执行监督部门督办",
        OrderKind.COMPLAINT,
        SubKind.ENFORCEMENT,
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.ENFORCEMENT_SUPERVISION,
    ),
    PresetRule(
        "违纪线索明确具体：转违法违纪举报中心",
        OrderKind.COMPLAINT,
        SubKind.VIOLATION,
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.DISCIPLINE,
    ),
    PresetRule(
        "辱骂、骚扰：录音整理成书面材料层报院领导",
        OrderKind.OTHER,
        SubKind.ABUSIVE,
        RuleTarget.LEADERS,
        written_report=True,
    ),
    PresetRule(
        "过激言行或情况紧急：立即层报庭长并报院领导",
        OrderKind.OTHER,
        SubKind.URGENT,
        RuleTarget.CHAIN_OF_COMMAND,
    ),
    PresetRule(
        "无法当场解答的咨询：转值班法官", OrderKind.CONSULTATION, SubKind.HARD_QUESTION, RuleTarget.DUTY_JUDGE
    ),
)

# 洛阳中院一号通办服务工作规范. Art. 5: case queries (1) and the questions an agent can answer (2) are
# answered at once; what the agent cannot answer goes to the duty judge (2, and art. 7: the duty judge
# takes hard and complex calls); contact matters are pushed to the judge or the department's contact (3);
# what affects a party's procedural rights in filing, petitions, trial or enforcement, and staff
# corruption, favouritism or perverting the law, to the court's functional department (4); suggestions to
# the department concerned (5), here the litigation service centre, which runs the line (art. 2) and
# routes them on. The rules name no written reports, and nothing for abusive callers: the agent decides.
LUOYANG_ROUTING_RULES = (
    PresetRule(
        "座席员无法解答的咨询：报值班法官（第五条第二项、第七条）",
        OrderKind.CONSULTATION,
        SubKind.HARD_QUESTION,
        RuleTarget.DUTY_JUDGE,
    ),
    PresetRule(
        "联系法官：推送承办法官（第五条第三项）", OrderKind.CONTACT_JUDGE, "", RuleTarget.JUDGE_IN_CHARGE
    ),
    PresetRule(
        "约见法官、当面递交材料：推送承办法官（第五条第三项）",
        OrderKind.OTHER,
        SubKind.APPOINTMENT_JUDGE,
        RuleTarget.JUDGE_IN_CHARGE,
    ),
    PresetRule(
        "预约立案：推送立案部门（第五条第三项）",
        OrderKind.OTHER,
        SubKind.APPOINTMENT_FILING,
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.FILING,
    ),
    PresetRule(
        "预约接访、远程视频接访：推送信访部门（第五条第三项）",
        OrderKind.OTHER,
        SubKind.APPOINTMENT_VIDEO_PETITION,
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.PETITION,
    ),
    PresetRule(
        "预约调解：推送诉讼服务中心（第四条第六项）",
        OrderKind.OTHER,
        SubKind.APPOINTMENT_MEDIATION,
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.LITIGATION_SERVICE,
    ),
    PresetRule(
        "诉前引导、申请调解：推送诉讼服务中心（第四条第八项）",
        OrderKind.OTHER,
        SubKind.MEDIATION_GUIDANCE,
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.LITIGATION_SERVICE,
    ),
    PresetRule(
        "信访申诉：推送信访部门（第五条第四项）",
        OrderKind.PETITION,
        "",
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.PETITION,
    ),
    PresetRule(
        "立案中影响诉讼权利：推送立案部门（第五条第四项）",
        OrderKind.COMPLAINT,
        SubKind.FILING,
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.FILING,
    ),
    PresetRule(
        "审判中影响诉讼权利：推送承办法官所在部门负责人（第五条第四项）",
        OrderKind.COMPLAINT,
        SubKind.CONDUCT,
        RuleTarget.JUDGE_DEPARTMENT_HEAD,
    ),
    PresetRule(
        "执行中影响诉讼权利：推送执行监督部门（第五条第四项）",
        OrderKind.COMPLAINT,
        SubKind.ENFORCEMENT,
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.ENFORCEMENT_SUPERVISION,
    ),
    PresetRule(
        "贪污受贿、徇私舞弊、枉法裁判：推送违法违纪举报中心（第五条第四项）",
        OrderKind.COMPLAINT,
        SubKind.VIOLATION,
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.DISCIPLINE,
    ),
    PresetRule(
        "意见建议：推送诉讼服务中心转有关部门（第五条第五项）",
        OrderKind.OTHER,
        SubKind.SUGGESTION,
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.LITIGATION_SERVICE,
    ),
    PresetRule(
        "过激言行或情况紧急：转值班法官（第七条）", OrderKind.OTHER, SubKind.URGENT, RuleTarget.DUTY_JUDGE
    ),
)


@dataclass(frozen=True)
class Preset:
    name: str
    dispatch: tuple[int, str]
    reply: tuple[int, str]
    warn_before_hours: int
    repeat_call_counts_as_overdue: bool
    steps: tuple[tuple[str, int, str], ...]  # (target, after amount, after unit), level = position + 1
    routing_rules: tuple[PresetRule, ...]  # in priority order


PRESETS = {
    "yiwu": Preset(
        name="义乌法院工单办理办法",
        dispatch=(2, Unit.WORKING_HOURS),
        reply=(3, Unit.CALENDAR_DAYS),
        warn_before_hours=4,
        repeat_call_counts_as_overdue=True,
        steps=((Target.DEPARTMENT_HEAD, 0, Unit.WORKING_DAYS), (Target.CIRCULAR, 1, Unit.WORKING_DAYS)),
        routing_rules=YIWU_ROUTING_RULES,
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
        routing_rules=LUOYANG_ROUTING_RULES,
    ),
}
DEFAULT_PRESET = "luoyang"
