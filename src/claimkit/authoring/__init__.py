"""Tools for contributors: `claimkit new` (scaffolds) and `claimkit fmt` (canonical layout)."""
