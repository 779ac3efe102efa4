"""UserConfig: who is annotating on this computer, one setting shared by the app and the command line.

The app used to remember the name in Qt's settings while the CLI took the operating system's user,
so ``annotator export P out`` looked for a layer "jdoe" when the analyst's work was in "alice".
The name now lives in a small INI file that needs no Qt to read (``user.ini`` in the user's
configuration folder, from platformdirs: ``~/.config/annotator`` on Linux). ``$ANNOTATOR_USER``
overrides it for one run; ``$ANNOTATOR_CONFIG_DIR`` moves the folder (tests, portable installs).
"""

from __future__ import annotations

import configparser
import getpass
import os
import tempfile
from pathlib import Path

import platformdirs

from ..domain import AnnotatorError

USER_ENV = "ANNOTATOR_USER"
CONFIG_DIR_ENV = "ANNOTATOR_CONFIG_DIR"
FILE_NAME = "user.ini"
_SECTION = "annotator"
_NAME_KEY = "name"


def config_dir() -> Path:
    """The folder of annotator's per-user settings: ``$ANNOTATOR_CONFIG_DIR``, else the platform's."""
    folder = os.environ.get(CONFIG_DIR_ENV)
    return Path(folder) if folder else Path(platformdirs.user_config_dir("annotator", appauthor=False))


class UserConfig:
    """The per-user settings file; read on every call so that the app and the CLI never disagree."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else config_dir()

    @property
    def path(self) -> Path:
        return self.folder / FILE_NAME

    def _read(self) -> configparser.ConfigParser:
        parser = configparser.ConfigParser(interpolation=None)
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return parser
        except (OSError, UnicodeDecodeError) as exc:
            raise AnnotatorError(f"{self.path}: cannot read the settings file ({exc})") from exc
        try:
            parser.read_string(text, source=str(self.path))
        except configparser.Error as exc:
            raise AnnotatorError(
                f"{self.path}{_line_of(exc)}: not a settings file ({_reason(exc)}); fix or delete it"
            ) from exc
        return parser

    @property
    def annotator_name(self) -> str:
        """The remembered name ('' when none was chosen yet)."""
        return self._read().get(_SECTION, _NAME_KEY, fallback="").strip()

    @annotator_name.setter
    def annotator_name(self, name: str) -> None:
        name = name.strip()
        if not name:
            raise AnnotatorError("an annotator's name cannot be empty")
        try:
            parser = self._read()
        except AnnotatorError:  # unreadable or not INI: nothing in it can be kept, the new name can
            parser = configparser.ConfigParser(interpolation=None)
        if not parser.has_section(_SECTION):
            parser.add_section(_SECTION)
        parser.set(_SECTION, _NAME_KEY, name)
        self.folder.mkdir(parents=True, exist_ok=True)
        # Written beside and moved into place: a crash never leaves half a settings file.
        fd, tmp = tempfile.mkstemp(prefix=".user.", suffix=".ini", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as stream:
                parser.write(stream)
            os.replace(tmp, self.path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def default_annotator(self) -> str:
        """Whose layer a command works on by default: ``$ANNOTATOR_USER``, else the name the app
        remembers, else the operating system's user name."""
        env = os.environ.get(USER_ENV, "").strip()
        if env:
            return env
        return self.annotator_name or _os_user() or "annotator"


def _line_of(exc: configparser.Error) -> str:
    line = getattr(exc, "lineno", None)
    errors = getattr(exc, "errors", None)
    if line is None and errors:
        line = errors[0][0]
    return f", line {line}" if line is not None else ""


def _reason(exc: configparser.Error) -> str:
    if isinstance(exc, configparser.MissingSectionHeaderError):
        return f"expected a [{_SECTION}] section first"
    return str(exc).splitlines()[0]


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (containers without a passwd entry)
        return ""
