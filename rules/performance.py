"""绩效自评表 (tables “P01”, “P02”, …, ingest/performance.py): the money block's own sums.

- PERF-TASK-SUM: on a 部门整体支出 form, 金额合计 = Σ 任务N in every money column;
- PERF-SOURCE-SUM: the total of a row equals its sources — 总额 = 财政拨款 + 其他资金 for
  全年预算数 and 全年执行数 (部门整体支出 forms); 年度资金总额 = 当年财政拨款 + 上年结转资金 +
  其他资金 in 年初预算数, 全年预算数 and 全年执行数 (项目支出 forms).

Both are in-table identities stated through rules/checks.py (`Identity`/`Slot`), so blank
cells, unreadable text and rounding are judged like every other sum. 执行率 (a ratio) is not
checked here.
"""

from __future__ import annotations

from ingest.model import Disclosure, Row, Table
from rules.catalog import define_rule
from rules.checks import Identity, Plan, column_sum, row_sum

TOTAL_WHOLE = "金额合计"
TOTAL_PROJECT = "年度资金总额"
PROJECT_SOURCES = ("当年财政拨款", "上年结转资金", "其他资金")
GROUPS = ("全年预算数", "全年执行数")
SOURCES = ("财政拨款", "其他资金")
PROJECT_COLUMNS = ("年初预算数", "全年预算数", "全年执行数")

PERF_TASK_SUM = define_rule(
    "PERF-TASK-SUM",
    title="部门整体支出绩效自评表金额合计等于各任务之和",
    severity="error",
    family="performance",
    tables=("P",),
    needs="部门整体支出绩效自评表“任务N”“金额合计”行的全年预算数、全年执行数（总额、财政拨款、其他资金）",
    rationale="绩效自评表“金额合计”是各年度主要任务资金的合计；合计与各任务之和不符，说明任务资金或合计数填错，"
    "自评结论（执行率、得分）失去依据。",
    fires="任务1 157.98 + 任务2 51.34 = 209.32，而“金额合计”全年执行数财政拨款 201.56。",
    silent="任务1 157.98 + 任务2 43.58 = 201.56 = 金额合计 201.56。",
)
PERF_SOURCE_SUM = define_rule(
    "PERF-SOURCE-SUM",
    title="绩效自评表资金总额等于各资金来源之和（总额＝财政拨款＋其他资金）",
    severity="warning",
    family="performance",
    tables=("P",),
    needs="绩效自评表预算数、执行数的总额与财政拨款、其他资金（项目表：当年财政拨款、上年结转资金、其他资金）",
    rationale="资金总额按来源分列为财政拨款和其他资金（项目表另列上年结转资金）；总额小于财政拨款而其他资金为空，"
    "或总额与来源之和不符，说明预算数或执行数填错。",
    fires="任务1 全年预算数总额 157.35，财政拨款 157.98，其他资金为空。",
    silent="年度资金总额 43.58 = 当年财政拨款 43.58 + 上年结转资金 0 + 其他资金 0。",
)


def _whole(table: Table) -> bool:
    return any(c.startswith(f"{GROUPS[0]}/") for c in table.columns)


def whole_plan(table: Table) -> list[Identity]:
    """PERF-TASK-SUM down each money column, PERF-SOURCE-SUM across each row."""
    out: list[Identity] = []
    tasks = [r for r in table.rows if r.key.startswith("任务")]
    total = table.row(TOTAL_WHOLE)
    money = [c for c in table.columns if c.startswith(GROUPS)]
    if total is not None and tasks:
        for column in money:
            out.append(column_sum(PERF_TASK_SUM, table, total, tasks, column, substitutable=False))
    for r in table.rows:
        for group in GROUPS:
            parts = [(f"{group}/{s}", 1) for s in SOURCES if f"{group}/{s}" in table.columns]
            if f"{group}/总额" in table.columns and parts:
                out.append(_row_identity(table, r, f"{group}/总额", parts))
    return out


def _row_identity(table: Table, r: Row, total: str, parts: list[tuple[str, int]]) -> Identity:
    ident = row_sum(PERF_SOURCE_SUM, table, r, total, parts)
    ident.substitutable = False
    return ident


def project_plan(table: Table) -> list[Identity]:
    """PERF-SOURCE-SUM: 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金, per money column."""
    total = table.row(TOTAL_PROJECT)
    sources = [r for r in (table.row(k) for k in PROJECT_SOURCES) if r is not None]
    if total is None or not sources:
        return []
    return [
        column_sum(PERF_SOURCE_SUM, table, total, sources, column, substitutable=False)
        for column in PROJECT_COLUMNS
        if column in table.columns
    ]


def plan(disclosure: Disclosure) -> Plan:
    """The identities of every parsed 绩效自评表."""
    out = Plan()
    for tid in sorted(disclosure.tables):
        table = disclosure.tables[tid]
        if not tid.startswith("P") or table.empty:
            continue
        out.identities.extend(whole_plan(table) if _whole(table) else project_plan(table))
    return out
