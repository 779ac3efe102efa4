"""Quotes, cues, speakers and stance: the quotes panel, their keys, edits and popups,
the who-said-what summary with its speaker filter, and the stance picture.

A folder of annotator.ui; no imports here, so that
importing one module of it loads only what that module needs.
"""
