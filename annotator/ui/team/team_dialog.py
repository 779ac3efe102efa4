"""File → Open team project…: the server's URL and, when libpq has none (``~/.pgpass``, ``PGPASSWORD``), a password."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ...storage import is_server_url

PLACEHOLDER = "postgresql://you@server.example.org:5432/newsroom"


class TeamProjectDialog(QDialog):
    """Asks for a team project's URL (and an optional password, which is never remembered)."""

    def __init__(self, parent: QWidget | None = None, url: str = "", reason: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("teamProjectDialog")
        self.setWindowTitle("Open team project")
        self.url_edit = QLineEdit(url)
        self.url_edit.setObjectName("teamUrl")
        self.url_edit.setPlaceholderText(PLACEHOLDER)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("teamPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("leave empty to use ~/.pgpass or PGPASSWORD")
        self.problem = QLabel(reason)
        self.problem.setWordWrap(True)
        self.problem.setObjectName("teamProblem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel("The team's server, as your project lead gave it (your login is your layer):"))
        form.addRow("Server URL", self.url_edit)
        form.addRow("Password", self.password_edit)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        if url:
            self.password_edit.setFocus()

    def _accept(self) -> None:
        if not is_server_url(self.url_edit.text().strip()):
            self.problem.setText(f"A team project's address starts with postgresql://, e.g. {PLACEHOLDER}")
            return
        self.accept()

    def url(self) -> str:
        """The URL to connect with: the password (if typed) goes into it, for this connection only."""
        url = self.url_edit.text().strip()
        password = self.password_edit.text()
        if not password:
            return url
        parts = urlsplit(url)
        host = parts.netloc.rsplit("@", 1)[-1]
        user = quote(parts.username or "", safe="")
        return parts._replace(netloc=f"{user}:{quote(password, safe='')}@{host}").geturl()
