"""Recognise the standard tables (公开01表 … 公开10表) in pages of blocks and read their cells.

A table starts at its code line ("公开03表", "公开 03 表"), takes the title and 单位 line around
it, and runs — across page breaks, repeated headers dropped — until its note ("注：", "备注："),
the next table or a narrative heading. Columns are named from the header text (never by position
alone) and mapped onto the canonical names of ingest/schema.py; rows are keyed by subject code and
name, or by their label.

Rows come in two shapes. Grid rows (a ruled PDF table, or tab-separated text) have real cell
positions. Token rows (text whose cells were joined with spaces, blanks dropped) only give the
numbers in order: when a row prints fewer numbers than the table has columns, their columns are
inferred — the placement that keeps the table's own identities (row totals, column totals) is
chosen, leftmost on a tie — and those cells are marked `uncertain`.


The package's modules: segments (cutting pages into table segments), common (raw rows, header
recognition, cells, names), placement (figures of token rows), codes / two_sided / econ /
three_public / labels / capital (one parser per table shape) and parse (a segment by its id).
"""

from __future__ import annotations

from ingest.tables.capital import (
    _LANE_LABEL_WORDS,
    _LANE_TOTALS,
    _capital_lanes,
    _capital_row,
    _capital_token_sides,
    _is_capital_data,
    _is_lane_label_header,
    _is_lane_total,
    _Side,
    parse_capital_budget,
)
from ingest.tables.codes import (
    _LEVEL_WORDS,
    _is_code_data,
    parse_code_table,
    split_code_cells,
    split_code_tokens,
)
from ingest.tables.common import (
    _CODE_NAME,
    _ECON,
    _GROUP_PREFIX,
    _GROUP_WORDS,
    _HEADER_ONLY,
    _HEADING,
    _INT,
    _META,
    _NOTE,
    MARKER,
    RawRow,
    Recognised,
    Segment,
    _append_name_tail,
    _cell,
    _code_row,
    _column_centres,
    _column_of,
    _header_columns,
    _is_dash,
    _is_figure_token,
    _is_header_row,
    _is_name_tail,
    _is_wrapped_name_tail,
    _split_code_name,
    _split_header,
    _text,
)
from ingest.tables.econ import (
    _NAME_ENDINGS,
    _insert_name_tails,
    parse_econ_table,
)
from ingest.tables.labels import (
    _CIRCLED,
    _LABEL_HEADERS,
    parse_label_table,
    parse_stats_table,
)
from ingest.tables.parse import (
    _FIGURE,
    _prints_figures,
    _zeros_at_table_precision,
    parse_segment,
)
from ingest.tables.placement import (
    MAX_JOINT_PLACEMENTS,
    MAX_PLACEMENTS,
    MAX_SIDE_BY_SIDE,
    PLACEMENT_IDENTITIES,
    _alternative_cells,
    _broken,
    _hierarchy,
    _other_placements,
    _row_consistent,
    _score,
    blank_total,
    identity_residual,
    place_token_values,
    row_identities_broken,
    side_by_side_placements,
)
from ingest.tables.segments import (
    _UNIT_TAIL,
    _continues,
    _form_continues,
    _is_table_title,
    _marker,
    recognise,
)
from ingest.tables.three_public import (
    _GROUP_ROWS,
    _is_three_public_data,
    _repeated_groups,
    _side_by_side_rows,
    parse_three_public,
)
from ingest.tables.two_sided import (
    _NUMBERED,
    _carry_parent,
    _lane_starts,
    _logical_two_sided_rows,
    _token_kinds,
    _two_sided_row,
    parse_two_sided,
)

__all__ = [
    "blank_total",
    "MARKER",
    "MAX_JOINT_PLACEMENTS",
    "MAX_PLACEMENTS",
    "MAX_SIDE_BY_SIDE",
    "PLACEMENT_IDENTITIES",
    "RawRow",
    "Recognised",
    "Segment",
    "_CIRCLED",
    "_CODE_NAME",
    "_ECON",
    "_FIGURE",
    "_GROUP_PREFIX",
    "_GROUP_ROWS",
    "_GROUP_WORDS",
    "_HEADER_ONLY",
    "_HEADING",
    "_INT",
    "_LABEL_HEADERS",
    "_LANE_LABEL_WORDS",
    "_LANE_TOTALS",
    "_LEVEL_WORDS",
    "_META",
    "_NAME_ENDINGS",
    "_NOTE",
    "_NUMBERED",
    "_Side",
    "_UNIT_TAIL",
    "_alternative_cells",
    "_append_name_tail",
    "_broken",
    "_capital_lanes",
    "_capital_row",
    "_capital_token_sides",
    "_carry_parent",
    "_cell",
    "_code_row",
    "_column_centres",
    "_column_of",
    "_continues",
    "_form_continues",
    "_header_columns",
    "_hierarchy",
    "_insert_name_tails",
    "_is_capital_data",
    "_is_code_data",
    "_is_dash",
    "_is_figure_token",
    "_is_header_row",
    "_is_lane_label_header",
    "_is_lane_total",
    "_is_name_tail",
    "_is_table_title",
    "_is_three_public_data",
    "_is_wrapped_name_tail",
    "_lane_starts",
    "_logical_two_sided_rows",
    "_marker",
    "_other_placements",
    "_prints_figures",
    "_repeated_groups",
    "_row_consistent",
    "_score",
    "_side_by_side_rows",
    "_split_code_name",
    "_split_header",
    "_text",
    "_token_kinds",
    "_two_sided_row",
    "_zeros_at_table_precision",
    "identity_residual",
    "parse_capital_budget",
    "parse_code_table",
    "parse_econ_table",
    "parse_label_table",
    "parse_segment",
    "parse_stats_table",
    "parse_three_public",
    "parse_two_sided",
    "place_token_values",
    "recognise",
    "row_identities_broken",
    "side_by_side_placements",
    "split_code_cells",
    "split_code_tokens",
]
