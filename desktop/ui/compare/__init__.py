"""The Compare page: one conversation sent to 2-4 targets side by side (core: desktop.core.compare)."""
