"""The Templates page: the template library, the versioned editor, history with diff, and use."""
