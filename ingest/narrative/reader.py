"""The reader of the 情况说明: its lines cut into sections and sentences, every sentence's figures
read into claims with their table facts, the paragraphs they stand in and the quality record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.layout import Line
from ingest.model import Claim, Location, Paragraph, Table
from ingest.narrative.claims import SentenceReader, nil_claims
from ingest.narrative.concepts import mentions
from ingest.narrative.figures import figures_in
from ingest.narrative.sections import (
    ENUMERATOR,
    ItemContext,
    enumerated_item,
    free_item,
    sections_of,
    sentences_of,
)
from ingest.narrative.table_facts import TableIndex, row_name, table_refs

# Characters of context kept on each side of an unparsed figure in the quality record.
UNPARSED_CONTEXT = 24

# Sections whose amounts restate table facts (an amount there without a table fact is listed).
TABLE_SCOPES: frozenset[str] = frozenset(
    {"overall", "income", "expense", "fin_overall", "general", "general_basic", "three_public"}
)


@dataclass
class NarrativeReading:
    """What the narrative reader returns."""

    paragraphs: list[Paragraph]
    claims: list[Claim]
    quality: dict[str, object]


def _econ_lexicon(tables: dict[str, Table]) -> list[tuple[str, str]]:
    t = tables.get("06")
    if t is None:
        return []
    return [(row_name(r), row_name(r)) for r in t.rows if r.code and len(row_name(r)) >= 2]


def read_narrative(
    lines: Sequence[Line], tables: dict[str, Table] | None = None, year: int | None = None
) -> NarrativeReading:
    """Claims of every narrative sentence, the paragraphs they stand in, and the quality record."""
    tables = tables or {}
    index = TableIndex(tables)
    econ_all = _econ_lexicon(tables)
    sections, excluded = sections_of(lines)
    paragraphs: list[Paragraph] = []
    claims: list[Claim] = []
    figures = 0
    unparsed: list[str] = []
    sentence_no = 0
    for sec in sections:
        if sec.heading:
            paragraphs.append(Paragraph(sec.heading, sec.loc, [(0, sec.loc)]))
        sentences = sentences_of(sec)
        if sec.lines:
            body = "".join(t for t, _ in sec.lines)
            offsets: list[tuple[int, Location]] = []
            pos = 0
            for t, loc in sec.lines:
                offsets.append((pos, loc))
                pos += len(t)
            paragraphs.append(Paragraph(body, sec.lines[0][1], offsets))
        item: ItemContext | None = None
        for sentence in sentences:
            opened = enumerated_item(sentence.text) or (
                free_item(sentence.text) if sec.kind == "general" else None
            )
            if opened is not None:
                item = opened
                row = index.func_item(item) if sec.kind == "general" else None
                if row is not None:
                    item.subject, item.concept = row.key, True
                elif item.levels:
                    item.subject = item.name + (
                        f"（{next(iter(reversed(item.levels)))}）" if item.levels else ""
                    )
                else:
                    found = mentions(item.name, sec.kind)
                    if found and found[-1].end == len(item.name):
                        item = None  # a concept (“卫生健康支出”) rather than an item name
                    else:
                        item.subject = item.name
                sentence.starts_item = item is not None
            elif ENUMERATOR.match(sentence.text):
                item = None
            sentence.item = item
            econ = econ_all if sec.kind == "general_basic" else []
            reader = SentenceReader(sentence, year, len(claims), econ)
            found_claims = reader.read()
            for c in found_claims:
                c.sentence_no = sentence_no
                c.refs = table_refs(c, index)
            figures_here = [f for f in figures_in(sentence.text) if f.kind != "count"]
            figures += len(figures_here)
            for c in found_claims:
                if c.kind in ("amount", "change", "share", "growth", "completion", "rate") and not c.tied:
                    unparsed.append(_excerpt(sentence.text, c.start))
            claims.extend(found_claims)
            for nil in nil_claims(sentence):
                nil.sentence_no = sentence_no
                nil.refs = table_refs(nil, index)
                claims.append(nil)
            sentence_no += 1
    money = [c for c in claims if c.kind not in ("count", "nil")]
    tied = [c for c in money if c.tied]
    concept = [c for c in tied if c.concept]
    checkable = [
        c for c in money if c.kind == "amount" and c.metric in ("final", "budget") and c.scope in TABLE_SCOPES
    ]
    quality: dict[str, object] = {
        "figures": figures,
        "claimed": len(money),
        "tied": len(tied),
        "tied_share": round(len(tied) / figures, 4) if figures else 1.0,
        "concept": len(concept),  # tied to a canonical concept or a table row (not free words)
        "matched": sum(1 for c in money if c.refs),
        "unmatched": [_excerpt(c.sentence, c.start) for c in checkable if not c.refs and c.metric == "final"],
        "unparsed": unparsed,
        "counts": sum(1 for c in claims if c.kind == "count"),
        "nil": sum(1 for c in claims if c.kind == "nil"),
        "form_lines_skipped": excluded,
    }
    return NarrativeReading(paragraphs, claims, quality)


def _excerpt(text: str, at: int) -> str:
    a = max(0, at - UNPARSED_CONTEXT)
    b = min(len(text), at + UNPARSED_CONTEXT)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")
