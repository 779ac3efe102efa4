"""The guidelines panel: a code font that tells l from 1, and a text that describes what is drawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QFontDatabase, QTextCharFormat

from annotator.services.scheme import default_scheme
from annotator.storage import Store
from annotator.ui.common.style import FormatCache
from annotator.ui.workspace.guidelines_panel import LEGIBLE_CODE_FONTS, GuidelinesPanel, default_guidelines


def _code_spans(panel: GuidelinesPanel) -> list[tuple[str, list[str]]]:
    """(text, font families) of every fixed-pitch fragment the panel shows."""
    out = []
    block = panel.browser.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().fontFixedPitch():
                out.append((fragment.text(), list(fragment.charFormat().fontFamilies() or [])))
            fragments += 1
        block = block.next()
    return out


def test_code_spans_use_a_font_that_tells_l_from_1(qtbot: Any, tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.annotator") as store:
        store.set_setting("guidelines", "Link the speaker with `l`, not `1`; see `O0Il1`.")
        panel = GuidelinesPanel(store)
        qtbot.addWidget(panel)
        spans = _code_spans(panel)
        assert [text for text, _ in spans] == ["l", "1", "O0Il1"]
        installed = [name for name in LEGIBLE_CODE_FONTS if name in QFontDatabase.families()]
        assert installed, "no legible monospaced font on this machine: add one to LEGIBLE_CODE_FONTS"
        for text, families in spans:
            # a named legible font first, not the system's "monospace" alias (which may be any font)
            assert families[0] == installed[0], (text, families)
        # the shipped guidelines too, whose keys are all in code spans
        store.set_setting("guidelines", "")
        panel.reload()
        shipped = _code_spans(panel)
        assert "q" in [text for text, _ in shipped]
        assert all(families[0] == installed[0] for _, families in shipped)


def test_the_guidelines_describe_suggestions_as_they_are_drawn() -> None:
    text = default_guidelines()
    sentence = next(line for line in text.splitlines() if "suggestions are" in line.lower())
    drawn = FormatCache(default_scheme()).format("PERSON", suggestion=True, in_quote=False, selected=False)
    assert drawn.underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline
    assert not drawn.fontItalic()
    assert "dashed" in sentence and "shown in italics" not in sentence
