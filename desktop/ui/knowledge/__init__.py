"""The Knowledge page: bases, their sources and documents, indexing, search, chunk boundaries."""
