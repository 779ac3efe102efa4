"""The keyboard map: every action's default keys in one table, label keys taken from the label scheme.

Keys are defaults, not code: the shortcut sheet (``?``) is built from the live actions, so whatever
is bound (including by other panels) is listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...domain import LabelKind, LabelScheme


@dataclass(frozen=True)
class ShortcutSpec:
    """One action: its id, menu text, default keys, and the group it is listed under."""

    id: str
    text: str
    keys: tuple[str, ...]
    group: str
    tip: str = ""


EDIT = "Annotate"
SUGGEST = "Suggestions"
NAVIGATE = "Navigate"
STATUS = "Article status"
GENERAL = "General"

#: Actions on the article view (active when the text has the keyboard focus).
VIEW_ACTIONS: tuple[ShortcutSpec, ...] = (
    ShortcutSpec("delete", "Delete span", ("Del",), EDIT, "Remove the selected span (rejects a suggestion)"),
    ShortcutSpec("grow_start", "Grow start by a word", ("Alt+Left",), EDIT),
    ShortcutSpec("shrink_start", "Shrink start by a word", ("Alt+Right",), EDIT),
    ShortcutSpec("shrink_end", "Shrink end by a word", ("Alt+Shift+Left",), EDIT),
    ShortcutSpec("grow_end", "Grow end by a word", ("Alt+Shift+Right",), EDIT),
    ShortcutSpec("char_mode", "Character mode (no snapping to words)", ("Ctrl+E",), EDIT,
                 "Selections normally snap to whole words; toggle for the rare sub-word span"),
    ShortcutSpec("clear", "Clear selection", ("Esc",), EDIT),
    ShortcutSpec("next_span", "Next span", ("Tab",), NAVIGATE, "Own spans and suggestions in reading order"),
    ShortcutSpec("previous_span", "Previous span", ("Shift+Tab",), NAVIGATE),
    ShortcutSpec("next_quote", "Next quote", ("Ctrl+Down",), NAVIGATE, "Own quotes and suggested quotes in reading order"),
    ShortcutSpec("previous_quote", "Previous quote", ("Ctrl+Up",), NAVIGATE),
    ShortcutSpec("next_suggestion", "Next pending suggestion", ("]",), SUGGEST,
                 "Go to the next suggestion not yet accepted or rejected"),
    ShortcutSpec("previous_suggestion", "Previous pending suggestion", ("[",), SUGGEST),
    ShortcutSpec("accept", "Accept suggestion", ("Return", "Enter", "Y"), SUGGEST,
                 "Accept the selected suggestion; it stays selected (] goes to the next one)"),
    ShortcutSpec("reject", "Reject suggestion", ("X", "Backspace"), SUGGEST,
                 "Reject the selected suggestion (deletes an own span)"),
)

#: Actions of the whole window.
WINDOW_ACTIONS: tuple[ShortcutSpec, ...] = (
    ShortcutSpec("accept_all", "Accept all suggestions", ("Ctrl+Shift+A",), SUGGEST,
                 "Accept every pending suggestion of this article (one undo step)"),
    ShortcutSpec("next_article", "Next article", ("Ctrl+PgDown",), NAVIGATE),
    ShortcutSpec("previous_article", "Previous article", ("Ctrl+PgUp",), NAVIGATE),
    ShortcutSpec("focus_text", "Go to the text", ("Ctrl+1",), NAVIGATE),
    ShortcutSpec("focus_list", "Go to the article list", ("Ctrl+L",), NAVIGATE),
    ShortcutSpec("find", "Search articles", ("Ctrl+F",), NAVIGATE),
    ShortcutSpec("done_next", "Mark done and go to the next", ("Ctrl+Return", "Ctrl+Enter"), STATUS),
    ShortcutSpec("mark_done", "Mark done", ("Ctrl+D",), STATUS),
    ShortcutSpec("mark_skipped", "Skip and go to the next", ("Ctrl+K",), STATUS),
    ShortcutSpec("mark_in_progress", "Mark in progress", ("Ctrl+I",), STATUS),
    ShortcutSpec("shortcuts", "Keyboard shortcuts", ("?", "F1"), GENERAL),
)

#: The quote tools' own keys (``quote_actions.QuoteActions``; a test keeps the two in step). Q is
#: left out: "mark quote" shares it with the QUOTE label on purpose.
QUOTE_TOOL_KEYS: dict[str, str] = {
    "Shift+C": "linking a cue",
    "K": "cycling the quote kind",
    "L": "linking a speaker",
    "R": "the speaker name",
    "T": "the stance target",
    "0": "clearing the stance",
}

UNDO_KEYS = ("Ctrl+Z",)
REDO_KEYS = ("Ctrl+Shift+Z", "Ctrl+Y")


def label_shortcuts(scheme: LabelScheme) -> tuple[ShortcutSpec, ...]:
    """One action per span label of the scheme (entities, then QUOTE/CUE/SPEAKER), on the scheme's key."""
    specs = []
    for label in scheme.labels:
        if label.kind not in (LabelKind.ENTITY, LabelKind.QUOTE):
            continue
        keys = (label.key.upper() if len(label.key) == 1 and label.key.isalpha() else label.key,) if label.key else ()
        specs.append(
            ShortcutSpec(
                f"label:{label.name}",
                f"Label {label.name}",
                keys,
                EDIT,
                f"Mark the selection as {label.name} (or relabel the selected span). {label.description}",
            )
        )
    return tuple(specs)


def fixed_keys() -> dict[str, str]:
    """Keys the app binds whatever the codebook says (key -> what it does): a label or stance key
    must not take one of them. Without Qt, so the command line checks a codebook the same way."""
    keys = {key: spec.text.lower() for spec in (*VIEW_ACTIONS, *WINDOW_ACTIONS) for key in spec.keys}
    keys.update(QUOTE_TOOL_KEYS)
    keys.update({key: "undo" for key in UNDO_KEYS})
    keys.update({key: "redo" for key in REDO_KEYS})
    return keys
