"""In-table identities of a 预算公开 (B01–B13): the budget counterparts of rules/arithmetic.py.

The generic 类/款/项 sums of the budget code tables (B02, B03, B05, B08) are rules/hierarchy.py's;
here: the two-sided 收支总表 and 财政拨款收支总表 (lane sums, totals, balance, the columns of each
expense row), the row identity of the code tables (合计 = 基本支出 + 项目支出), the 基本支出 table
by economic category, the “三公” table, and the 国有资本经营预算收支预算表 (B09), whose two lanes
each carry their own subject codes and 合计. Same identities, same engine path, same tolerance.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.model import Disclosure, Row, Table
from ingest.schema import B09_INCOME, B09_LANE_COLUMNS, BASIC, PROJECT, TOTAL, code_domain, normalise_label
from rules.arithmetic import row_identities, two_sided_plan
from rules.catalog import RuleSpec, define_rule
from rules.checks import Plan, Slot, column_sum, cross_cells, missing_rows, value_columns
from rules.hierarchy import code_tree, column_phrase, level_word, listed_codes, subrows_plan
from rules.reading import LANE_WORDS, code_table_rows, is_filler, read_lane, row_name

TB_INCOME_SUM = define_rule(
    "TB-INCOME-SUM",
    title="预算收支总表、财政拨款收支总表：本年收入合计＝各项收入之和",
    severity="error",
    family="arithmetic",
    tables=("B01", "B04"),
    rationale="本年收入合计是一般公共预算、政府性基金预算等各项收入的汇总。",
    fires="本年收入合计 4171.35，而一般公共预算 4117.35、其余为空。",
    silent="本年收入合计 4171.35 = 一般公共预算 4171.35。",
)
TB_EXPENSE_SUM = define_rule(
    "TB-EXPENSE-SUM",
    title="预算收支总表、财政拨款收支总表：本年支出合计＝各类支出之和（逐栏）",
    severity="error",
    family="arithmetic",
    tables=("B01", "B04"),
    rationale="本年支出合计各栏应等于按功能分类列示的各类支出同一栏之和。",
    fires="本年支出合计 4597.04，卫生健康支出 4579.04，其余为空。",
    silent="本年支出合计 4597.04 = 卫生健康支出 4597.04。",
)
TB_TOTAL = define_rule(
    "TB-TOTAL",
    title="预算收支总表、财政拨款收支总表：总计＝本年合计＋上年结转（年终结转）",
    severity="error",
    family="arithmetic",
    tables=("B01", "B04"),
    rationale="收入方总计＝本年收入合计＋上年结转；支出方总计＝本年支出合计＋年终结转。",
    fires="收入总计 4597.04，本年收入合计 4171.35，上年结转 452.69。",
    silent="收入总计 4597.04 = 4171.35 + 425.69。",
)
TB_BALANCE = define_rule(
    "TB-BALANCE",
    title="预算收支总表、财政拨款收支总表：收入总计＝支出总计",
    severity="error",
    family="arithmetic",
    tables=("B01", "B04"),
    rationale="预算收支必须平衡。",
    fires="收入总计 4597.04，支出总计 4579.04。",
    silent="收入总计 4597.04 = 支出总计 4597.04。",
)
TB_ROW = define_rule(
    "TB-ROW",
    title="预算表逐行：合计＝各资金来源（当年预算安排＋上年结转；一般公共预算＋政府性基金预算＋国有资本经营预算）或基本支出＋项目支出",
    severity="error",
    family="arithmetic",
    tables=("B01", "B04", "B03", "B05", "B08", "B10", "B11", "B12", "B13"),
    rationale="每一行的合计栏应等于其组成栏之和（“三公”、机关运行经费、项目支出表：合计＝各资金来源栏之和）。",
    fires="卫生健康支出 合计 4597.04，当年预算安排 4171.35 + 上年结转 452.69。",
    silent="卫生健康支出 合计 4597.04 = 4171.35 + 425.69。",
)
TB_ECON = define_rule(
    "TB-ECON",
    title="基本支出分经济科目表：合计＝人员经费＋公用经费（逐行），经济分类类级＝其下各款之和，合计行＝各类之和",
    severity="error",
    family="arithmetic",
    tables=("B06",),
    rationale="基本支出表按经济分类逐级汇总，人员经费与公用经费之和为合计。",
    fires="商品和服务支出 28.62，其下各款之和 24.40。",
    silent="工资福利支出 455.94，其下各款之和 455.93（尾差，仅提示）。",
)
TB_THREE_PUBLIC = define_rule(
    "TB-THREE-PUBLIC",
    title="“三公”经费预算表：合计＝因公出国（境）费＋公务用车购置及运行费＋公务接待费；公务用车购置及运行费＝购置费＋运行维护费",
    severity="error",
    family="arithmetic",
    tables=("B10",),
    rationale="“三公”经费合计只含三项，公务用车一项又分购置和运行维护。",
    fires="合计 4.22，公务接待费 0.22 + 公务用车购置及运行费 3.00。",
    silent="合计 4.22 = 0.22 + 4.00。",
)

TB_CAPITAL_INCOME = define_rule(
    "TB-CAPITAL-INCOME",
    title="国有资本经营预算收支预算表：收入方合计＝各收入科目（最高一级）之和，上级科目＝所属下级科目之和",
    severity="error",
    family="arithmetic",
    tables=("B09",),
    needs="国有资本经营预算收支预算表收入方“合计”行及各收入科目行",
    rationale="收入方按收入科目列示国有资本经营预算收入，合计应等于最高一级科目之和，上级科目等于其下级科目之和。",
    fires="收入方合计 120.00，各收入科目之和 100.00。",
    silent="收入方合计 100.00 = 10306 国有资本经营收入 100.00。",
)
TB_CAPITAL_EXPENSE = define_rule(
    "TB-CAPITAL-EXPENSE",
    title="国有资本经营预算收支预算表：支出方合计＝各类之和，类＝所属款之和，款＝所属项之和（逐栏）",
    severity="error",
    family="arithmetic",
    tables=("B09",),
    needs="国有资本经营预算收支预算表支出方“合计”行及各功能分类科目行（合计、基本支出、项目支出栏）",
    rationale="支出方按功能分类科目逐级汇总：合计行等于各类之和，类等于所属款之和，款等于所属项之和。",
    fires="支出方 223 国有资本经营预算支出 100.00，所属 22301 之和 90.00。",
    silent="支出方合计 100.00 = 223 国有资本经营预算支出 100.00。",
)
TB_CAPITAL_ROW = define_rule(
    "TB-CAPITAL-ROW",
    title="国有资本经营预算收支预算表：支出方逐行 合计＝基本支出＋项目支出",
    severity="error",
    family="arithmetic",
    tables=("B09",),
    needs="国有资本经营预算收支预算表支出方各行“合计”“基本支出”“项目支出”栏",
    rationale="国有资本经营预算支出按基本支出和项目支出安排，每一行的合计应等于两者之和。",
    fires="支出方 2230105 合计 100.00，基本支出为空，项目支出 90.00。",
    silent="支出方 2230105 合计 100.00 = 项目支出 100.00。",
)
TB_CAPITAL_BALANCE = define_rule(
    "TB-CAPITAL-BALANCE",
    title="国有资本经营预算收支预算表（不含上年结转）：收入方合计＝支出方合计",
    severity="error",
    family="arithmetic",
    tables=("B09",),
    needs="国有资本经营预算收支预算表收入方“合计”、支出方“合计”行“合计”栏；表题注明“不含上年结转”",
    rationale="表题注明不含上年结转时，当年国有资本经营预算收入全部安排当年支出，收支两方合计应相等；"
    "表题未注明时支出可能含上年结转安排，不作核对。",
    fires="收入方合计 100.00，支出方合计 90.00。",
    silent="收入方合计 100.00 = 支出方合计 100.00。",
)

BUDGET_ARITHMETIC_RULES: tuple[RuleSpec, ...] = (
    TB_INCOME_SUM,
    TB_EXPENSE_SUM,
    TB_TOTAL,
    TB_BALANCE,
    TB_ROW,
    TB_ECON,
    TB_THREE_PUBLIC,
    TB_CAPITAL_INCOME,
    TB_CAPITAL_EXPENSE,
    TB_CAPITAL_ROW,
    TB_CAPITAL_BALANCE,
)
TWO_SIDED_RULES: dict[str, RuleSpec] = {
    "income_sum": TB_INCOME_SUM,
    "expense_sum": TB_EXPENSE_SUM,
    "total": TB_TOTAL,
    "balance": TB_BALANCE,
}
# Expense row identities of the two-sided tables: 合计 = these columns.
ROW_PARTS: dict[str, tuple[str, ...]] = {
    "B01": ("当年预算安排", "上年结转"),
    "B04": ("一般公共预算", "政府性基金预算", "国有资本经营预算"),
}
# 经济分类 类 as the 基本支出 table names them.
ECON_CLASSES = frozenset(
    {
        "工资福利支出",
        "商品和服务支出",
        "对个人和家庭的补助",
        "资本性支出",
        "资本性支出（基本建设）",
        "对企业补助",
        "对企业补助（基本建设）",
        "债务利息及费用支出",
        "其他支出",
    }
)
# Funding columns of the label tables (“三公”, 机关运行经费, 项目支出): 合计 = their sum.
FUND_COLUMNS = ("一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金")
THREE_PUBLIC = ("因公出国（境）费", "公务用车购置及运行费", "公务接待费")
VEHICLE = ("公务用车购置费", "公务用车运行维护费")


def _name(r: Row) -> str:
    return row_name(r).split("#")[0]


def two_sided(table: Table) -> Plan:
    """B01/B04: lane sums, totals, balance, and the columns of each expense row."""
    plan = two_sided_plan(table, TWO_SIDED_RULES)
    expense = read_lane(table, "expense").rows
    present = set(value_columns(table, expense))
    parts = [(c, 1) for c in ROW_PARTS[table.id] if c in present]
    if parts and TOTAL in present:
        plan.extend(row_identities(TB_ROW, table, expense, TOTAL, parts, present))
    plan.extend(subrows_plan(table))
    return plan


def code_rows(table: Table) -> Plan:
    """B03/B05/B08: 合计 = 基本支出 + 项目支出 on every row."""
    rows = code_table_rows(table)
    present = set(value_columns(table, rows))
    return row_identities(TB_ROW, table, rows, TOTAL, [(BASIC, 1), (PROJECT, 1)], present)


def econ(table: Table) -> Plan:
    """B06: 合计 = 人员经费 + 公用经费 per row; class = Σ its items (print order); 合计 = Σ classes."""
    plan = Plan()
    rows = [r for r in table.rows if r.cells]
    present = set(value_columns(table, rows))
    if TOTAL in present and {"人员经费", "公用经费"} & present:
        parts = [(c, 1) for c in ("人员经费", "公用经费") if c in present]
        plan.extend(row_identities(TB_ECON, table, rows, TOTAL, parts, present))
    total = next((r for r in rows if _name(r) in ("合计", "总计")), None)
    classes: list[tuple[Row, list[Row]]] = []
    for r in rows:
        if r is total:
            continue
        if _name(r) in ECON_CLASSES:
            classes.append((r, []))
        elif classes:
            classes[-1][1].append(r)
    columns = value_columns(table, rows)
    for cls, items in classes:
        if items:
            for col in columns:
                plan.identities.append(
                    column_sum(TB_ECON, table, cls, items, col, f"其下各款（{len(items)}项）之和")
                )
    if total is not None and classes:
        heads = [c for c, _ in classes]
        for col in columns:
            plan.identities.append(column_sum(TB_ECON, table, total, heads, col, "各经济分类类级之和"))
    return plan


def three_public(table: Table) -> Plan:
    """B10: rows 合计 = three items, 公务用车购置及运行费 = 购置 + 运行维护 (per column)."""
    plan = Plan()
    by_name = {_name(r): r for r in table.rows}
    columns = value_columns(table, table.rows)

    def add(total: str, parts: Sequence[str]) -> None:
        t = by_name.get(total)
        items = [by_name[p] for p in parts if p in by_name]
        if t is None or not items:
            return
        for col in columns:
            plan.identities.append(column_sum(TB_THREE_PUBLIC, table, t, items, col))

    add("合计", THREE_PUBLIC)
    add("公务用车购置及运行费", VEHICLE)
    return plan


def fund_rows(table: Table) -> Plan:
    """B10–B13: 合计 = the funding columns, on every row."""
    rows = [r for r in table.rows if r.cells]
    present = set(value_columns(table, rows))
    parts = [(c, 1) for c in FUND_COLUMNS if c in present]
    if not parts:
        return Plan()
    return row_identities(TB_ROW, table, rows, TOTAL, parts, present)


# B09's title words saying that its lanes hold the current year only (so they must balance).
WITHOUT_CARRY = "不含上年结转"


def lane_total(table: Table, lane: str) -> Row | None:
    """The 合计 row of one lane of a table whose lanes carry subject codes (B09)."""
    return next((r for r in table.rows if r.lane == lane and not r.code and r.role == "total"), None)


def lane_sums(rule: RuleSpec, table: Table, lane: str, columns: Sequence[str]) -> Plan:
    """合计 = Σ top-level subject rows, parent = Σ its nearest printed children, per column, inside
    one lane (codes of the lane's own domain; a lane without codes sums its captioned rows)."""
    plan = Plan()
    rows = [r for r in table.rows if r.lane == lane and not is_filler(r)]
    total = lane_total(table, lane)
    domain = next((code_domain(r.code)[0] for r in rows if r.code and code_domain(r.code)[0]), None)
    tree = code_tree(rows, domain) if domain else None
    side = LANE_WORDS[lane]
    columns = [c for c in columns if c in set(value_columns(table, rows))]
    if tree is not None and tree.by_code:
        heads = tree.roots
        word = f"{side}各{level_word(heads)}级科目"
    else:
        heads = [r for r in rows if r is not total and r.role != "total"]
        word = f"{side}各行"
    if total is None:
        if heads and columns:
            plan.not_evaluated.append(missing_rows(rule, table, f"{side}“合计”行"))
    elif heads:
        for col in columns:
            plan.identities.append(
                column_sum(rule, table, total, heads, col, f"{word}{column_phrase(columns, col)}之和")
            )
    if tree is not None:
        for code, children in tree.children.items():
            text = f"其下{level_word(children)}级科目（{listed_codes(children)}）"
            for col in columns:
                plan.identities.append(
                    column_sum(
                        rule,
                        table,
                        tree.by_code[code],
                        children,
                        col,
                        f"{text}{column_phrase(columns, col)}之和",
                    )
                )
    return plan


def capital(table: Table) -> Plan:
    """B09: each lane's 合计 and code hierarchy, 合计 = 基本支出 + 项目支出 on every 支出 row, and
    收入方合计 = 支出方合计 when the title says the table excludes carry-over."""
    income_cols, expense_cols = B09_LANE_COLUMNS
    plan = lane_sums(TB_CAPITAL_INCOME, table, "income", income_cols)
    plan.extend(lane_sums(TB_CAPITAL_EXPENSE, table, "expense", expense_cols))
    expense = [r for r in table.rows if r.lane == "expense" and not is_filler(r)]
    present = set(value_columns(table, expense))
    plan.extend(row_identities(TB_CAPITAL_ROW, table, expense, TOTAL, [(BASIC, 1), (PROJECT, 1)], present))
    income_total, expense_total = lane_total(table, "income"), lane_total(table, "expense")
    if (
        WITHOUT_CARRY in normalise_label(table.title)
        and income_total is not None
        and expense_total is not None
    ):
        plan.identities.append(
            cross_cells(
                TB_CAPITAL_BALANCE,
                Slot(table, income_total, B09_INCOME),
                [(Slot(table, expense_total, TOTAL), 1)],
                "支出方“合计”行“合计”栏",
                substitutable=False,
            )
        )
    return plan


def plan(disclosure: Disclosure) -> Plan:
    """In-table identities of the budget tables of `disclosure`."""
    out = Plan()
    if disclosure.kind != "budget" and not any(t.startswith("B") for t in disclosure.tables):
        return out
    for tid, table in sorted(disclosure.tables.items()):
        if table.empty or not tid.startswith("B"):
            continue
        if tid in ROW_PARTS:
            out.extend(two_sided(table))
        elif tid in ("B03", "B05", "B08"):
            out.extend(code_rows(table))
        elif tid == "B06":
            out.extend(econ(table))
        elif tid == "B09":
            out.extend(capital(table))
        elif tid == "B10":
            out.extend(three_public(table))
        if tid in ("B10", "B11", "B12", "B13"):
            out.extend(fund_rows(table))
    return out


__all__ = ["BUDGET_ARITHMETIC_RULES", "plan"]
