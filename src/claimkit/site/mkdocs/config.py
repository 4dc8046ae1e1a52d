"""The generated mkdocs.yml, the theme override staged beside it, and the mkdocs run."""

from __future__ import annotations

import json
import logging
import shutil
from importlib.resources import files
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from claimkit.core.catalog import Catalog
from claimkit.site.html import esc
from claimkit.site.page_html import MARKDOWN_EXTENSIONS

THEME_DIR = Path(__file__).parent / "theme"
# mkdocs loads its hooks by file path (and puts the file's folder on sys.path).
HOOK = Path(__file__).parent / "hook.py"


def theme_languages() -> set[str]:
    """The languages the installed Material theme is translated into (its partials)."""
    folder = files("material") / "templates" / "partials" / "languages"
    return {
        entry.name.removesuffix(".html")
        for entry in folder.iterdir()
        if entry.name.endswith(".html")
    }


def theme_language(tag: str, supported: set[str] | None = None) -> str:
    """The theme language nearest a BCP 47 tag: the tag itself when the theme has it, else the
    tag with its last subtags dropped one by one (`pt-BR-x` -> `pt-BR` -> `pt`), matched
    without regard to case; English when none is left."""
    known = {name.casefold(): name for name in supported or theme_languages()}
    parts = tag.split("-")
    while parts:
        found = known.get("-".join(parts).casefold())
        if found:
            return found
        parts.pop()
    return "en"


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
            "language": theme_language(site.language),
            "features": ["navigation.top"],
            "font": False,
        },
        # The site's own tag, for <html lang> (the theme's override of partials/language.html
        # writes it in place of the theme language's, which may be a neighbour of it).
        "extra": {"ck_language": site.language},
        "extra_css": ["assets/claimkit.css"],
        # No Material search: its one index of every page grows with the site (24.8 MB at
        # 100,000 claims); claimkit indexes the built site with Pagefind (site/search.py).
        "plugins": [],
        "hooks": [str(HOOK)],
        "markdown_extensions": list(MARKDOWN_EXTENSIONS),
        "nav": nav,
        "not_in_nav": (
            "/claims/\n/articles/\n/people/\n/organizations/\n/topics/\n/media/\n/reference/\n"
        ),
        "validation": {
            "nav": {"omitted_files": "ignore", "absolute_links": "ignore"},
            "links": {"absolute_links": "ignore", "unrecognized_links": "ignore"},
        },
    }
    return json.dumps(config, indent=2, ensure_ascii=False) + "\n"


# The toolkit docs' pages in their navigation order; any other page follows, by name.
TOOLKIT_NAV = ["index.md", "import.md", "sparql.md", "performance.md"]


def toolkit_docs_config(docs_dir: Path, site_dir: Path) -> str:
    """The mkdocs.yml of the toolkit's own documentation: plain mkdocs with Material, offline
    (no web fonts), each page's first heading its title in the navigation."""
    found = sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md"))
    ordered = [p for p in TOOLKIT_NAV if p in found] + [p for p in found if p not in TOOLKIT_NAV]
    config = {
        "site_name": "claimkit",
        "site_description": "claimkit, the toolkit: importing, SPARQL, performance",
        "docs_dir": str(docs_dir.resolve()),
        "site_dir": str(site_dir.resolve()),
        "use_directory_urls": True,
        "theme": {"name": "material", "language": "en", "font": False},
        "plugins": ["search"],
        "markdown_extensions": list(MARKDOWN_EXTENSIONS),
        "nav": ordered,
    }
    return json.dumps(config, indent=2, ensure_ascii=False) + "\n"


def run_mkdocs(config_file: Path) -> None:
    """Build the site mkdocs.yml describes, printing only mkdocs' warnings and errors."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    mkdocs_build(load_config(config_file=str(config_file)))
