"""The mkdocs boundary: claimkit's hook, the skeleton renderer and the theme override."""
