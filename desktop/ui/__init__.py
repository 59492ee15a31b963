"""Qt widgets of Tessera. Importing this package first applies the PySide6 6.12.0 workaround."""

from desktop.ui.pyside_refcount import pin_singletons

pin_singletons()
