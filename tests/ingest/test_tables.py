"""Table recognition on small hand-written documents: headers, lanes, continuations, token rows."""

from decimal import Decimal

from ingest.reader import build
from ingest.text import read_text


def _read(text: str):
    return build(read_text(text), "t.txt")


def test_token_row_values_are_placed_where_the_column_totals_hold() -> None:
    # Text extraction dropped the blank cells: "43.58 43.58" could be 基本支出 or 项目支出.
    doc = _read(
        "公开03表\n单位：万元\n项目\n本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出\n"
        "科目代码 科目名称\n栏次 1 2 3 4 5 6\n合计 53.58 10.00 43.58\n"
        "2101599 其他医疗保障管理事务支出 43.58 43.58\n2101501 行政运行 10.00 10.00\n注：本表反映…\n"
    )
    t = doc.tables["03"]
    other = t.row("2101599 其他医疗保障管理事务支出")
    assert other is not None
    assert set(other.cells) == {"本年支出合计", "项目支出"}
    assert other.cells["项目支出"].uncertain  # inferred, and says so
    run = t.row("2101501 行政运行")
    assert run is not None and set(run.cells) == {"本年支出合计", "基本支出"}


def test_tab_separated_rows_keep_positions_and_blank_is_absent() -> None:
    doc = _read(
        "公开05表\n单位：万元\n项目\t\t本年支出\t\t\n科目代码\t科目名称\t小计\t基本支出\t项目支出\n"
        "合计\t\t5.00\t\t5.00\n2101599\t其他医疗保障管理事务支出\t5.00\t\t5.00\n注：…\n"
    )
    row = doc.tables["05"].row("2101599 其他医疗保障管理事务支出")
    assert row is not None
    assert row.amount("合计") is not None and row.amount("合计").value == Decimal("5.00")  # type: ignore[union-attr]
    assert row.amount("基本支出") is None  # blank: not printed, not zero
    assert not row.cells["项目支出"].uncertain


def test_two_sided_table_with_wrapped_labels_and_repeated_header() -> None:
    doc = _read(
        "收入支出决算总表\n公开01表\n单位：万元\n收入 支出\n项目 行次 决算数 项目 行次 决算数\n栏次 1 栏次 2\n"
        "一、一般公共预算财政拨款收入 1 10.00 一、一般公共服务支出 32 10.00\n"
        "二、国有资本经营预算财政拨\n款\n2 二、外交支出 33\n"
        " 收入 支出\n项目 行次 决算数 项目 行次 决算数\n栏次 1 栏次 2\n"
        "本年收入合计 27 10.00 本年支出合计 58 10.00\n总计 31 10.00 总计 62 10.00\n注：本表…\n"
    )
    t = doc.tables["01"]
    income = [r.key for r in t.rows if r.lane == "income"]
    assert income == ["一般公共预算财政拨款收入", "国有资本经营预算财政拨款", "本年收入合计", "总计"]
    assert t.row("总计", lane="expense").amount("决算数").value == Decimal("10.00")  # type: ignore[union-attr]
    assert t.row("本年支出合计", lane="expense").role == "subtotal"  # type: ignore[union-attr]


def test_side_by_side_econ_groups_and_wrapped_names() -> None:
    doc = _read(
        "公开06表\n单位：万元\n科目代码 科目名称 决算数 科目代码 科目名称 决算数\n"
        "301 工资福利支出 3.00 302 商品和服务支出 1.00\n30101 基本工资 3.00 39908\n对民间非营利组织和\n群众性自治组织补贴\n0.00\n"
        "人员经费合计 3.00 公用经费合计 1.00\n注：…\n"
    )
    t = doc.tables["06"]
    assert t.row("39908 对民间非营利组织和群众性自治组织补贴") is not None
    assert t.row("人员经费合计").lane == "personnel"  # type: ignore[union-attr]
    assert t.row("302 商品和服务支出").amount("决算数").value == Decimal("1.00")  # type: ignore[union-attr]


def test_three_public_in_column_groups() -> None:
    doc = _read(
        "公开09表\n单位：万元\n预算数\t\t\t\t\t\t决算数\t\t\t\t\t\n"
        "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\n"
        "\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t\n"
        "1.80\t\t1.80\t\t1.80\t\t1.70\t\t1.70\t\t1.70\t\n注：…\n"
    )
    t = doc.tables["09"]
    final = t.row("决算数")
    assert final is not None
    assert final.amount("合计").value == Decimal("1.70")  # type: ignore[union-attr]
    assert final.amount("公务用车购置及运行维护费").value == Decimal("1.70")  # type: ignore[union-attr]
    assert final.amount("公务用车购置费") is None


def test_split_class_item_codes_in_space_separated_text_are_one_code() -> None:
    # 类 款 项 printed as separate words; the 合计 line printed under the header words
    doc = _read(
        "支出决算表\n单位：万元\n项目 本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出\n"
        "科目编码 科目名称\n类 款 项\n栏次 1 2 3 4 5 6\n类 款 项 合计 3.00 1.00 2.00\n"
        "208 社会保障和就业支出 3.00 1.00 2.00\n208 05 行政事业单位养老支出 3.00 1.00 2.00\n"
        "208 05 05 机关事业单位基本养老保险缴费支出 3.00 1.00 2.00\n注：…\n"
    )
    t = doc.tables["03"]
    assert [r.code for r in t.rows if r.code] == ["208", "20805", "2080505"]
    row = t.row("2080505 机关事业单位基本养老保险缴费支出")
    assert row is not None and row.amount("项目支出").value == Decimal("2.00")  # type: ignore[union-attr]
    assert t.row("合计").amount("本年支出合计").value == Decimal("3.00")  # type: ignore[union-attr]


def test_split_codes_tab_separated_total_row_with_blank_code_cells() -> None:
    doc = _read(
        "公开05表\n单位：万元\n项目\t\t\t\t本年支出\t\t\n科目编码\t\t\t科目名称\t小计\t基本支出\t项目支出\n"
        "类\t款\t项\t\t\t\t\n\t\t\t合计\t5.00\t\t5.00\n"
        "210\t15\t99\t其他医疗保障管理事务支出\t5.00\t\t5.00\n注：…\n"
    )
    t = doc.tables["05"]
    assert t.row("合计").amount("合计").value == Decimal("5.00")  # type: ignore[union-attr]
    assert t.row("2101599 其他医疗保障管理事务支出") is not None


def test_dash_for_an_empty_amount_is_a_blank_figure_not_a_row_label() -> None:
    # “政府性基金预算财政拨款 30 - 62”: the dash is the income side's (empty) amount; the 支出
    # side of line 62 prints nothing and is no sub-row of 年末财政拨款结转和结余
    doc = _read(
        "财政拨款收入支出决算总表\n公开04表\n单位：万元\n收入 支出\n"
        "项目 行次 决算数 项目 行次 合计 一般公共预算财政拨款 政府性基金预算财政拨款 国有资本经营预算财政拨款\n"
        "栏次 1 栏次 2 3 4 5\n一、一般公共预算财政拨款收入 1 10.00 一、一般公共服务支出 33 10.00 10.00\n"
        "二、政府性基金预算财政拨款收入 2 - 二、外交支出 34 - -\n"
        "年初财政拨款结转和结余 28 1.00 年末财政拨款结转和结余 60 1.00 1.00\n"
        "一般公共预算财政拨款 29 1.00 61\n政府性基金预算财政拨款 30 - 62\n国有资本经营预算财政拨款 31 - 63\n"
        "总计 32 11.00 总计 64 11.00 11.00\n注：…\n"
    )
    t = doc.tables["04"]
    expense = [r.key for r in t.rows if r.lane == "expense"]
    assert expense == ["一般公共服务支出", "外交支出", "年末财政拨款结转和结余", "总计"]
    assert t.row("政府性基金预算财政拨款收入", lane="income").amount("决算数") is None  # type: ignore[union-attr]


def test_three_public_columns_printed_twice_without_group_labels_are_budget_then_final() -> None:
    names = "合计 因公出国（境）费 公务用车购置及运行维护费 公务用车购置费 公务用车运行维护费 公务接待费"
    values = "4.56 0.00 3.12 0.00 3.12 1.44 3.94 0.00 2.71 0.00 2.71 1.23"
    for sep in (" ", "\t"):
        doc = _read(
            "财政拨款“三公”经费支出决算表\n单位：万元\n"
            + sep.join([*names.split(), *names.split()])
            + "\n"
            + sep.join(str(i) for i in range(1, 13))
            + "\n"
            + sep.join(values.split())
            + "\n注：…\n"
        )
        t = doc.tables["09"]
        assert [r.key for r in t.rows] == ["预算数", "决算数"], sep
        assert t.row("预算数").amount("公务接待费").value == Decimal("1.44")  # type: ignore[union-attr]
        assert t.row("决算数").amount("合计").value == Decimal("3.94")  # type: ignore[union-attr]
        assert t.row("决算数").amount("公务用车运行维护费").value == Decimal("2.71")  # type: ignore[union-attr]


def test_money_unit_printed_in_the_title_line_before_the_label() -> None:
    doc = _read(
        "一般公共预算财政拨款支出决算表（单位：元）\n公开05表\n部门：测试局\n"
        "项目\t\t本年支出\t\t\n科目代码\t科目名称\t小计\t基本支出\t项目支出\n"
        "合计\t\t50,000.00\t\t50,000.00\n2101599\t其他医疗保障管理事务支出\t50,000.00\t\t50,000.00\n注：…\n"
    )
    t = doc.tables["05"]
    assert t.unit == "元"
    assert t.row("合计").amount("合计").unit == "元"  # type: ignore[union-attr]


def test_zero_printed_bare_is_a_figure_at_the_table_precision() -> None:
    doc = _read(
        "收入支出决算总表\n公开01表\n单位：万元\n收入 支出\n项目 行次 决算数 项目 行次 决算数\n栏次 1 栏次 2\n"
        "一、一般公共预算财政拨款收入 1 10.00 一、一般公共服务支出 32 0\n"
        "二、政府性基金预算财政拨款收入 2 0 二、外交支出 33 10.00\n"
        "本年收入合计 27 10.00 本年支出合计 58 10.00\n注：…\n"
    )
    t = doc.tables["01"]
    zero = t.row("一般公共服务支出", lane="expense").amount("决算数")  # type: ignore[union-attr]
    assert zero is not None and zero.value == 0 and zero.decimals == 2
    assert t.row("外交支出", lane="expense").amount("决算数").value == Decimal("10.00")  # type: ignore[union-attr]
    assert t.row("政府性基金预算财政拨款收入", lane="income").line_no == "2"  # type: ignore[union-attr]


def test_a_subject_name_wrapped_in_its_grid_cell_is_joined_even_when_it_reads_like_a_header() -> None:
    # “事务支出” alone on the next grid row, under 科目名称: the tail of the name, not a repeated
    # header (it holds 支出), and never dropped
    doc = _read(
        "公开05表\n单位：万元\n项目\t\t本年支出\t\t\n科目编码\t科目名称\t小计\t基本支出\t项目支出\n"
        "合计\t\t5.00\t\t5.00\n2101599\t其他医疗保障管理\t5.00\t\t5.00\n\t事务支出\t\t\t\n注：…\n"
    )
    row = doc.tables["05"].row("2101599 其他医疗保障管理事务支出")
    assert row is not None and row.cells["项目支出"].row == row.key


def test_a_wrapped_name_under_split_codes_is_joined() -> None:
    doc = _read(
        "公开05表\n单位：万元\n项目\t\t\t\t本年支出\t\t\n科目编码\t\t\t科目名称\t小计\t基本支出\t项目支出\n"
        "类\t款\t项\t\t\t\t\n\t\t\t合计\t5.00\t5.00\t\n208\t05\t05\t机关事业单位基本\t5.00\t5.00\t\n"
        "\t\t\t养老保险缴费支出\t\t\t\n注：…\n"
    )
    assert doc.tables["05"].row("2080505 机关事业单位基本养老保险缴费支出") is not None


def test_06_name_tails_go_to_their_own_column_in_a_grid_and_to_the_cut_name_in_text() -> None:
    grid = _read(
        "公开06表\n单位：万元\n科目编码\t科目名称\t决算数\t科目编码\t科目名称\t决算数\n"
        "30108\t机关事业单位基本\t2.00\t30231\t公务用车运行维护\t1.00\n\t养老保险缴费\t\t\t费\t\n"
        "人员经费合计\t2.00\t\t公用经费合计\t1.00\t\n注：…\n"
    )
    t = grid.tables["06"]
    assert t.row("30108 机关事业单位基本养老保险缴费") is not None
    assert t.row("30231 公务用车运行维护费") is not None
    # text: one tail, two names of equal length; “个人农业生产补贴” ends like a subject name, the
    # cut “公务用车运行维护” does not
    text = _read(
        "公开06表\n单位：万元\n科目编码 科目名称 决算数 科目编码 科目名称 决算数\n"
        "30310 个人农业生产补贴 30231 公务用车运行维护 1.00\n费\n人员经费合计 公用经费合计 1.00\n注：…\n"
    )
    t = text.tables["06"]
    assert t.row("30231 公务用车运行维护费") is not None and t.row("30310 个人农业生产补贴") is not None


def test_label_title_and_money_unit_on_one_line() -> None:
    doc = _read(
        "表5    一般公共预算财政拨款支出决算表    单位：元\n部门：某局\n"
        "项目\t\t本年支出\t\t\n科目编码\t科目名称\t小计\t基本支出\t项目支出\n"
        "合计\t\t50000.00\t50000.00\t\n2101501\t行政运行\t50000.00\t50000.00\t\n注：…\n"
    )
    t = doc.tables["05"]
    assert t.unit == "元" and t.row("2101501 行政运行") is not None
