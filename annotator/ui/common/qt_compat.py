"""Work-arounds for defects of the Qt binding that would otherwise crash the app.

PySide6 6.12 on Python 3.11 returns ``None`` from every void method (``setPosition``,
``setFocus``, ``setExtraSelections``…) without taking a new reference to it. Each call lowers
``None``'s reference count by one; after a few thousand calls Python aborts with
"none_dealloc: deallocating None". From Python 3.12 on, ``None`` is immortal and the defect is
harmless. :func:`protect_none_refcount` detects the defect and gives ``None`` a reference count so
high that it cannot reach zero in the life of a process, which is what 3.12 does by design.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject

#: References added to ``None``: 2**40 void calls is more than any session can make.
_HEADROOM = 1 << 40
_done = False


def binding_drops_none_references() -> bool:
    """True when calling a void Qt method lowers ``None``'s reference count (the defect above)."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(8):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before


def protect_none_refcount() -> bool:
    """Make ``None`` effectively immortal if the binding needs it; True when the work-around was applied."""
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not binding_drops_none_references():
        return False
    # CPython < 3.12 keeps the reference count in the first machine word of every object. The same
    # binding also lets True/False fall to zero at exit (seen as "bool_dealloc"), so they get it too.
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
    _done = True
    return True
