"""What every stage shares: the data model, diagnostics, record kinds, page URLs, the catalog, progress and reports."""
