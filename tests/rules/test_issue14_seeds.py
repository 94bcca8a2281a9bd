"""The rules of issue 14 (classification, narrative verdicts, completeness by count, 绩效 forms against
the rest) on the five seeds: every finding they add, with the printed figures that show it.

- 001: CLS-RUNNING-ONLY — 06表 30108 63.33, 30110 25.73, 30111 2.34, 30113 55.31 (= 146.71) while
  05表 prints 基本支出 638.38 only under 2101550 事业运行 (the key's fn_class_social_insurance_in_2101550);
  PERF-BASIS-YEAR (info) — both 2023 自评表 of 城乡居民医疗保险补助 set their 年度目标 “按照《关于做好2021年
  城乡居民基本医疗保障工作的通知》(晋医保发【2021】14号)” (a notice on 2021's work).
- 003: CLS-ECON-FUNC — 06表 30108 66.09 against 05表 2080505 64.80, and 30110 30.87 + 30111 24.70 =
  55.57 against 2101101 32.14 + 2101103 24.87 = 57.01; N-VERDICT — （三）4: 年初预算 19.93, 支出决算
  20.77, 完成 104.21%, then “决算支出数小于年初预算安排数”; N-FORM-COUNT (info) — “涵盖项目9个” and no
  project form, only the 部门整体自评表; PERF-ADJUST-RATE (info) — that form's 预算调整率 0% against
  (1663.75 − 1254.84) ÷ 1254.84 = 32.59%; PERF-PROCUREMENT — its 政府采购执行率 0% against 十一's
  政府采购支出总额 11.97; PERF-OTHER-MONEY — the same form's 单位资金 全年执行数 1.4 (金额合计 1270.64 =
  政府预算资金 1269.24 + 1.4) while 01表 prints 0.00 for every non-fiscal income and 使用非财政拨款结余,
  年初结转和结余 0.02 (本年支出合计 1,269.26); PERF-WHOLE-INITIAL — the same form's 政府预算资金 年初预算数
  1254.84 against （三）'s “一般公共预算财政拨款支出年初预算为1,198.90万元” (= the sum of its eleven items'
  年初预算), 01表 printing 0.00 政府性基金 and 国有资本经营 appropriation: 55.94 apart.
- 004 (budget): CLS-RUNNING-ONLY — B06 养老 49.30, 医疗 20.03 + 0.84, 公积金 45.86 (= 116.03), B05 all
  485.06 under 2101550; PERF-FUND-LEVEL — P07 “城乡医疗救助市级补助” (市县 0, 省级 7,318,300) and P08
  “城乡医疗救助中央补助资金” (中央 0, 省级 6,504,600); N-TARGET-COUNT — 十 “实行绩效目标管理的项目3个”
  against 11 绩效目标表 of 11 projects (B12 lists 10 under the unit's row, B13 one 上年结转);
  CMP-AGENCY-EMPTY — 八 explains the 机关运行经费 increase by its “参公人员”, B06 公用经费 29.12, and the
  机关运行经费预算表 (B11) prints no figure; N-TARGET-AMOUNT — the same sentence's “涉及…4597.04万元” (the
  whole 支出预算, basic spending included), stated as 一般公共预算当年拨款, against the year's projects' 3686.29
  (the totals with 上年结转, 4111.98, and of the 11 forms, which include the 上年结转 project, are another
  reading the sentence rules out); PERF-INDICATOR-YEAR (info) — P11's indicator “2022年单位人数”
  in the 2023 budget; CLS-SUBSIDY-KIND (info) — B12's project “城乡居民县财政配套资金” 898.00 while B05 prints
  2101202 (城乡居民) nothing and 2101201 财政对职工基本医疗保险基金的补助 1498.00, which is exactly B12's
  232.00 + 15.00 + 898.00 + 292.00 + 56.33 + 4.67 (21013 2173.29 = the three 医疗救助 projects, 21015's 15.00
  the 一般公务业务费用): the residents' money is booked under the employees' 项.
- 002: N-ITEM-WORDING (info) — 五's item 4 “其他就业补助支出（项）” (支出决算0.60) is explained by item 3's
  sentence word for word (“本年度新增公益性岗位…县人社局公益性岗位补贴指标”), which speaks of 公益性岗位补贴 only.
- 000 and 002 (classification): nothing (their 06表 contributions equal their 项: 002 30108 38.50 = 2080505, 30110
  17.98 = 3.04 + 14.94 …).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.reader import read_document
from rules import check
from rules.findings import Finding
from tests.rules.test_catalog_seeds import SEEDS

RULES = (
    "CLS-ECON-FUNC",
    "CLS-RUNNING-ONLY",
    "N-VERDICT",
    "N-CHANGE-SIGN",
    "N-REASON-SIGN",
    "N-FORM-COUNT",
    "N-TARGET-COUNT",
    "N-TARGET-AMOUNT",
    "PERF-ADJUST-RATE",
    "PERF-FUND-LEVEL",
    "PERF-PROCUREMENT",
    "PERF-INDICATOR-YEAR",
    "PERF-DUPLICATE-FORM",
    "CMP-AGENCY-EMPTY",
    "N-ITEM-WORDING",
    "PERF-OTHER-MONEY",
    "PERF-BASIS-YEAR",
    "PERF-COST-BOUND",
    "PERF-WHOLE-INITIAL",
    "CLS-SUBSIDY-KIND",
)

EXPECTED: dict[str, list[tuple[str, str, list[str]]]] = {
    "000": [],
    "001": [
        ("CLS-RUNNING-ONLY", "warning", ["146.71", "638.38", "2101550 事业运行"]),
        (
            "PERF-BASIS-YEAR",
            "info",
            ["（P01）", "《关于做好2021年城乡居民基本医疗保障工作的通知》", "2023年度"],
        ),
        (
            "PERF-BASIS-YEAR",
            "info",
            ["（P02）", "《关于做好2021年城乡居民基本医疗保障工作的通知》", "2023年度"],
        ),
        ("PERF-DUPLICATE-FORM", "info", ["城乡居民医疗保险补助"]),
    ],
    "002": [
        ("N-ITEM-WORDING", "info", ["其他就业补助支出（项）", "公益性岗位补贴", "一字不差"]),
    ],
    "003": [
        ("CLS-ECON-FUNC", "warning", ["66.09", "64.80", "2080505"]),
        ("CLS-ECON-FUNC", "warning", ["55.57", "57.01", "2101103 公务员医疗补助"]),
        ("N-FORM-COUNT", "info", ["9个项目", "未附项目支出绩效自评表"]),
        ("N-VERDICT", "error", ["20.77万元大于预算19.93万元", "决算支出数小于年初预算安排数"]),
        ("PERF-ADJUST-RATE", "info", ["0%", "32.59%", "1663.75", "1254.84"]),
        (
            "PERF-OTHER-MONEY",
            "warning",
            ["“单位资金”全年执行数为1.40万元", "至多0.02万元", "年初结转和结余0.02"],
        ),
        ("PERF-PROCUREMENT", "warning", ["0%", "11.97万元"]),
        (
            "PERF-WHOLE-INITIAL",
            "warning",
            ["年初预算数为1254.84万元", "年初预算1,198.90万元", "相差55.94万元"],
        ),
    ],
    "004": [
        ("CLS-RUNNING-ONLY", "warning", ["116.03", "485.06", "2101550 事业运行"]),
        (
            "CLS-SUBSIDY-KIND",
            "info",
            ["城乡居民县财政配套资金", "898.00万元", "2101202", "2101201", "1498.00万元"],
        ),
        ("CMP-AGENCY-EMPTY", "warning", ["参公人员", "公用经费为29.12万元", "B11"]),
        ("N-TARGET-AMOUNT", "warning", ["4597.04", "当年（不含上年结转）", "3686.29"]),
        ("N-TARGET-COUNT", "warning", ["项目3个", "涉及11个项目", "项目支出预算表列有11个项目"]),
        ("PERF-FUND-LEVEL", "warning", ["城乡医疗救助市级补助", "省级财政资金7,318,300"]),
        ("PERF-FUND-LEVEL", "warning", ["城乡医疗救助中央补助资金", "中央财政资金0", "6,504,600"]),
        ("PERF-INDICATOR-YEAR", "info", ["2022年单位人数", "2023年度"]),
    ],
}


def _issue14(shared: Path, seed: str) -> list[Finding]:
    path = shared / "seeds" / SEEDS[seed][0]
    out = check(read_document(path.read_bytes(), path.name, "text"))
    return sorted((f for f in out.findings if f.rule_id in RULES), key=lambda f: (f.rule_id, f.message))


@pytest.mark.shared
@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_issue14_findings_on_the_seeds(shared_dir: Path, seed: str) -> None:
    found = _issue14(shared_dir, seed)
    assert [(f.rule_id, f.severity) for f in found] == [(r, s) for r, s, _ in EXPECTED[seed]]
    for f, (_, _, words) in zip(found, EXPECTED[seed], strict=True):
        assert all(w in f.message for w in words), (f.message, words)
