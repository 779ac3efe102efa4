"""The main window, which composes the workspace with the quote, model, team and review tools; its menus;
and the dialogs only its menus open (export, codebook).

A folder of annotator.ui; no imports here, so that
importing one module of it loads only what that module needs.
"""
