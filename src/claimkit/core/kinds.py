"""Where records sit and what their files are called: the few names a walk of the records
folder needs, kept apart from the models so that a run with nothing to check imports no
pydantic."""

from __future__ import annotations

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# Folder under records/ for each kind; the site settings are records/site.yaml.
KIND_FOLDERS: dict[str, str] = {
    "organizations": "organization",
    "people": "person",
    "topics": "topic",
    "articles": "article",
    "claims": "claim",
    "media": "media",
}
FOLDER_OF_KIND: dict[str, str] = {kind: folder for folder, kind in KIND_FOLDERS.items()}
SITE_FILE_STEM = "site"

RECORD_SUFFIXES = (".yaml", ".yml", ".json")
