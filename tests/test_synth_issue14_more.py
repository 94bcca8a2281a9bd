"""Generated disclosures (auditor.synth) with more defects of issue 14 planted and removed — the
classes tests/test_synth_issue14.py could not plant before the generator had the options for them:

- completeness by kind: `generate(staffing="行政", agency_running="empty")` — a 人员情况 stating
  行政编制, 06表 公用经费, 公开10表 with its 机关运行经费 rows blank and no 机关运行经费 amount in section
  十 → CMP-AGENCY-EMPTY; clean twins: the same unit with 10表 printing its 机关运行经费
  (agency_running="table"), or a unit of 事业编制 only with the same empty table (staffing="事业");
- classification: `generate(running_only=True)` — every 一般公共预算 基本支出, the contributions of 06表
  (30108, 30109, 30110/30111, 30113 …) included, booked under the unit's 行政运行 项 instead of their
  own 项 (2080505, 2080506, 21011x, 2210201), every sum still consistent → CLS-RUNNING-ONLY. The same
  defect is seen item by item by X06-05-SOCIAL (one warning per contribution whose 项 05表 lacks);
  CLS-ECON-FUNC stays silent: 05表 prints none of the contributions' 项, so there is no pair of
  amounts to compare (its docstring leaves that case to the two rules above). Clean twin: the normal
  booking (the default document);
- fund source against the project's name: a 项目支出 form whose money block breaks the 当年财政拨款
  down by level of government, the project named after 中央 (“…中央补助资金”) with the money under
  省级 → PERF-FUND-LEVEL; clean twin: the money under 中央;
- fund source against the narrative: section 十三 of the 情况说明 says the project used 中央转移支付资金
  (or 县级财政资金) while its form puts the money under another level → PERF-FUND-NARRATIVE; clean
  twin: the sentence and the form agree.

Every clean twin has no error or warning finding at all; every planted document adds no error or
warning beyond its class (and, for the running-only booking, X06-05-SOCIAL).
"""

from __future__ import annotations

import pytest

from auditor.pipeline import audit_document
from auditor.result import DocumentResult
from auditor.synth import generate, to_text
from auditor.synth.model import SyntheticDisclosure
from auditor.synth.performance import Form, named_after, planted, project_forms, with_forms
from tests.synth_seeds import seeds_where

SEEDS = range(6)
# about two seeds in three have a 项 spent on projects only (a form): the first six of them
FORM_SEEDS = seeds_where(lambda s: bool(project_forms(generate(s))))


def _audit(text: str) -> DocumentResult:
    return audit_document("synthetic.txt", text.encode("utf-8"), "synthetic.txt")


def _serious(result: DocumentResult) -> list[tuple[str, str]]:
    return sorted((f.rule_id, f.message) for f in result.findings if f.severity != "info")


def _hits(result: DocumentResult, rule_id: str) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in result.findings if f.rule_id == rule_id]


@pytest.mark.parametrize("seed", SEEDS)
def test_options_off_leave_the_document_as_it_was(seed: int) -> None:
    doc = generate(seed)
    plain = to_text(doc)
    # no staff by kind, the 机关运行经费 stated in section 十, no 10表, contributions under their own 项
    assert "行政编制" not in plain and "事业编制" not in plain
    assert any(c.topic == "agency_running" for c in doc.claims) and "10" not in doc.tables
    assert {"2080505", "2210201"} <= set(_basic_items(doc))
    # the options change only what they name
    staffed = generate(seed, staffing="行政")
    assert staffed.tables == doc.tables and staffed.claims == doc.claims
    assert [p.text for p in staffed.paragraphs if p.text not in plain] == [
        next(p.text for p in staffed.paragraphs if "其中行政编制" in p.text)
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_agency_running_left_empty_by_a_unit_with_admin_staff_is_found(seed: int) -> None:
    doc = generate(seed, staffing="行政", agency_running="empty")
    text = to_text(doc)
    assert "其中行政编制" in text and "10" in doc.tables
    assert "机关运行经费支出情况详见公开10表" in text
    result = _audit(text)
    [(severity, message)] = _hits(result, "CMP-AGENCY-EMPTY")
    assert severity == "warning"
    assert "行政编制" in message and "公开10表机关运行经费未列数" in message
    assert [x for x in _serious(result) if x[0] != "CMP-AGENCY-EMPTY"] == []


@pytest.mark.parametrize("seed", SEEDS)
def test_agency_running_clean_twins_are_silent(seed: int) -> None:
    printed = generate(seed, staffing="行政", agency_running="table")
    agency = [c for c in printed.cells if c.table == "10" and c.row.startswith("机关运行经费")]
    assert agency and agency[0].yuan == printed.facts["operating"] > 0
    # the same unit, 10表 printing its 机关运行经费: nothing left out
    assert _serious(_audit(to_text(printed))) == []
    # a unit of 事业编制 only: an empty 机关运行经费 table is right
    assert _serious(_audit(to_text(generate(seed, staffing="事业", agency_running="empty")))) == []
    # the default document (no staff by kind, the amount stated in section 十)
    assert _serious(_audit(to_text(generate(seed)))) == []


def _basic_items(doc: SyntheticDisclosure) -> list[str]:
    """The 项 of 05表 that print a 基本支出."""
    return [row[0] for row in doc.tables["05"].body if len(row[0]) == 7 and row[3]]


@pytest.mark.parametrize("seed", SEEDS)
def test_contributions_booked_under_the_running_item_are_found(seed: int) -> None:
    normal = generate(seed)
    doc = generate(seed, running_only=True)
    # the same money: 06表 untouched, 05表's 基本支出 total unchanged, now under one 行政运行 项
    assert doc.tables["06"].body == normal.tables["06"].body
    assert doc.facts["general_basic"] == normal.facts["general_basic"]
    assert doc.facts["expense"] == normal.facts["expense"]
    [item] = _basic_items(doc)
    assert len(_basic_items(normal)) > 1 and "2210201" in _basic_items(normal)
    result = _audit(to_text(doc))
    [(severity, message)] = _hits(result, "CLS-RUNNING-ONLY")
    assert severity == "warning" and f"“{item} 行政运行”" in message and "30113 住房公积金" in message
    assert _hits(result, "CLS-ECON-FUNC") == []
    # the only other errors or warnings: X06-05-SOCIAL, one per contribution item without its 项
    social = _hits(result, "X06-05-SOCIAL")
    assert social and {s for s, _ in social} == {"warning"}
    assert {r for r, _ in _serious(result)} == {"CLS-RUNNING-ONLY", "X06-05-SOCIAL"}
    # the clean twin: the normal booking
    assert _serious(_audit(to_text(normal))) == []


def _forms(seed: int) -> tuple[SyntheticDisclosure, list[Form]]:
    doc = generate(seed)
    forms = project_forms(doc)
    assert forms, "the seeds are chosen with a 项 spent on projects only with a 年初预算"
    return doc, forms


def _with_first(doc: SyntheticDisclosure, forms: list[Form], first: Form) -> DocumentResult:
    return _audit(with_forms(doc, [first, *forms[1:]]))


@pytest.mark.parametrize("seed", FORM_SEEDS)
def test_fund_level_against_the_projects_name(seed: int) -> None:
    doc, forms = _forms(seed)
    central = named_after(forms[0], "中央")
    assert central.name.endswith("中央补助资金")
    clean = _with_first(doc, forms, planted(central, paid_level="中央"))
    assert _serious(clean) == []
    result = _with_first(doc, forms, planted(central, paid_level="省级"))
    [(severity, message)] = _hits(result, "PERF-FUND-LEVEL")
    assert severity == "warning" and f"项目名称“{central.name}”称中央资金" in message
    assert "省级财政资金" in message
    assert [x for x in _serious(result) if x[0] != "PERF-FUND-LEVEL"] == []


@pytest.mark.parametrize("seed", FORM_SEEDS)
def test_fund_level_against_the_narrative(seed: int) -> None:
    doc, forms = _forms(seed)
    form = forms[0]
    for said, paid, word in (("中央", "省级", "中央转移支付资金"), ("市县", "中央", "县级财政资金")):
        clean = _with_first(doc, forms, planted(form, paid_level=said, said_level=said))
        assert _serious(clean) == [], said
        result = _with_first(doc, forms, planted(form, paid_level=paid, said_level=said))
        [(severity, message)] = _hits(result, "PERF-FUND-NARRATIVE")
        assert severity == "warning"
        assert f"其中，{form.name}使用{word}" in message and "资金列在" in message
        assert _hits(result, "PERF-FUND-LEVEL") == []  # the name gives no level
        assert [x for x in _serious(result) if x[0] != "PERF-FUND-NARRATIVE"] == []
