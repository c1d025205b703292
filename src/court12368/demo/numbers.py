"""The demo courts' public numbers (the voice line maps a dialled number to its court).

Every demo court is in Beijing (area code 010). 010-12368 reaches the Beijing courts' 12368 platform,
here the high court's; each other court has its own direct line. The direct lines are invented demo
numbers, labelled as such: a real court enters its published numbers in 系统配置 → 法院.
"""

from court12368.courts.models import PublicNumber

DEMO = "（演示号码）"
# slug: [(number, label, shown first)]
PUBLIC_NUMBERS = {
    "spc": [("010-50000368", f"诉讼服务直线{DEMO}", True)],
    "bjgy": [
        ("010-12368", "北京法院12368诉讼服务热线", True),
        ("010-50001368", f"诉讼服务直线{DEMO}", False),
    ],
    "bj1zy": [("010-50011368", f"诉讼服务直线{DEMO}", True)],
    "bj3zy": [("010-50031368", f"诉讼服务直线{DEMO}", True)],
    "chaoyang": [
        ("010-50105368", f"诉讼服务直线{DEMO}", True),
        ("010-50105369", f"立案咨询{DEMO}", False),
    ],
    "tongzhou": [("010-50112368", f"诉讼服务直线{DEMO}", True)],
    "haidian": [("010-50108368", f"诉讼服务直线{DEMO}", True)],
    "shijingshan": [("010-50107368", f"诉讼服务直线{DEMO}", True)],
}


def add_public_numbers(courts_by_slug: dict) -> int:
    rows = [
        PublicNumber(court=courts_by_slug[slug], number=number, label=label, is_primary=primary)
        for slug, numbers in PUBLIC_NUMBERS.items()
        if slug in courts_by_slug
        for number, label, primary in numbers
    ]
    PublicNumber.objects.bulk_create(rows)
    return len(rows)
