"""N-PERF-FORM: the 情况说明's 绩效 results against the 绩效自评表 they summarise (rules/narrative/perf_forms.py)."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from auditor.pipeline import audit_document
from auditor.result import DocumentResult
from ingest.model import Disclosure
from rules.forms import project_name
from rules.narrative import claimed_project, name_overlap
from tests.conftest import require_shared
from tests.rules.examples import forms_narrated, p_project, p_whole, titled
from tests.rules.helpers import findings, not_evaluated, run
from tests.rules.narrative_examples import PERFORMANCE, narrated

RULE = "N-PERF-FORM"
WHOLE = "（二）部门整体支出绩效自评结果"
PROJECTS = "（三）项目绩效自评结果"
LIXIU = "县级离休老干部医疗费补助项目绩效自评表"


def _whole(sentence: str) -> Disclosure:
    return forms_narrated(PERFORMANCE, WHOLE, sentence)


def test_whole_department_figures_that_match_are_clean() -> None:
    out = run(
        _whole(
            "根据年度设定的绩效目标，部门整体支出自评得100分，全年预算数201.56万元，执行数201.56万元，完成预算的100%。"
        )
    )
    assert findings(out, RULE) == []
    assert not_evaluated(out, RULE) == []


def test_whole_department_budget_differs_from_the_form() -> None:
    # seed 000: 全年预算数 201.56 vs the form's 金额合计 200.93
    sentence = "部门整体支出自评得100分，全年预算数201.56万元，执行数200.93万元，完成预算的100%。"
    total = {
        f"金额合计:{g}/{s}": "200.93" for g in ("全年预算数", "全年执行数") for s in ("总额", "财政拨款")
    }
    d = forms_narrated(PERFORMANCE, WHOLE, sentence, whole=p_whole(**total))
    out = run(d)
    (hit,) = findings(out, RULE)
    assert (hit.actual, hit.expected, hit.difference) == ("201.56", "200.93", "0.63")
    assert hit.severity == "error"
    assert "全年预算数201.56万元" in hit.message and "“金额合计”行“全年预算数/" in hit.message
    assert [e["table"] for e in hit.evidence] == [None, "P01"]
    assert hit.evidence[0]["quote"].startswith("部门整体支出自评得100分")


def test_project_figures_go_to_the_form_whose_title_matches() -> None:
    project = titled(p_project(), LIXIU)
    clean = forms_narrated(
        PERFORMANCE,
        PROJECTS,
        "1.离休干部医药费项目绩效自评综述：全年预算数43.58万元，全年执行数43.58万元，预算执行率为100%。",
        project=project,
    )
    assert findings(run(clean), RULE) == []
    wrong = forms_narrated(
        PERFORMANCE,
        PROJECTS,
        "1.离休干部医药费项目绩效自评综述：全年预算数100万元，全年执行数43.58万元，预算执行率为100%。",
        project=titled(p_project(), LIXIU),
    )
    (hit,) = findings(run(wrong), RULE)
    assert (hit.actual, hit.expected) == ("100.00", "43.58")
    assert "“年度资金总额”行“全年预算数”栏" in hit.message and LIXIU in hit.message


def test_project_that_matches_no_form_is_not_evaluated() -> None:
    d = forms_narrated(
        PERFORMANCE,
        PROJECTS,
        "2.基层医疗保障服务联络员工资项目绩效自评综述：全年预算数56.52万元，全年执行数56.52万元。",
        project=titled(p_project(), LIXIU),
    )
    out = run(d)
    assert findings(out, RULE) == []
    assert [n for n in not_evaluated(out, RULE) if "无法可靠对应" in n.reason]


def test_involved_funds_are_the_sum_of_the_project_forms() -> None:
    # seed 001: two forms of one project, 1920 + 192 = 2112: reconciles, not a mismatch
    def doc(amount: str) -> Disclosure:
        d = forms_narrated(
            PERFORMANCE,
            f"2023年二级项目绩效自评个数1个，涉及资金{amount}万元：1个项目自评等级为“优”。",
            whole=titled(
                p_project(**{"年度资金总额:全年预算数": "1920"}), "城乡居民医疗保险补助项目支出绩效自评表"
            ),
            project=titled(
                p_project(**{"年度资金总额:全年预算数": "192"}), "城乡居民医疗保险补助项目支出绩效自评表"
            ),
        )
        return d

    assert findings(run(doc("2112")), RULE) == []
    (hit,) = findings(run(doc("2100")), RULE)
    assert (hit.actual, hit.expected) == ("2100.00", "2112.00")
    assert "之和" in hit.message


def test_forms_not_read_are_not_evaluated() -> None:
    d = narrated(PERFORMANCE, WHOLE, "部门整体支出自评得100分，全年预算数201.56万元，执行数201.56万元。")
    out = run(d)
    assert findings(out, RULE) == []
    (ne,) = not_evaluated(out, RULE)
    assert "绩效表未解析" in ne.reason


def test_names() -> None:
    assert project_name(LIXIU) == "离休老干部医疗费补助"
    said = claimed_project("1.离休干部医药费项目绩效自评综述：全年预算数100万元")
    assert said == "离休干部医药费"
    assert name_overlap(said, "离休老干部医疗费补助") >= name_overlap(
        said, "基层医疗保障服务联络员工资"
    ) + Decimal("0.5")


@cache
def _audit(*parts: str) -> DocumentResult:
    path = require_shared(*parts)
    return audit_document(str(path), path.read_bytes(), path.name)


def _hits(result: DocumentResult) -> list[tuple[str | None, str | None]]:
    return sorted((f.actual, f.expected) for f in result.findings if f.rule_id == RULE)


def test_seed_002_projects_match_their_forms_and_the_whole_form_does_not() -> None:
    # 离休 100/100/100% and 联络员 56.52/56.52/100% agree with their forms (clean); 涉及 156.52 =
    # 100 + 56.52; the whole form's 金额合计 1044.22 ≠ the stated 1049.22 (key perf_whole_task1_883_32)
    result = _audit("seeds", "002_801dc34b793b5deb.txt")
    assert _hits(result) == [("1049.22", "1044.22"), ("1049.22", "1044.22")]
    assert [n for n in result.not_evaluated if n.rule_id == RULE] == []


def test_seed_000_pdf_totals_vs_narrative_201_56() -> None:
    # key perf_totals_vs_narrative_201_56: 全年预算数/执行数 201.56 vs the form's 200.93
    result = _audit("corpus", "seed000_office.pdf")
    assert _hits(result) == [("201.56", "200.93"), ("201.56", "200.93")]
    assert all(
        "年预算数201.56万元，执行数201.56万元" in f.message for f in result.findings if f.rule_id == RULE
    )


def test_seed_001_involved_funds_without_forms_is_not_evaluated() -> None:
    result = _audit("seeds", "001_957c36ad5378e025.txt")
    assert _hits(result) == []
