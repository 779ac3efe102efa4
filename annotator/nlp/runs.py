"""Runs of quotation: fragments without a cue of their own, and attributions nested in others.

A fragment joins the quote run or paragraph it belongs to, takes the cue announced at the end of
the paragraph before (``He said:``), or inherits the last speaker of the paragraph before. An
indirect attribution is cut around the quotes of other attributions lying inside it, so that each
quoted word has one speaker.
"""

from __future__ import annotations

from spacy.tokens import Span

from .context import Attribution, DocContext


def inherit(ctx: DocContext, atts: list[Attribution], owner: dict[int, int]) -> None:
    """Fragments without their own cue join their run, their paragraph or the paragraph before."""
    frags = ctx.fragments
    for fi, fragment in enumerate(frags):
        if fi in owner:
            continue
        mate = next((owner[j] for j in range(len(frags)) if frags[j].run == fragment.run and j in owner), None)
        if mate is None and fi > 0 and frags[fi - 1].paragraph == fragment.paragraph and fi - 1 in owner:
            mate = owner[fi - 1]
        if mate is not None and atts[mate].fragments:
            atts[mate].ranges.append((fragment.start, fragment.end))
            atts[mate].fragments.append(fi)
            owner[fi] = mate
            continue
        paragraph_start = ctx.text.rfind("\n", 0, fragment.start) + 1
        opens_paragraph = ctx.opens_paragraph(fragment.start) and ctx.reads_as_speech(fragment)
        previous = _last_in_previous_paragraph(ctx, atts, paragraph_start) if opens_paragraph else None
        announced = _announcing_cue(ctx, paragraph_start) if opens_paragraph else None
        if announced is not None:
            token, mention = ctx.speaker_for(announced)
            owner[fi] = len(atts)
            atts.append(
                Attribution([(fragment.start, fragment.end)], "direct", announced, token, mention, fragments=[fi])
            )
        elif previous is not None:
            owner[fi] = len(atts)
            atts.append(
                Attribution(
                    [(fragment.start, fragment.end)],
                    "direct",
                    None,
                    previous.speaker_token,
                    previous.speaker,
                    fragments=[fi],
                )
            )
        elif opens_paragraph and len(ctx.text[fragment.start : fragment.end].split()) >= 3:
            owner[fi] = len(atts)
            atts.append(Attribution([(fragment.start, fragment.end)], "direct", fragments=[fi]))


def _announcing_cue(ctx: DocContext, paragraph_start: int) -> Span | None:
    """``He said:`` closing the paragraph before: the cue that announces the quote below."""
    before = ctx.text[:paragraph_start].rstrip()
    if not before.endswith(":"):
        return None
    line_start = before.rfind("\n") + 1
    first = ctx.doc.char_span(line_start, len(before), alignment_mode="expand")
    if first is None:
        return None
    found = ctx.cues_between(first.start, first.end - 1)
    return found[-1] if found else None


def _last_in_previous_paragraph(ctx: DocContext, atts: list[Attribution], paragraph_start: int) -> Attribution | None:
    text = ctx.text
    end = paragraph_start - 1
    while end > 0 and not text[text.rfind("\n", 0, end) + 1 : end].strip():
        end = text.rfind("\n", 0, end)
        if end < 0:
            return None
    start = text.rfind("\n", 0, max(end, 0)) + 1
    candidates = [a for a in atts if a.speaker is not None and any(start <= s < end for s, _ in a.ranges)]
    return max(candidates, key=lambda a: max(s for s, _ in a.ranges), default=None)


def cut_nested(atts: list[Attribution], text: str) -> None:
    """Cut an attribution's ranges around other attributions' quotes lying inside them."""
    quoted = [(s, e, n) for n, a in enumerate(atts) if a.fragments for s, e in a.ranges]
    for n, att in enumerate(atts):
        if att.fragments:
            continue
        pieces = list(att.ranges)
        for s, e, m in quoted:
            if m == n:
                continue
            cut: list[tuple[int, int]] = []
            for ps, pe in pieces:
                if s < pe and ps < e and not (s <= ps and pe <= e and att.kind == "mixed"):
                    cut += [(ps, s), (e, pe)]
                else:
                    cut.append((ps, pe))
            pieces = [(a, b) for a, b in cut if b > a]
        att.ranges = [_strip(text, p) for p in pieces if p[1] - p[0] > 1]
        # a remnant of a word or two ("that he") left by the cut is no quote of its own
        att.ranges = [r for r in att.ranges if sum(c.isalnum() for c in text[r[0] : r[1]]) >= 4]


def _strip(text: str, piece: tuple[int, int]) -> tuple[int, int]:
    """A piece without the white space, commas and orphan quote marks left at its edges by cutting."""
    s, e = piece
    while s < e and text and not (text[s].isalnum() or text[s] in "[($"):
        s += 1
    while e > s and text and not (text[e - 1].isalnum() or text[e - 1] in ".?!)]%"):
        e -= 1
    return s, e
