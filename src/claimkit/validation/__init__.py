"""Validation: JSON Schema and in-record checks, checks across records, the result cache and the run."""
