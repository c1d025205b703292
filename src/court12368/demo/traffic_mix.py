"""What the demo's three months of calls are made of (demo/traffic.py plays them): how many a day on each
court's line and when, what callers ring about and what agents answer, how departments reply and how
callers judge it. Volumes and shares from FACTS.md, cited where used."""

from court12368.courts.models import DepartmentKind
from court12368.workorders.models import OrderKind, Satisfaction, SubKind

# Calls a working day on each court's line. FACTS.md ("The 12368 line in practice"): a district line
# takes 80–90 calls per seat per day, 35% of them "contact the judge". 朝阳, the primary demo court, gets
# one seat's day (85), spread over its three agents; the other basic courts less, the upper courts little
# (their callers are mostly parties to appeals).
CALLS_PER_DAY = {
    "chaoyang": 85,
    "haidian": 10,
    "tongzhou": 6,
    "shijingshan": 5,
    "bj3zy": 3,
    "bj1zy": 3,
    "bjgy": 2,
}
VOICEMAILS_PER_REST_DAY = 0.02  # of a working day's calls, left on a rest day
VOICEMAILS_AFTER_HOURS = 0.015  # of a working day's calls, left that evening

# Hour of the day → weight of the calls that come in it (the line's morning peak, a lunch lull).
HOUR_WEIGHTS = {8: 5, 9: 13, 10: 14, 11: 10, 12: 3, 13: 5, 14: 12, 15: 12, 16: 10, 17: 4}

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
)


def _on_the_spot(kind: str, contents: list[str], answers: list[str], weight: float):
    return ("spot", kind, "", contents, answers, weight)


def _forwarded(kind: str, sub_kind: str, contents: list[str], weight: float):
    return ("forward", kind, sub_kind, contents, [], weight)


# What callers ring about: (how, type, sub-kind, what they say, what the agent answers, weight in %).
# About 91% are answered on the spot; the rest become orders that travel (FACTS.md: Zibo's 28,276 calls
# made 2,376 work orders, 8.4%); contacting the judge is 35% (FACTS.md), a tenth of it forwarded.
MIX = [
    _on_the_spot(
        OrderKind.CASE_QUERY,
        [
            "询问{cause}案件开庭时间",
            "查询案件审理进度",
            "询问判决书什么时候送达",
            "询问案件是否已经立案",
            "询问上诉材料是否已移送二审法院",
            "查询执行案件进展",
        ],
        [
            "已核验身份，告知开庭时间及地点",
            "已告知案件在审理中，审限内结案",
            "已告知裁判文书正在送达",
            "已告知立案情况及案号",
            "已告知上诉卷宗移送情况",
        ],
        31,
    ),
    _on_the_spot(
        OrderKind.CONSULTATION,
        [
            "咨询{cause}起诉需要准备哪些材料",
            "咨询诉讼费怎么交纳",
            "咨询网上立案的流程",
            "咨询申请强制执行的期限",
            "咨询诉前调解怎么申请",
            "咨询法院地址和乘车路线",
            "咨询缓交诉讼费的条件",
            "咨询如何申请司法救助",
        ],
        [
            "已告知起诉材料清单，短信发送网上立案指引",
            "已告知交费方式",
            "已告知网上立案流程",
            "已告知申请执行期间为二年",
            "已告知诉前调解的申请方式",
            "已告知法院地址及交通路线",
            "已告知缓交、减交、免交的条件和材料",
        ],
        28,
    ),
    _on_the_spot(
        OrderKind.CONTACT_JUDGE,
        [
            "要求联系承办法官",
            "想找书记员沟通补充证据",
            "询问承办法官的办公电话",
            "要求与法官预约见面",
        ],
        ["已告知承办法官办公电话", "已告知书记员联系方式", "已记录，转告书记员回电"],
        32,
    ),
    _forwarded(
        OrderKind.CONTACT_JUDGE,
        SubKind.REPEAT_CONTACT,
        ["多次联系承办法官未果，要求回电", "法官电话一直无人接听，要求法官联系", "书记员电话打不通"],
        3,
    ),
    _forwarded(
        OrderKind.CONSULTATION,
        SubKind.HARD_QUESTION,
        ["涉外送达需要多长时间", "仲裁裁决能否申请撤销", "财产保全担保金额如何确定"],
        0.8,
    ),
    _forwarded(
        OrderKind.COMPLAINT,
        SubKind.CONDUCT,
        ["案件超过审限未判决", "反映承办法官拖延开庭", "反映法官态度生硬"],
        1.4,
    ),
    _forwarded(
        OrderKind.COMPLAINT,
        SubKind.FILING,
        ["窗口拒收起诉材料", "网上立案多日未审核", "立案窗口工作人员态度差"],
        0.6,
    ),
    _forwarded(
        OrderKind.COMPLAINT,
        SubKind.ENFORCEMENT,
        ["执行案件长期没有进展", "被执行人有财产但未查封", "执行款迟迟未发放"],
        1.2,
    ),
    _forwarded(OrderKind.COMPLAINT, SubKind.VIOLATION, ["反映工作人员收受当事人财物"], 0.2),
    _forwarded(OrderKind.PETITION, "", ["对判决结果不服，要求信访", "对执行裁定不服，要求申诉"], 1),
    _forwarded(
        OrderKind.OTHER, SubKind.SUGGESTION, ["建议增加周末立案窗口", "建议诉讼服务大厅增设座椅"], 0.6
    ),
]
# In the last four weeks enforcement complaints rise: the hotspots show it.
RISING = SubKind.ENFORCEMENT

# Where the line sends an order by hand when no routing rule applies.
BY_HAND = {
    OrderKind.CONSULTATION: DepartmentKind.LITIGATION_SERVICE,
    OrderKind.COMPLAINT: DepartmentKind.LITIGATION_SERVICE,
    OrderKind.PETITION: DepartmentKind.PETITION,
    OrderKind.OTHER: DepartmentKind.LITIGATION_SERVICE,
    OrderKind.CONTACT_JUDGE: DepartmentKind.CIVIL,
    OrderKind.CASE_QUERY: DepartmentKind.LITIGATION_SERVICE,
}
# How often a department's handlers reply late (and very late): the ranking tells them apart.
LATE = {
    DepartmentKind.ENFORCEMENT: 0.30,
    DepartmentKind.ENFORCEMENT_SUPERVISION: 0.25,
    DepartmentKind.PETITION: 0.22,
    DepartmentKind.FILING: 0.18,
    DepartmentKind.CIVIL: 0.14,
    DepartmentKind.ADMINISTRATIVE: 0.12,
    DepartmentKind.CRIMINAL: 0.08,
}
REPLIES = [
    "已联系来电人说明情况",
    "已与当事人电话沟通，告知案件进展",
    "经核查，案件已排期开庭，已告知当事人",
    "已督促承办人尽快处理，并已回电当事人",
    "已答复来电人，并解释相关程序",
]
CALLBACK_NOTES = {
    Satisfaction.SATISFIED: ["", "感谢法院及时处理", "问题已解决"],
    Satisfaction.BASICALLY: ["处理较慢", "基本解决"],
    Satisfaction.UNSATISFIED: ["仍未联系上法官", "对答复不认可，要求重新处理", "问题没有解决"],
}
