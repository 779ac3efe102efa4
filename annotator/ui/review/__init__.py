"""Adjudicating colleagues' layers into gold: the review window, its session, models, view, panels and
editor, and the agreement dashboard with its charts.

A folder of annotator.ui; no imports here, so that
importing one module of it loads only what that module needs.
"""
