"""The generated mkdocs.yml, the theme override staged beside it, and the mkdocs run."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from claimkit.core.catalog import Catalog
from claimkit.site.html import esc
from claimkit.site.page_html import MARKDOWN_EXTENSIONS

THEME_DIR = Path(__file__).parent / "theme"
# mkdocs loads its hooks by file path (and puts the file's folder on sys.path).
HOOK = Path(__file__).parent / "hook.py"


def stage_theme(theme_out: Path) -> None:
    """The theme override (main.html, the sitemap template and claimkit's stylesheet)."""
    shutil.copytree(THEME_DIR, theme_out, dirs_exist_ok=True)


def mkdocs_config(
    catalog: Catalog,
    docs_dir: Path,
    site_dir: Path,
    theme_dir: Path,
    nav_pages: list[tuple[str, str]],
) -> str:
    """The generated mkdocs.yml (JSON is YAML): Material, record pages left out of the nav."""
    site = catalog.site
    nav = [{title: path} for title, path in nav_pages]
    config = {
        "site_name": esc(site.title),
        "site_url": site.url,
        "site_description": esc(" ".join(site.description.split())),
        "docs_dir": str(docs_dir.resolve()),
        "site_dir": str(site_dir.resolve()),
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "custom_dir": str(theme_dir.resolve()),
            "language": site.language.split("-")[0],
            "features": ["navigation.top", "search.highlight"],
            "font": False,
        },
        "extra_css": ["assets/claimkit.css"],
        "plugins": ["search"],
        "hooks": [str(HOOK)],
        "markdown_extensions": list(MARKDOWN_EXTENSIONS),
        "nav": nav,
        "not_in_nav": "/claims/\n/articles/\n/people/\n/organizations/\n/topics/\n/reference/\n",
        "validation": {
            "nav": {"omitted_files": "ignore", "absolute_links": "ignore"},
            "links": {"absolute_links": "ignore", "unrecognized_links": "ignore"},
        },
    }
    return json.dumps(config, indent=2, ensure_ascii=False) + "\n"


def run_mkdocs(config_file: Path) -> None:
    """Build the site mkdocs.yml describes, printing only mkdocs' warnings and errors."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    mkdocs_build(load_config(config_file=str(config_file)))
