"""Exports that need both the validation cache and the dumps: the incremental export."""
