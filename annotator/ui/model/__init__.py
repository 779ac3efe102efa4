"""The model that suggests: training it, choosing it, and running it over articles in the background
(pre-annotation in this process or on a Dask cluster).

A folder of annotator.ui; no imports here, so that
importing one module of it loads only what that module needs.
"""
