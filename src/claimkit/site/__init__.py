"""The site: generated pages, lists, guides and SVG pictures, staging, and the atomic build."""
