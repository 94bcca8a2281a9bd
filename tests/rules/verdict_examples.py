"""The 情况说明 item of an invented 农业农村局 (病虫害控制), read by the real narrative reader, where
N-VERDICT fires and stays silent: its verdict on 决算 against 预算 against the item's own figures."""

from __future__ import annotations

from collections.abc import Callable

from ingest.model import Disclosure
from tests.rules.narrative_examples import GENERAL, narrated

Example = Callable[[], Disclosure]

ITEM = "3.农林水支出（类）农业农村（款）病虫害控制（项）。"


def item(*sentences: str) -> Disclosure:
    """The full example disclosure with section 五 explaining this one item."""
    return narrated(GENERAL, ITEM + "".join(sentences))


def _spent(final: str, rate: str) -> Disclosure:
    return item(
        f"年初预算19.60万元，支出决算{final}万元，完成年初预算的{rate}。",
        "决算数与年初预算数存在差异的主要原因是防控面积调整，决算支出数小于年初预算安排数。",
    )


VERDICT_EXAMPLES: dict[str, tuple[Example, Example]] = {
    "N-VERDICT": (lambda: _spent("21.35", "108.93%"), lambda: _spent("18.20", "92.86%")),
}


def agency(sentence: str) -> Disclosure:
    """The full example disclosure with section 十 saying `sentence` (机关运行经费 of an invented year)."""
    from tests.rules.narrative_examples import AGENCY

    return narrated(AGENCY, sentence)


VERDICT_EXAMPLES["N-CHANGE-SIGN"] = (
    lambda: agency(
        "2023年度机关运行经费支出28.40万元，上年支出33.10万元，比上年增加4.70万元，主要原因是压减公用经费。"
    ),
    lambda: agency(
        "2023年度机关运行经费支出28.40万元，上年支出33.10万元，比上年减少4.70万元，主要原因是压减公用经费。"
    ),
)
VERDICT_EXAMPLES["N-REASON-SIGN"] = (
    lambda: agency(
        "2023年度机关运行经费支出28.40万元，比上年减少4.70万元，增长的主要原因是新增办公设备购置。"
    ),
    lambda: agency("2023年度机关运行经费支出28.40万元，比上年减少4.70万元，减少的主要原因是压减公用经费。"),
)

_PENSION = "1.社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）。"
_ANNUITY = "2.社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）。"
_ANNUITY_WHY = "年初预算6.20万元，支出决算5.23万元，主要原因是职业年金缴费基数调整。"


def items(*paragraphs: str) -> Disclosure:
    """The full example disclosure with section 五 explaining these 项 one paragraph each."""
    return narrated(GENERAL, *paragraphs)


VERDICT_EXAMPLES["N-ITEM-WORDING"] = (
    lambda: items(
        _PENSION + "年初预算12.40万元，支出决算10.75万元，主要原因是职业年金缴费基数调整。",
        _ANNUITY + _ANNUITY_WHY,
    ),
    lambda: items(
        _PENSION + "年初预算12.40万元，支出决算10.75万元，主要原因是基本养老保险缴费人数减少。",
        _ANNUITY + _ANNUITY_WHY,
    ),
)
