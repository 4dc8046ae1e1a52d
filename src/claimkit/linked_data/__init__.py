"""Linked data: JSON-LD documents, triples, and the dumps (JSON-LD, Turtle, N-Triples, DataFeed)."""
