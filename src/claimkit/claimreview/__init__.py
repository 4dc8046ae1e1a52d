"""The ClaimReview checker: reading markup from pages, feeds and files, and the rules it holds them to."""
