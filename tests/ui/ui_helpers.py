"""Test data and gestures shared by the workspace tests (imported by name: tests/ui is on sys.path)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication

from annotator.domain import MODEL_LAYER, Annotations, Article, Origin, Span
from annotator.ui.window.main_window import MainWindow

ANNOTATOR = "tester"

ARTICLES = (
    Article(
        id="a1",
        title="Peskov rejects sanctions claim",
        outlet="Wire",
        published="2024-03-01",
        text=(
            "Kremlin spokesman Dmitry Peskov said on Monday that Moscow had \u201cno plans\u201d to respond.\n\n"
            "The European Union announced new sanctions against Russia, officials in Brussels said.\n\n"
            "\u201cWe will not be intimidated,\u201d Peskov told reporters. \U0001F600 Critics in Washington disagreed."
        ),
    ),
    Article(id="a2", title="Second article", outlet="Daily", published="2024-03-02",
            text="Angela Merkel met Emmanuel Macron in Paris on Tuesday."),
    Article(id="a3", title="Third article", outlet="Daily", published="2024-03-03",
            text="The Senate voted on the budget. Democrats objected."),
)


def model_layer(article: Article, *spans: tuple[str, str]) -> Annotations:
    """A model layer of suggestions on ``article``: (label, exact text) pairs, first occurrence."""
    out = []
    for n, (label, words) in enumerate(spans, start=1):
        start = article.text.index(words)
        out.append(
            Span(f"m{n}", start, start + len(words), label, Origin.MODEL, {"model": "en_core_web_sm", "model_version": "3.8.0"})
        )
    return Annotations(article.id, MODEL_LAYER, spans=tuple(out))


def inked(image: QImage, colour: str | None = None) -> int:
    """Pixels (every third row and column) that are not white, or that are exactly ``colour``:
    proof that something, or that colour, was drawn (a grab of an empty widget is not null either)."""
    white = QColor("#ffffff").rgb()
    wanted = QColor(colour).rgb() if colour is not None else None
    pixels = (image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3))
    return sum(p == wanted if wanted is not None else p != white for p in pixels)


def select_words(window: MainWindow, words: str, occurrence: int = 0) -> tuple[int, int]:
    text = window.article_view.text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    window.article_view.select_text(start, start + len(words))
    return start, start + len(words)


def press(qtbot, window: MainWindow, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.session.saved, timeout=2000):
        qtbot.keyClick(window.article_view, key, modifier)




def show(qtbot, window: MainWindow) -> MainWindow:  # noqa: ANN001
    """Show ``window`` and give the text the keyboard focus, as after a click in it."""
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.article_view.setFocus()
    return window


def answer_pending(choice: str) -> list[str]:
    """Click ``choice`` in the pending-suggestions question once it shows; returns the questions seen."""
    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if box is None or box.objectName() != "pendingQuestion":
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        box.findChild(QAbstractButton, f"pending-{choice}").click()

    QTimer.singleShot(0, click)
    return seen
