"""Working as a team: opening a team project, the watch on the server's connection, the lead's dashboard
and tools.

A folder of annotator.ui; no imports here, so that
importing one module of it loads only what that module needs.
"""
