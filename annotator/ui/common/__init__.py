"""What every part of the UI may use and that knows none of them: the style, the app's settings, small
dialogs, Qt work-arounds, the job runner, the start-up checks, colleagues' saves as a signal (TeamWatch),
the docks' arrangement by window size and a wrapping layout.

A folder of annotator.ui; no imports here, so that
importing one module of it loads only what that module needs.
"""
