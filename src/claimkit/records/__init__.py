"""Record files: finding them, their status on disk, and reading them strictly (YAML and JSON) with positions."""
