"""The annotating surface over one UiSession: the session and its undo stacks, the article's text, list and
panel, the label bar, marks, offsets, tokens, the annotation gestures and their keys, the inspector, the
status bar, the guidelines, the quote in focus, and WorkspaceHost (what the tools need of the window they
are installed in).

A folder of annotator.ui; no imports here, so that
importing one module of it loads only what that module needs.
"""
