"""The 情况说明 read as claims: every amount, percentage and count of a sentence, tied to its subject.

Narrative lines (everything outside the standard tables) are normalised — spaces between CJK
characters and inside numbers removed ("1, 049. 22" → "1,049.22"), hard wraps joined — and cut
into sections by their headings (一、… / （一）… / 1.…说明), which give every figure its scope
(收入支出决算总体, 一般公共预算财政拨款支出, “三公”经费 …). Sections are cut into sentences at
。！？ and where an enumerated item starts (“：1、”, “；（二）”); a figure is only ever related to
figures of its own sentence (never to the next sentence or paragraph), and to other sentences only
through its subject.

For each figure (X万元, X元, X%, N人/辆/个…) the words before it say what it is:

- its subject: a canonical concept from `CONCEPTS` (“基本支出”, “三公经费”, a 类 of the
  functional classification, an enumerated 类/款/项 item resolved to its 公开05表 row), or the
  words themselves when no concept is named, or — when nothing precedes it in its clause — the
  subject of the previous figure of the sentence, of the enumerated item, or of the section;
- its metric: final (决算), budget (预算), prior (上年), change (增加/减少 X万元), share (占X%),
  growth (增长/下降 Y%), completion (完成预算的Z%), rate (any other percentage), count;
- its links inside the sentence: a share's part and whole, a growth rate's change amount and the
  current amount, a completion rate's final and budget amounts;
- the table facts it must equal (`Claim.refs`), from the section's scope and the subject.

Forms printed as loose lines (绩效自评表 extracted without a grid) are not sentences and are left
out; every figure that could not be turned into a claim tied to a subject is listed in the
quality record (`quality["claims"]["unparsed"]`) rather than dropped silently.

The reader, one seam per module:

- `sections`: lines normalised, headings and their section kinds, sentences, enumerated items;
- `figures`: the amounts, percentages and counts of a sentence;
- `concepts`: the canonical concepts, their aliases, the subject a clause names;
- `claims`: one sentence's figures read into linked claims; nil statements (“无…支出”);
- `table_facts`: the table cells an amount claim restates (`TableIndex`, `table_refs`);
- `claim_cells`: which cells those are, declared in `claim_cells.toml` (validated at import);
- `reader`: `read_narrative`, the whole 情况说明 with its paragraphs and quality record.
"""

from __future__ import annotations

from ingest.narrative.concepts import CONCEPTS, mentions
from ingest.narrative.reader import NarrativeReading, read_narrative
from ingest.narrative.sections import heading_level, normalise, section_kind
from ingest.narrative.table_facts import TableIndex, table_refs

__all__ = [
    "CONCEPTS",
    "NarrativeReading",
    "TableIndex",
    "heading_level",
    "mentions",
    "normalise",
    "read_narrative",
    "section_kind",
    "table_refs",
]
