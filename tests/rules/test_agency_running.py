"""CMP-AGENCY-EMPTY (rules/agency_running.py) on the invented 县司法局 of tests/rules/agency_examples.py."""

from __future__ import annotations

from tests.rules.agency_examples import ADMINISTRATIVE, AGENCY_EXAMPLES, PUBLIC_SERVICE, staffed
from tests.rules.helpers import findings, run


def test_empty_agency_table_of_a_unit_with_administrative_staff() -> None:
    fires, silent = AGENCY_EXAMPLES["CMP-AGENCY-EMPTY"]
    [f] = findings(run(fires()), "CMP-AGENCY-EMPTY")
    assert f.severity == "warning"
    assert "行政编制7人" in f.message and "公用经费为36.76万元" in f.message and "公开10表" in f.message
    assert findings(run(silent()), "CMP-AGENCY-EMPTY") == []


def test_public_service_unit_or_a_definition_is_not_staff() -> None:
    assert findings(run(staffed(PUBLIC_SERVICE)), "CMP-AGENCY-EMPTY") == []
    definition = (
        "十二、机关运行经费：指行政单位和参照公务员法管理的事业单位财政拨款基本支出中的公用经费支出。"
    )
    assert findings(run(staffed(definition)), "CMP-AGENCY-EMPTY") == []
    assert findings(run(staffed("本单位行政编制0人，事业编制9人。")), "CMP-AGENCY-EMPTY") == []


def test_participating_staff_named_in_a_reason() -> None:
    said = "机关运行经费增加的原因是参公人员新增了绩效工资。"
    [f] = findings(run(staffed(said)), "CMP-AGENCY-EMPTY")
    assert "参公人员" in f.message
    assert ADMINISTRATIVE not in f.message
