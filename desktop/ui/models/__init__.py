"""The Models page: the Hub panel (search, files, downloads) and the local library panel."""
