"""The versions of the libraries that shape the published site, as claimkit was tested with them.

The one place these versions are written: `claimkit init` writes them into a publication's
`constraints.txt` (which its workflows install with), `claimkit build` warns when the installed
versions differ, and a test holds them inside the pins in pyproject.toml.
"""

from __future__ import annotations

from importlib import metadata

# Distribution name -> the version the byte-for-byte site tests passed on.
TESTED_VERSIONS: dict[str, str] = {
    "mkdocs": "1.6.1",
    "mkdocs-material": "9.8.2",
    "pymdown-extensions": "13.1.2",
    "Markdown": "3.11.3",
    "Jinja2": "3.1.6",
    "babel": "2.19.0",
}

CONSTRAINTS_FILE = "constraints.txt"


def constraints_text(version: str) -> str:
    """The text of a publication's constraints file, for claimkit `version`."""
    lines = [
        f"# The versions of the libraries that shape the site, as claimkit {version} was tested",
        "# with them. The workflows install with `pip install -c constraints.txt ...`, so the site",
        "# looks the same on every machine. `claimkit build` warns when the installed versions",
        "# differ. After upgrading claimkit, `claimkit init --upgrade .` rewrites this file.",
    ]
    lines += [f"{name}=={tested}" for name, tested in TESTED_VERSIONS.items()]
    return "\n".join(lines) + "\n"


def untested_versions(tested: dict[str, str] | None = None) -> list[tuple[str, str | None, str]]:
    """The site libraries installed at another version than the tested one (or missing):
    (name, installed or None, tested)."""
    found: list[tuple[str, str | None, str]] = []
    for name, want in (TESTED_VERSIONS if tested is None else tested).items():
        try:
            have: str | None = metadata.version(name)
        except metadata.PackageNotFoundError:
            have = None
        if have != want:
            found.append((name, have, want))
    return found


def version_warnings(tested: dict[str, str] | None = None) -> list[str]:
    """One warning line per site library at an untested version, as `claimkit build` prints."""
    return [
        f"warning: {name} {'is not installed' if have is None else f'{have} is installed'}, "
        f"but the site was tested with {want}: pages may "
        f"differ from other machines' builds; install with `pip install -c constraints.txt` "
        f"(see `claimkit init --upgrade`) [site-version-untested]"
        for name, have, want in untested_versions(tested)
    ]
