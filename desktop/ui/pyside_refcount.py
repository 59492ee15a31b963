"""Work around PySide6 6.12.0's abi3 wheel returning None/True/False without a new reference.

Built against Python 3.12 headers, where these singletons are immortal, the wheel's bindings
return `None`, `True` and `False` without incrementing their reference counts. On Python 3.10
and 3.11 every void or bool-returning Qt call then drops one reference, and after a few
thousand calls the interpreter aborts ("deallocating None"). Giving the singletons an
enormous reference count makes them as good as immortal, as they are on 3.12+.
Call `pin_singletons()` before the first Qt call (the app and the UI tests do).
"""

from __future__ import annotations

import ctypes
import sys

_PIN = 1 << 60  # low 32 bits zero: never read as "immortal" by 3.12-style refcount checks


def pin_singletons() -> bool:
    """Returns True when it changed anything (only on CPython < 3.12)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    changed = False
    for obj in (None, True, False, Ellipsis, NotImplemented):
        refcount = ctypes.c_ssize_t.from_address(id(obj))
        if refcount.value < _PIN // 2:
            refcount.value += _PIN
            changed = True
    return changed


pin_singletons()
