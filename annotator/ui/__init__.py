"""annotator.ui: the only user of PySide6, in folders as the product is used.

``window`` (the main window and its menus) composes ``quotes``, ``review`` and ``team``, which build on
``model``, ``workspace`` and ``common``; a folder imports only those below it (import-linter contracts
in pyproject.toml), and no module imports itself back through others.
"""
