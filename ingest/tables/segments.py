"""Segmentation: pages of blocks cut into table segments (title, label, 单位 line, grids or text lines,
continuations across pages) and the narrative between them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest import performance, performance_text
from ingest.layout import Grid, Line, Page, RawCell
from ingest.numbers import clean, unit_of
from ingest.schema import (
    budget_table,
    final_account_table,
)
from ingest.tables.common import _HEADING, _META, _NOTE, MARKER, RawRow, Recognised, Segment
from ingest.tables.parse import parse_segment

# A money unit stated at the end of a title line (“表1  收入支出决算总表  单位：万元”).
_UNIT_TAIL = re.compile(r"\s*(?:金额)?单位\s*[:：]\s*(?:万元|元|千元)\s*$")


def _marker(text: str) -> str | None:
    t = clean(text)
    titled = final_account_table(_UNIT_TAIL.sub("", t))
    if titled:
        return titled  # the title decides, whatever label (公开NN表, 表N, 附表N, none) it carries
    m = MARKER.search(t)
    if m and len(t) <= 40 and "。" not in t and "，" not in t:
        return f"{int(m.group(1)):02d}"
    if re.search(r"[.…·]{3,}|\d$", t):
        return None  # a 目录 line with dot leaders and a page number
    if "决算" in t or not ("预算" in t or re.match(r"^\d{4}年", t)):
        return None
    if _is_table_title(t.split("（")[0] + "表" if not t.endswith("表") and "（" in t else t):
        spec = budget_table(t)
        if spec is not None:
            return spec.id
    return None


def _is_table_title(text: str) -> bool:
    t = clean(text)
    return len(t) <= 40 and t.endswith("表") and "。" not in t and "，" not in t and not t.startswith("第")


def _continues(seg: Segment, grid: Grid, page: int) -> bool:
    """A grid on a later page continues the open table when it has the table's column count."""
    if page == seg.last_grid_page:
        return True
    width = max((len(r) for r in grid.rows), default=0)
    return width == seg.width


def _form_continues(form: performance.Candidate, grid: Grid, page: int) -> bool:
    """`grid` carries on `form` (same or next page, indicator lines or the 总分 line)."""
    last = max([form.page, *(g.loc.page or form.page for g in form.more)])
    return last <= page <= last + 1 and performance.continues_form(grid)


def recognise(pages: Sequence[Page]) -> Recognised:
    """Find the standard tables and the narrative in a document's pages."""
    out = Recognised()
    seg: Segment | None = None
    recent: list[Line] = []
    forms: list[performance.Candidate] = []
    ordered: list[performance.Candidate | performance_text.LooseForm] = []  # 绩效 forms in print order
    loose: performance_text.LooseForm | None = None  # a 绩效 form printed as loose text lines

    def end_loose() -> None:
        nonlocal loose, recent
        if loose is None:
            return
        if performance_text.parse_form(loose, "P00") is None:
            out.performance_text_forms += 1  # not a form we can read: its lines stay narrative
            out.narrative.extend(loose.lines)
            recent = [*recent, *loose.lines][-4:]
        else:
            ordered.append(loose)
            for prev in loose.preamble:
                if prev in out.narrative:
                    out.narrative.remove(prev)
                    out.preamble.append(prev)
        loose = None

    def close() -> None:
        nonlocal seg
        if seg is not None:
            table = parse_segment(seg, out.problems)
            if table is not None:
                if table.id in out.tables and not out.tables[table.id].rows:
                    out.tables[table.id] = table  # the first one was only a mention (e.g. in a 目录)
                elif table.id in out.tables:
                    out.problems.append(f"公开{table.id}表出现两次，只读取第一张")
                else:
                    out.tables[table.id] = table
        seg = None

    for page in pages:
        for block in page.blocks:
            if isinstance(block, Grid):
                end_loose()
                if seg is not None and seg.has_grid and not _continues(seg, block, page.number):
                    close()  # a different table on a new page (e.g. an untitled 绩效 form sheet)
                if seg is None:
                    title = performance.title_of([b.text for b in recent])
                    if performance.is_performance_grid(block, title):
                        forms.append(performance.Candidate(block, page.number, title))
                        ordered.append(forms[-1])
                    elif forms and _form_continues(forms[-1], block, page.number):
                        forms[-1].more.append(block)  # the form's indicator lines go on over the page
                    else:
                        out.unrecognised_grids += 1
                    continue
                if not seg.has_grid:
                    seg.width = max((len(r) for r in block.rows), default=0)
                seg.last_grid_page = page.number
                if not seg.has_grid and seg.rows:
                    # text lines before the first grid were preamble (e.g. a wrapped title), not rows
                    seg.lines.extend(Line(" ".join(c.text for c in r.cells if c), r.loc) for r in seg.rows)
                    seg.rows = []
                seg.has_grid = True
                seg.pages.add(page.number)
                for cells in block.rows:
                    loc = next((c.loc for c in cells if c is not None), block.loc)
                    seg.rows.append(RawRow(cells, aligned=True, loc=loc))
                continue
            text = block.text
            if loose is not None:
                if loose.takes(block):
                    if loose.closed:
                        end_loose()
                    continue
                end_loose()
            if performance.is_form_title(text):
                out.performance_titles += 1
            elif performance.is_form_text_line(text):
                if seg is None:
                    loose = performance_text.LooseForm.start(block, page.number, recent)
                    continue
                out.performance_text_forms += 1
            table_id = _marker(text)
            titled = final_account_table(_UNIT_TAIL.sub("", clean(text))) if table_id else None
            if (
                table_id
                and seg is not None
                and not seg.rows
                and (table_id != seg.table_id or titled or seg.by_title)
            ):
                # a label and a title of one table on two lines: the title decides the id (and
                # the lines before the label, e.g. a title naming the unit, stay with the table)
                if titled and not seg.by_title:
                    seg.table_id, seg.by_title, seg.title = titled, True, clean(text)
                    seg.unit = unit_of(text) or seg.unit
                if titled or seg.by_title:
                    out.preamble.append(block)
                    continue
            if table_id:
                close()
                seg = Segment(table_id=table_id, loc=block.loc, pages={page.number}, by_title=bool(titled))
                # The title and the 单位 line may stand just before the code line.
                for prev in recent[-3:]:
                    if _is_table_title(prev.text) and not seg.title:
                        seg.title = clean(prev.text)
                    u = unit_of(prev.text)
                    if u:
                        seg.unit = u
                    if _is_table_title(prev.text) or _META.search(clean(prev.text)):
                        if prev in out.narrative:
                            out.narrative.remove(prev)
                            out.preamble.append(prev)
                u = unit_of(text)  # a unit printed in the title itself: “…决算表（单位：元）”
                if u:
                    seg.unit = u
                title_rest = clean(MARKER.sub("", clean(text)))
                if title_rest and _is_table_title(title_rest):
                    seg.title = title_rest
                if table_id.startswith("B"):
                    seg.title = clean(text)
                recent = []
                continue
            if seg is not None:
                t = clean(text)
                if (
                    _NOTE.match(t)
                    or _HEADING.match(t)
                    or (seg.rows and _is_table_title(t) and "表" in t[-3:])
                ):
                    close()  # a note, a heading, or the title of the next (unnumbered) table
                    out.narrative.append(block)
                    recent = [block]
                    continue
                u = unit_of(text)
                if u:
                    seg.unit = u
                if u or _META.search(t) or (_is_table_title(text) and not seg.rows):
                    if _is_table_title(text) and not seg.title:
                        seg.title = t
                    out.preamble.append(block)
                    continue
                if not seg.has_grid:
                    tokens = [RawCell(tok, block.loc) for tok in text.split()]
                    seg.rows.append(RawRow(tokens, aligned=False, loc=block.loc))
                    seg.pages.add(page.number)
                else:
                    seg.lines.append(block)
                continue
            out.narrative.append(block)
            recent.append(block)
            recent = recent[-4:]
    end_loose()
    close()
    parsed = 0
    for form in ordered:
        tid = f"P{sum(1 for t in out.tables if t.startswith('P')) + 1:02d}"
        if isinstance(form, performance.Candidate):
            table = performance.parse_form(form, tid)
            parsed += table is not None
        else:
            table = performance_text.parse_form(form, tid)
        if table is not None:
            out.tables[tid] = table
    out.unrecognised_grids += len(forms) - parsed  # 绩效 forms without a readable money block
    return out
