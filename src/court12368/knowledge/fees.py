"""Litigation fees under 诉讼费用交纳办法 (State Council decree 481, in force 2007-04-01).

Exact Decimal arithmetic throughout; only the final figure is rounded, by a setting (the regulation sets
no rounding rule). Where the regulation gives a range for provinces to fix (divorce, personality rights,
other non-property cases, IP without an amount, jurisdiction objections, enforcement without an amount),
the figure comes from :class:`FeeSettings`, defaulting to the bottom of the range.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

D = Decimal
INFINITY = D("Infinity")

# (upper bound of the band, rate) — art. 13(1): cumulative bands for property cases.
PROPERTY_BANDS = [
    (D(100_000), D("0.025")),
    (D(200_000), D("0.02")),
    (D(500_000), D("0.015")),
    (D(1_000_000), D("0.01")),
    (D(2_000_000), D("0.009")),
    (D(5_000_000), D("0.008")),
    (D(10_000_000), D("0.007")),
    (D(20_000_000), D("0.006")),
    (INFINITY, D("0.005")),
]
# art. 14(1)2: enforcement applications with an amount.
ENFORCEMENT_BANDS = [
    (D(500_000), D("0.015")),
    (D(5_000_000), D("0.01")),
    (D(10_000_000), D("0.005")),
    (INFINITY, D("0.001")),
]
# art. 14(2): preservation, capped at 5,000.
PRESERVATION_BANDS = [(D(100_000), D("0.01")), (INFINITY, D("0.005"))]

# 案件受理费 (art. 13) may be halved (arts. 15, 16); application fees (art. 14) may not.
ACCEPTANCE_FEES = (
    "property",
    "divorce",
    "personality",
    "non_property",
    "ip",
    "labour",
    "administrative",
    "administrative_special",
    "jurisdiction_objection",
)
APPLICATION_FEES = (
    "enforcement",
    "preservation",
    "payment_order",
    "public_notice",
    "arbitration",
    "bankruptcy",
)
KINDS = ACCEPTANCE_FEES + APPLICATION_FEES
NEEDS_AMOUNT = {"property", "preservation", "payment_order", "bankruptcy"}


class FeeError(ValueError):
    """Bad input, with a Chinese message for the caller."""


@dataclass(frozen=True)
class FeeSettings:
    """The figures a province fixes within the regulation's ranges, and the rounding for display."""

    divorce: D = D(50)  # 50-300
    personality: D = D(100)  # 100-500
    non_property: D = D(50)  # 50-100
    ip_without_amount: D = D(500)  # 500-1000
    jurisdiction_objection: D = D(50)  # 50-100
    enforcement_without_amount: D = D(50)  # 50-500
    quantum: D = D("0.01")
    rounding: str = ROUND_HALF_UP


@dataclass
class Fee:
    fee: D
    exact: D
    halved: bool
    basis: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)

    @property
    def grouped(self) -> str:
        """The fee as money is written, in every language: "2,300.00"."""
        return f"{self.fee:,.2f}"


def banded(amount: D, base: D, floor: D, bands: list[tuple[D, D]], steps: list[str]) -> D:
    """``base`` for the first ``floor`` yuan, then each band's rate on the part inside it."""
    total, lower = base, floor
    steps.append(f"不超过{floor:,}元部分：{base}元")
    for upper, rate in bands:
        if amount <= lower:
            break
        part = min(amount, upper) - lower
        total += part * rate
        top = "" if upper == INFINITY else f"至{upper:,}元"
        steps.append(f"超过{lower:,}元{top}部分 {_yuan(part)} × {_percent(rate)} = {_yuan(part * rate)}")
        lower = upper
    return total


def property_fee(amount: D, steps: list[str]) -> D:
    return banded(amount, D(50), D(10_000), PROPERTY_BANDS, steps)


def compute_fee(
    kind: str,
    amount=None,
    *,
    procedure: str = "ordinary",
    settlement: str = "none",
    settings: FeeSettings = FeeSettings(),
) -> Fee:
    if kind not in KINDS:
        raise FeeError(f"不支持的费用类型“{kind}”")
    if procedure not in ("ordinary", "summary"):
        raise FeeError("审理程序应为 ordinary（普通程序）或 summary（简易程序）")
    if settlement not in ("none", "mediation", "withdrawal"):
        raise FeeError("结案方式应为 none、mediation（调解）或 withdrawal（撤诉）")
    amount = _amount(amount, required=kind in NEEDS_AMOUNT)
    steps: list[str] = []
    basis = ["诉讼费用交纳办法第十三条" if kind in ACCEPTANCE_FEES else "诉讼费用交纳办法第十四条"]
    s = settings
    if kind == "property":
        fee = property_fee(amount, steps)
    elif kind == "ip":
        fee = property_fee(amount, steps) if amount else s.ip_without_amount
    elif kind == "divorce":
        fee = s.divorce + _over(amount, D(200_000), D("0.005"), steps)
    elif kind == "personality":
        fee = (
            s.personality
            + _over(amount, D(50_000), D("0.01"), steps, until=D(100_000))
            + _over(amount, D(100_000), D("0.005"), steps)
        )
    elif kind == "non_property":
        fee = s.non_property
    elif kind == "labour":
        fee = D(10)
    elif kind == "administrative":
        fee = D(50)
    elif kind == "administrative_special":
        fee = D(100)
    elif kind == "jurisdiction_objection":
        fee = s.jurisdiction_objection
    elif kind == "enforcement":
        fee = (
            banded(amount, D(50), D(10_000), ENFORCEMENT_BANDS, steps)
            if amount
            else s.enforcement_without_amount
        )
    elif kind == "preservation":
        fee = banded(amount, D(30), D(1_000), PRESERVATION_BANDS, steps) if amount > 1000 else D(30)
        if fee > 5000:
            steps.append(f"{_yuan(fee)}超过上限，按5,000元交纳")
            fee = D(5000)
    elif kind == "payment_order":
        fee = property_fee(amount, steps) / 3
        steps.append("比照财产案件受理费标准的1/3")
    elif kind == "public_notice":
        fee = D(100)
    elif kind == "arbitration":
        fee = D(400)
    else:  # bankruptcy
        fee = property_fee(amount, steps) / 2
        steps.append("按财产案件受理费标准减半")
        if fee > 300_000:
            steps.append(f"{_yuan(fee)}超过上限，按300,000元交纳")
            fee = D(300_000)
    halved = kind in ACCEPTANCE_FEES and (procedure == "summary" or settlement != "none")
    if halved:
        # Summary procedure, mediation and withdrawal each halve the fee, but only once (民诉解释 art. 206).
        fee /= 2
        basis.append(
            "诉讼费用交纳办法第十五条、第十六条；最高人民法院关于适用《民事诉讼法》的解释第二百零六条（只减半一次）"
        )
        steps.append("减半交纳（只减半一次）")
    return Fee(
        fee=fee.quantize(s.quantum, rounding=s.rounding), exact=fee, halved=halved, basis=basis, steps=steps
    )


MAX_AMOUNT = D(10) ** 15  # one thousand trillion yuan


def _amount(value, *, required: bool) -> D:
    if value in (None, ""):
        if required:
            raise FeeError("请填写争议金额或价额")
        return D(0)
    try:
        amount = D(str(value).replace(",", "").strip())
    except ArithmeticError as error:
        raise FeeError(f"金额“{value}”不是有效数字") from error
    if not amount.is_finite() or amount < 0:
        raise FeeError("金额不能为负数")
    if amount > MAX_AMOUNT:  # beyond any real claim; the arithmetic would overflow its precision
        raise FeeError("金额过大，请核对")
    return amount


def _over(amount: D, threshold: D, rate: D, steps: list[str], until: D = INFINITY) -> D:
    if amount <= threshold:
        return D(0)
    part = min(amount, until) - threshold
    top = "" if until == INFINITY else f"至{until:,}元"
    steps.append(f"超过{threshold:,}元{top}部分 {_yuan(part)} × {_percent(rate)} = {_yuan(part * rate)}")
    return part * rate


def _yuan(value: D) -> str:
    """Money in a step as the court writes it: "2,250.00元"."""
    return f"{value.quantize(D('0.01'), rounding=ROUND_HALF_UP):,}元"


def _percent(rate: D) -> str:
    """A rate as the 交纳办法 writes it: "2.5%", "1%"."""
    return f"{(rate * 100).normalize():f}%"
