"""N-ITEM-WORDING (rules/narrative_items.py): a 项 of the 情况说明 explained with another 项's words —
warning between the contribution 项 of the knowledge table, info otherwise, silence for a shared cause
that names neither."""

from __future__ import annotations

from tests.rules.helpers import findings, run
from tests.rules.verdict_examples import VERDICT_EXAMPLES, items

_JOBS = "3.社会保障和就业支出（类）就业补助（款）公益性岗位补贴（项）。"
_OTHER_JOBS = "4.社会保障和就业支出（类）就业补助（款）其他就业补助支出（项）。"
_WHY = "主要原因是年中新增护林公益性岗位补贴指标。"


def _wording(*paragraphs: str) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in findings(run(items(*paragraphs)), "N-ITEM-WORDING")]


def test_contribution_explained_as_another_contribution_is_a_warning() -> None:
    fires, _ = VERDICT_EXAMPLES["N-ITEM-WORDING"]
    [f] = findings(run(fires()), "N-ITEM-WORDING")
    assert f.severity == "warning"
    assert "第1项“机关事业单位基本养老保险缴费支出（项）”" in f.message
    assert "只讲“职业年金”" in f.message and "一字不差" in f.message
    assert len(f.evidence) == 2 and all(e["quote"] for e in f.evidence)


def test_other_item_named_is_info() -> None:
    [(grade, message)] = _wording(
        _JOBS + "年初预算0万元，支出决算3.60万元，" + _WHY,
        _OTHER_JOBS + "年初预算0万元，支出决算1.20万元，" + _WHY,
    )
    assert grade == "info"
    assert "第2项“其他就业补助支出（项）”" in message and "公益性岗位补贴" in message


def test_own_name_or_shared_cause_is_silent() -> None:
    # its own subject named beside the other's
    assert (
        _wording(
            _JOBS + "年初预算0万元，支出决算3.60万元，" + _WHY,
            _OTHER_JOBS + "年初预算0万元，支出决算1.20万元，主要原因是公益性岗位补贴以外的其他就业补助增加。",
        )
        == []
    )
    # the same generic cause for two 项, naming neither
    same = "主要原因是年中追加了相关经费。"
    assert _wording(_JOBS + "支出决算3.60万元，" + same, _OTHER_JOBS + "支出决算1.20万元，" + same) == []


def test_coded_listing_with_used_for() -> None:
    head = "2080505机关事业单位基本养老保险缴费支出10.30万元，主要用于"
    fires = _wording(
        head + "在职人员职业年金缴费。",
        "2080506机关事业单位职业年金缴费支出4.10万元，主要用于在职人员职业年金缴费。",
    )
    assert [g for g, _ in fires] == ["warning"]
    assert (
        _wording(
            head + "在职人员基本养老保险缴费。",
            "2080506机关事业单位职业年金缴费支出4.10万元，主要用于在职人员职业年金缴费。",
        )
        == []
    )
