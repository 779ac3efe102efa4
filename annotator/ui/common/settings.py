"""AppSettings: what the app remembers between runs (QSettings, organisation "annotator").

Typed accessors over ``QSettings`` so that keys are spelled in one place: recent projects, the
window's layout, the last article per project, the character-mode toggle. The annotator's name is
not Qt's: it lives in :class:`~annotator.services.user_config.UserConfig`, which the command line
reads too (a name remembered by an older version in Qt's settings moves there on first read). It also keeps the confidence below which stance suggestions are hidden.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from ...services.user_config import UserConfig
from ...storage import is_server_url

ORGANISATION = "annotator"
APPLICATION = "annotator"
MAX_RECENT = 8
_LEGACY_USER_KEY = "user/name"


class AppSettings:
    """Remembered preferences. Pass a ``QSettings`` (e.g. an INI file in a test's tmp_path) or use the
    default; ``user_config`` is where the annotator's name is shared with the CLI."""

    def __init__(self, settings: QSettings | None = None, user_config: UserConfig | None = None) -> None:
        self.qsettings = settings if settings is not None else QSettings(ORGANISATION, APPLICATION)
        self.user_config = user_config if user_config is not None else UserConfig()

    # -- who is annotating ----------------------------------------------------------------
    @property
    def user_name(self) -> str:
        name = self.user_config.annotator_name
        if not name:  # remembered by a version that kept it in Qt's settings: share it from now on
            name = str(self.qsettings.value(_LEGACY_USER_KEY, "") or "").strip()
            if name:
                self.user_config.annotator_name = name
                self.qsettings.remove(_LEGACY_USER_KEY)
        return name

    @user_name.setter
    def user_name(self, name: str) -> None:
        self.user_config.annotator_name = name

    # -- pre-annotation -------------------------------------------------------------------
    @property
    def preannotation_cluster(self) -> str:
        """``local:N`` or ``tcp://HOST:PORT`` to pre-annotate on Dask; empty runs in the app's process."""
        return str(self.qsettings.value("preannotation/cluster", "") or "")

    @preannotation_cluster.setter
    def preannotation_cluster(self, value: str) -> None:
        self.qsettings.setValue("preannotation/cluster", value.strip())

    # -- projects -------------------------------------------------------------------------
    def recent_projects(self) -> list[Path | str]:
        """Recently opened projects, newest first: files that still exist (as paths) and team
        projects (their ``postgresql://`` URLs, never with a password; a server is not asked here)."""
        raw = self.qsettings.value("projects/recent", []) or []
        items = [raw] if isinstance(raw, str) else list(raw)
        return [p if is_server_url(p) else Path(p) for p in items if p and (is_server_url(p) or Path(p).exists())]

    def add_recent_project(self, project: Path | str) -> None:
        """Put ``project`` (a file, or a team project's URL without its password) first in the list."""
        entry = str(project) if is_server_url(project) else str(Path(project).resolve())
        others = [str(p) for p in self.recent_projects() if _entry(p) != entry]
        self.qsettings.setValue("projects/recent", [entry, *others][:MAX_RECENT])

    def last_article(self, project: Path | str) -> tuple[str, int]:
        """The article last open in ``project`` and its row then (a hint: filters change rows)."""
        key = _project_key(project)
        return (
            str(self.qsettings.value(f"lastArticle/{key}/id", "") or ""),
            int(self.qsettings.value(f"lastArticle/{key}/row", -1) or -1),
        )

    def set_last_article(self, project: Path | str, article_id: str, row: int) -> None:
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
        return self._flag("editing/charMode", False)

    @char_mode.setter
    def char_mode(self, on: bool) -> None:
        self._set_flag("editing/charMode", on)

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
        return self._flag("suggestions/preannotateOnImport", True)

    @preannotate_on_import.setter
    def preannotate_on_import(self, on: bool) -> None:
        self._set_flag("suggestions/preannotateOnImport", on)

    def _flag(self, key: str, default: bool) -> bool:
        """An on/off setting, stored as "true"/"false" (QSettings' ini files keep no types)."""
        return str(self.qsettings.value(key, "true" if default else "false")).lower() == "true"

    def _set_flag(self, key: str, on: bool) -> None:
        self.qsettings.setValue(key, "true" if on else "false")

    def sync(self) -> None:
        self.qsettings.sync()


def _entry(project: Path | str) -> str:
    return str(project) if is_server_url(project) else str(Path(project).resolve())


def _project_key(project: Path | str) -> str:
    """A settings key for a project path or URL (QSettings treats slashes as groups)."""
    return hashlib.sha1(_entry(project).encode("utf-8")).hexdigest()[:16]
