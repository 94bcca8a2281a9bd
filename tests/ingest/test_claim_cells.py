"""The packaged claim-cells declaration (ingest/narrative/claim_cells.toml): every entry names an
existing table, lane, fixed row and column of the final-account schema, and the loader refuses a
wrong entry with the file and line."""

from __future__ import annotations

import pytest

from ingest.narrative.claim_cells import (
    CLAIM_CELLS_FILE,
    FIXED_ROWS,
    SCOPES,
    SUBJECT_COLUMN,
    TABLE_CLAIMS,
    WHOLE_ROW,
    ClaimCellsError,
    parse,
)
from ingest.schema import FINAL_ACCOUNT_TABLES

GOOD = """\
[[group]]
name = "总体"
scopes = ["overall"]

[[group.entry]]
subjects = ["本年收入合计"]
cells = [
  { table = "02", row = "合计", column = "本年收入合计" },
  { table = "01", row = "本年收入合计", lane = "income", column = "决算数" },
]
"""


def test_every_packaged_cell_names_existing_table_lane_row_and_column() -> None:
    cells = [(g, e, c) for g in TABLE_CLAIMS.groups for e in g.entries for c in e.cells]
    assert len(cells) > 30
    for g, e, c in cells:
        spec = FINAL_ACCOUNT_TABLES[c.table]
        columns = spec.lane_columns[spec.lanes.index(c.lane)] if c.lane else spec.columns
        if c.column == SUBJECT_COLUMN:
            assert e.subjects <= set(columns), (g.name, e.subjects)
        elif c.column != WHOLE_ROW:
            assert c.column in columns, (g.name, c)
        assert (c.lane is None) == (not spec.lanes)
        assert (c.row is None) != (not c.find)
        if c.row is not None:
            assert c.row in FIXED_ROWS[c.table][c.lane]
        assert g.scopes <= SCOPES and e.scopes <= SCOPES


def test_packaged_file_lines_point_at_entries() -> None:
    lines = CLAIM_CELLS_FILE.read_text(encoding="utf-8").splitlines()
    for g in TABLE_CLAIMS.groups:
        assert lines[g.line - 1].strip() == "[[group]]"
        for e in g.entries:
            assert lines[e.line - 1].strip() == "[[group.entry]]"
            assert any(s in lines[e.line] for s in e.subjects)


def test_good_declaration_selects_and_lists_cells() -> None:
    decl = parse(GOOD, "x.toml")
    group = decl.select("amount", "final", "overall", "本年收入合计")
    assert group is not None and group.name == "总体"
    cells = group.cells("本年收入合计", "overall")
    assert cells is not None and [(c.table, c.row, c.lane, c.column) for c in cells] == [
        ("02", "合计", None, "本年收入合计"),
        ("01", "本年收入合计", "income", "决算数"),
    ]
    assert decl.select("amount", "final", "income", "本年收入合计") is None
    assert group.cells("本年支出合计", "overall") is None


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ('table = "02"', 'table = "12"', 8, "未知的表“12”"),
        ('column = "本年收入合计"', 'column = "本年收入"', 8, "没有“本年收入”栏"),
        ('lane = "income", column = "决算数"', 'lane = "income", column = "合计"', 9, "没有“合计”栏"),
        ('lane = "income"', 'lane = "left"', 9, "没有“left”栏"),
        ('row = "本年收入合计", lane = "income"', 'row = "本年收入合计"', 9, "两栏表"),
        ('row = "合计", column', 'row = "小计", column', 8, "“小计”行"),
        ('row = "合计", column', "find = [], column", 8, "find 须为非空"),
        ('row = "合计", column', "column", 8, "恰有 row"),
        ('scopes = ["overall"]', 'scopes = ["overal"]', 3, "“overal”未知"),
        ('name = "总体"', 'name = "总体"\nmetric = ["final"]', 3, "未知的键“metric”"),
        ('subjects = ["本年收入合计"]', "subjects = []", 6, "subjects 须为非空"),
        ('subjects = ["本年收入合计"]', 'subjects = ["本年收入合计"]\ncell = 1', 7, "未知的键“cell”"),
        (
            'subjects = ["本年收入合计"]',
            'subjects = ["本年收入合计"]\nscopes = ["fin_overall"]',
            7,
            "不在所属组",
        ),
    ],
)
def test_loader_names_file_and_line_of_a_wrong_entry(old: str, new: str, line: int, words: str) -> None:
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    with pytest.raises(ClaimCellsError) as exc:
        parse(text, "claims.toml")
    message = str(exc.value)
    assert message.startswith(f"claims.toml:{line}: "), message
    assert words in message, message


def test_loader_refuses_bad_toml_and_missing_groups() -> None:
    with pytest.raises(ClaimCellsError, match=r"^c\.toml: TOML"):
        parse("[[group]\n", "c.toml")
    with pytest.raises(ClaimCellsError, match=r"^c\.toml:1: 没有"):
        parse("", "c.toml")
    with pytest.raises(ClaimCellsError, match=r"^c\.toml:1: 未知的顶层键“groups”"):
        parse("groups = 1\n", "c.toml")


def test_load_names_the_file_of_a_changed_copy(tmp_path) -> None:
    from ingest.narrative.claim_cells import load

    text = CLAIM_CELLS_FILE.read_text(encoding="utf-8")
    wrong = tmp_path / "claim_cells.toml"
    wrong.write_text(text.replace('column = "本年支出合计"', 'column = "本年支出总计"', 1), encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if 'column = "本年支出合计"' in s)
    with pytest.raises(ClaimCellsError, match=rf"^{wrong}:{line}: .*没有“本年支出总计”栏"):
        load(wrong)
