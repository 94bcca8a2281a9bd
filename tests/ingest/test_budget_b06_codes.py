"""基本支出分经济科目表 (B06) printed with economic codes — “科目编码 | 科目名称 | 合计 | 人员经费 |
公用经费”, classes 301/302 and their 款 30101 … — is read like the name-only layout: every row keyed
by code and name, each 款 under the class printed above it (found unread by auditor/synth/budget.py's
econ_codes style: its header was not recognised, so the table's figures were never checked)."""

from __future__ import annotations

from decimal import Decimal

from ingest.reader import build
from ingest.text import read_text

B06 = (
    "2024年一般公共预算安排基本支出分经济科目表（不含上年结转）\n"
    "单位名称：某县档案服务中心\n"
    "单位：万元\n"
    "科目编码\t科目名称\t2024年预算数\t\t\n"
    "\t\t合计\t人员经费\t公用经费\n"
    "合计\t\t130.00\t110.00\t20.00\n"
    "301\t工资福利支出\t110.00\t110.00\t\n"
    "30101\t基本工资\t80.00\t80.00\t\n"
    "30113\t住房公积金\t30.00\t30.00\t\n"
    "302\t商品和服务支出\t20.00\t\t20.00\n"
    "30201\t办公费\t20.00\t\t20.00\n"
)


def test_coded_rows_are_read_with_their_class() -> None:
    t = build(read_text(B06), "t.txt").tables["B06"]
    assert not t.empty and not t.unread and t.columns == ["合计", "人员经费", "公用经费"]
    keys = [r.key for r in t.rows]
    assert keys == [
        "合计",
        "301 工资福利支出",
        "30101 基本工资",
        "30113 住房公积金",
        "302 商品和服务支出",
        "30201 办公费",
    ]
    housing = t.row("30113 住房公积金")
    assert housing is not None
    assert (housing.code, housing.domain, housing.level, housing.label) == ("30113", "econ", 2, "住房公积金")
    assert housing.parent == "工资福利支出"
    assert t.row("301 工资福利支出").parent is None  # type: ignore[union-attr]
    assert housing.amount("合计").value == Decimal("30.00")  # type: ignore[union-attr]


def test_coded_table_is_checked() -> None:
    from rules import check

    def tb_econ(text: str) -> list[str]:
        d = build(read_text(text), "t.txt")
        return [f.severity for f in check(d).findings if f.rule_id == "TB-ECON"]

    assert tb_econ(B06) == []
    # 办公费 printed 25.00: its class 302 (20.00) and the 合计 no longer add up
    assert "error" in tb_econ(B06.replace("30201\t办公费\t20.00\t\t20.00", "30201\t办公费\t25.00\t\t25.00"))
