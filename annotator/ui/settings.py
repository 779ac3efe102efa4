"""AppSettings: what the app remembers between runs (QSettings, organisation "annotator").

Typed accessors over ``QSettings`` so that keys are spelled in one place: the annotator's name,
recent projects, the window's layout, the last article per project, the character-mode toggle,
the confidence below which stance suggestions are hidden.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "annotator"
APPLICATION = "annotator"
MAX_RECENT = 8


class AppSettings:
    """Remembered preferences. Pass a ``QSettings`` (e.g. an INI file in a test's tmp_path) or use the default."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings if settings is not None else QSettings(ORGANISATION, APPLICATION)

    # -- who is annotating ----------------------------------------------------------------
    @property
    def user_name(self) -> str:
        return str(self.qsettings.value("user/name", "") or "")

    @user_name.setter
    def user_name(self, name: str) -> None:
        self.qsettings.setValue("user/name", name.strip())

    # -- projects -------------------------------------------------------------------------
    def recent_projects(self) -> list[Path]:
        """Recently opened projects, newest first, those that still exist."""
        raw = self.qsettings.value("projects/recent", []) or []
        items = [raw] if isinstance(raw, str) else list(raw)
        return [Path(p) for p in items if p and Path(p).exists()]

    def add_recent_project(self, path: Path) -> None:
        path = Path(path).resolve()
        items = [str(path)] + [str(p) for p in self.recent_projects() if p.resolve() != path]
        self.qsettings.setValue("projects/recent", items[:MAX_RECENT])

    def last_article(self, project: Path) -> tuple[str, int]:
        """The article last open in ``project`` and its row then (a hint: filters change rows)."""
        key = _project_key(project)
        return (
            str(self.qsettings.value(f"lastArticle/{key}/id", "") or ""),
            int(self.qsettings.value(f"lastArticle/{key}/row", -1) or -1),
        )

    def set_last_article(self, project: Path, article_id: str, row: int) -> None:
        key = _project_key(project)
        self.qsettings.setValue(f"lastArticle/{key}/id", article_id)
        self.qsettings.setValue(f"lastArticle/{key}/row", row)

    # -- window ---------------------------------------------------------------------------
    def window_geometry(self) -> QByteArray | None:
        value = self.qsettings.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self.qsettings.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)

    @property
    def char_mode(self) -> bool:
        return str(self.qsettings.value("editing/charMode", "false")).lower() == "true"

    @char_mode.setter
    def char_mode(self, on: bool) -> None:
        self.qsettings.setValue("editing/charMode", "true" if on else "false")

    @property
    def min_stance_confidence(self) -> float:
        """Stance suggestions less sure than this are hidden; 0 shows them all."""
        try:
            return max(0.0, min(1.0, float(self.qsettings.value("suggestions/minStanceConfidence", 0.0) or 0.0)))
        except (TypeError, ValueError):
            return 0.0

    @min_stance_confidence.setter
    def min_stance_confidence(self, value: float) -> None:
        self.qsettings.setValue("suggestions/minStanceConfidence", f"{max(0.0, min(1.0, float(value))):.2f}")

    @property
    def preannotate_on_import(self) -> bool:
        """Whether articles imported in the app are pre-annotated in the background (on unless turned off)."""
        return str(self.qsettings.value("suggestions/preannotateOnImport", "true")).lower() == "true"

    @preannotate_on_import.setter
    def preannotate_on_import(self, on: bool) -> None:
        self.qsettings.setValue("suggestions/preannotateOnImport", "true" if on else "false")

    def sync(self) -> None:
        self.qsettings.sync()


def _project_key(project: Path) -> str:
    """A settings key for a project path (QSettings treats slashes as groups)."""
    return hashlib.sha1(str(Path(project).resolve()).encode("utf-8")).hexdigest()[:16]
