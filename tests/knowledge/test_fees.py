"""Fees at every band boundary, worked by hand from 诉讼费用交纳办法 arts. 13-16 and 民诉解释 art. 206."""

from decimal import Decimal

import pytest

from court12368.knowledge.fees import FeeError, FeeSettings, compute_fee


def fee(kind, amount=None, **kwargs):
    return compute_fee(kind, amount, **kwargs).fee


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0", "50.00"),
        ("10000", "50.00"),
        ("10001", "50.03"),
        ("100000", "2300.00"),
        ("150000", "3300.00"),
        ("200000", "4300.00"),
        ("500000", "8800.00"),
        ("1000000", "13800.00"),
        ("2000000", "22800.00"),
        ("5000000", "46800.00"),
        ("10000000", "81800.00"),
        ("20000000", "141800.00"),
        ("30000000", "191800.00"),
    ],
)
def test_property_case_bands(amount, expected):
    assert fee("property", amount) == Decimal(expected)


def test_halving_applies_once_whatever_the_grounds():
    assert fee("property", "150000", procedure="summary") == Decimal("1650.00")
    assert fee("property", "150000", settlement="mediation") == Decimal("1650.00")
    assert fee("property", "150000", procedure="summary", settlement="withdrawal") == Decimal("1650.00")
    assert compute_fee("property", "150000", procedure="summary").halved


def test_application_fees_are_never_halved():
    assert fee("enforcement", "10000", procedure="summary", settlement="mediation") == Decimal("50.00")


@pytest.mark.parametrize(("amount", "expected"), [("200000", "50.00"), ("300000", "550.00")])
def test_divorce_with_property_split(amount, expected):
    assert fee("divorce", amount) == Decimal(expected)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(None, "100.00"), ("50000", "100.00"), ("80000", "400.00"), ("100000", "600.00"), ("150000", "850.00")],
)
def test_personality_rights_with_damages(amount, expected):
    assert fee("personality", amount) == Decimal(expected)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("10000", "50.00"),
        ("500000", "7400.00"),
        ("5000000", "52400.00"),
        ("10000000", "77400.00"),
        ("20000000", "87400.00"),
        (None, "50.00"),
    ],
)
def test_enforcement_bands(amount, expected):
    assert fee("enforcement", amount) == Decimal(expected)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("500", "30.00"),
        ("1000", "30.00"),
        ("100000", "1020.00"),
        ("800000", "4520.00"),
        ("900000", "5000.00"),
        ("1000000", "5000.00"),
    ],
)
def test_preservation_is_capped_at_5000(amount, expected):
    assert fee("preservation", amount) == Decimal(expected)


def test_payment_order_is_a_third_kept_exact_until_rounding():
    result = compute_fee("payment_order", "10000")
    assert result.exact == Decimal(50) / 3
    assert result.fee == Decimal("16.67")
    assert fee("payment_order", "150000") == Decimal("1100.00")


def test_bankruptcy_is_half_the_property_scale_capped_at_300000():
    assert fee("bankruptcy", "150000") == Decimal("1650.00")
    assert fee("bankruptcy", "200000000") == Decimal("300000.00")


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("labour", "10.00"),
        ("administrative", "50.00"),
        ("administrative_special", "100.00"),
        ("public_notice", "100.00"),
        ("arbitration", "400.00"),
        ("non_property", "50.00"),
        ("jurisdiction_objection", "50.00"),
        ("ip", "500.00"),
    ],
)
def test_fixed_and_provincial_fees(kind, expected):
    assert fee(kind) == Decimal(expected)


def test_provincial_figures_and_rounding_are_settings():
    beijing = FeeSettings(divorce=Decimal(200), ip_without_amount=Decimal(800), quantum=Decimal("1"))
    assert fee("divorce", "300000", settings=beijing) == Decimal("700")
    assert fee("ip", settings=beijing) == Decimal("800")
    assert fee("ip", "150000", settings=beijing) == Decimal("3300")  # with an amount: property scale


@pytest.mark.parametrize(
    ("kind", "amount", "message"),
    [
        ("property", None, "请填写争议金额"),
        ("property", "-5", "不能为负数"),
        ("property", "abc", "不是有效数字"),
        ("tax", "1", "不支持的费用类型"),
    ],
)
def test_bad_input_is_explained(kind, amount, message):
    with pytest.raises(FeeError) as error:
        compute_fee(kind, amount)
    assert message in str(error.value)
