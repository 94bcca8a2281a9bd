"""Findings that depend on where a space-separated row's figures were placed (rules/placement.py,
ingest/reconcile.py): a check that another placement keeping every identity would satisfy is not
evaluated, with the candidate placements; one that breaks under every placement is still found."""

from __future__ import annotations

from ingest.model import Disclosure
from ingest.reader import build
from ingest.text import read_text
from rules.audit import check
from rules.findings import AuditOutcome

T04 = (
    "财政拨款收入支出决算总表\n公开04表\n单位：万元\n收入 支出\n"
    "项目 行次 决算数 项目 行次 合计 一般公共预算财政拨款 政府性基金预算财政拨款 国有资本经营预算财政拨款\n"
    "栏次 1 栏次 2 3 4 5\n"
    "一、一般公共预算财政拨款收入 1 {general} 一、社会保障和就业支出 33 {a} {a}\n"
    "二、政府性基金预算财政拨款收入 2 50.00 二、城乡社区支出 34 {b} {b}\n"
    "三、国有资本经营预算财政拨款收入 3\n"
    "本年收入合计 27 {total} 本年支出合计 59 {total} {general} 50.00\n"
    "年初财政拨款结转和结余 28 年末财政拨款结转和结余 60\n"
    "一般公共预算财政拨款 29 61\n政府性基金预算财政拨款 30 62\n国有资本经营预算财政拨款 31 63\n"
    "总计 32 {total} 总计 64 {total} {general} 50.00\n注：…\n"
)
T05 = (
    "一般公共预算财政拨款支出决算表\n公开05表\n单位：万元\n项目 本年支出\n科目编码 科目名称 小计 基本支出 项目支出\n"
    "合计 {v} {v}\n{cls} 类支出 {v} {v}\n{cls}01 款支出 {v} {v}\n{cls}0101 项支出 {v} {v}\n注：…\n"
)


def _audit(general: str, a: str, b: str, total: str, cls: str, v: str) -> tuple[Disclosure, AuditOutcome]:
    text = T04.format(general=general, a=a, b=b, total=total) + T05.format(cls=cls, v=v)
    doc = build(read_text(text), "t.txt")
    return doc, check(doc)


def _serious(out: AuditOutcome, rule: str) -> list[str]:
    return [f.message for f in out.findings if f.rule_id == rule and f.severity in ("error", "warning")]


def test_column_sums_of_04_settle_the_fund_of_a_text_row() -> None:
    # 城乡社区支出 “50.00 50.00” fits 一般公共预算 or 政府性基金 alone; only 政府性基金 makes the
    # 政府性基金 column add up to 本年支出合计
    doc, out = _audit("100.00", "100.00", "50.00", "150.00", "208", "100.00")
    row = doc.tables["04"].row("城乡社区支出", lane="expense")
    assert row is not None and set(row.cells) == {"合计", "政府性基金预算财政拨款"}
    assert row.alternatives == []
    assert not _serious(out, "X04-05-CLASS")
    assert not [n for n in out.not_evaluated if n.evidence]


def test_a_check_that_another_consistent_placement_satisfies_is_not_evaluated() -> None:
    # two classes of 50.00 each, one of each fund: which is which the text cannot tell; 05表
    # shows 212 (城乡社区), the guess put 一般公共预算 on 208 (社会保障和就业)
    _doc, out = _audit("50.00", "50.00", "50.00", "100.00", "212", "50.00")
    assert not _serious(out, "X04-05-CLASS")
    open_checks = [n for n in out.not_evaluated if n.rule_id == "X04-05-CLASS" and n.evidence]
    assert open_checks
    reason = open_checks[0].reason
    assert "栏次无法确定" in reason and "政府性基金预算财政拨款" in reason
    placements = [e["placements"] for n in open_checks for e in n.evidence if "placements" in e]
    assert [["合计", "一般公共预算财政拨款"], ["合计", "政府性基金预算财政拨款"]] in placements
    assert all(n.to_json()["evidence"] == n.evidence for n in open_checks)


def test_figures_that_break_under_every_placement_are_still_found() -> None:
    # 05表 208 = 90.00 while 04表 prints 100.00 for 社会保障和就业支出 in any placement
    _doc, out = _audit("100.00", "100.00", "50.00", "150.00", "208", "90.00")
    assert _serious(out, "X04-05-CLASS")


T02 = (
    "收入决算表\n公开02表\n单位：万元\n"
    "项目 本年收入合计 财政拨款收入 上级补助收入 事业收入 经营收入 附属单位上缴收入 其他收入\n"
    "科目编码 科目名称\n栏次 1 2 3 4 5 6 7\n合计 300.00 200.00 100.00\n"
    "210 卫生健康支出 300.00 200.00 100.00\n21015 医疗保障管理事务 300.00 200.00 100.00\n"
    "2101501 行政运行 300.00 200.00 100.00\n注：…\n"
)
SAYS = (
    "二、收入决算情况说明\n2023年度本年收入合计300.00万元，其中：财政拨款收入200.00万元，"
    "占本年收入合计的66.67%；事业收入{v}万元，占本年收入合计的33.33%。\n"
)


def test_a_stated_amount_that_another_consistent_placement_shows_is_not_evaluated() -> None:
    # “合计 300.00 200.00 100.00” under seven columns: the third figure may be any source of
    # income (the whole column moves with its 类, 款 and 项); the narrative says 事业收入
    doc = build(read_text(SAYS.format(v="100.00") + T02), "t.txt")
    total = doc.tables["02"].row("合计")
    assert total is not None and any("事业收入" in alt for alt in total.alternatives)
    out = check(doc)
    assert not _serious(out, "N-AMOUNT-TABLE")
    (n,) = [n for n in out.not_evaluated if n.rule_id == "N-AMOUNT-TABLE"]
    assert "事业收入" in n.reason and "栏次无法确定" in n.reason
    assert ["本年收入合计", "财政拨款收入", "事业收入"] in n.evidence[-1]["placements"]


def test_a_stated_amount_no_placement_shows_is_still_found() -> None:
    doc = build(read_text(SAYS.format(v="90.00") + T02), "t.txt")
    assert _serious(check(doc), "N-AMOUNT-TABLE")


T03_PROJECT_ITEMS = (
    "支出决算表\n公开03表\n单位：万元\n"
    "项目 本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出\n科目编码 科目名称\n"
    "合计 98.80 61.98 36.82\n201 一般公共服务支出 98.80 61.98 36.82\n20106 财政事务 98.80 61.98 36.82\n"
    "2010601 行政运行 32.79 32.79\n2010602 一般行政管理事务 18.15 18.15\n2010607 信息化建设 4.67 4.67\n"
    "2010650 事业运行 19.55 19.55\n2010699 其他财政事务支出 23.64 9.64 14.00\n注：…\n"
)


def test_items_of_one_parent_are_placed_jointly_within_the_parent_columns() -> None:
    # five 项 of 20106 (four printing one amount twice): their placements multiply past the joint
    # search's limit over six columns, but only 基本支出 / 项目支出 hold 20106's money; jointly
    # 行政运行 and 事业运行 are basic, 一般行政管理事务 and 信息化建设 project spending
    doc = build(read_text(T03_PROJECT_ITEMS), "t.txt")
    t = doc.tables["03"]
    assert set(t.row("2010602 一般行政管理事务").cells) == {"本年支出合计", "项目支出"}  # type: ignore[union-attr]
    assert set(t.row("2010601 行政运行").cells) == {"本年支出合计", "基本支出"}  # type: ignore[union-attr]
    assert not _serious(check(doc), "TAB-HIER")
