"""`claimkit export` into its folder: the dumps staged beside it, under the build lock, and put
in place by one swap, so a killed export leaves the old dumps or the new ones."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from claimkit.core import output
from claimkit.core.catalog import Catalog
from claimkit.linked_data.export import write_dumps

# The files of the dumps, in one part or several (see linked_data.parts).
DUMP_FILE = re.compile(r"(claims(-[0-9]{4,})?\.(jsonld|ttl|nt)|feed(-[0-9]{4,})?\.json)")


def _is_build_data(target: Path) -> bool:
    """Whether `target` is the `data` of a built folder (the link `data -> current/data`, or
    a `data` not made yet beside a published generation)."""
    if target.name != "data":
        return False
    if target.is_symlink():
        return str(target.readlink()) == f"{output.CURRENT}/data"
    return not target.exists() and output.current(target.parent) is not None


def _check_own(target: Path) -> None:
    """A plain folder given to export may hold only the dumps: it is replaced whole."""
    if target.is_symlink():
        raise output.OutputError(
            "output-symlink", target, "is a symbolic link; export writes only into real folders"
        )
    if not target.exists():
        return
    if not target.is_dir():
        raise output.OutputError("output-not-owned", target, "is not a folder")
    others = sorted(p.name for p in target.iterdir() if not DUMP_FILE.fullmatch(p.name))
    if others:
        raise output.OutputError(
            "output-not-owned",
            target,
            f"holds files export did not write ({', '.join(others[:3])}); export replaces "
            "the whole folder, so give an empty folder or one export made",
        )


def export_dumps(
    catalog: Catalog,
    target: Path,
    sizes: list[int] | None = None,
    after: Callable[[], object] | None = None,
) -> list[Path]:
    """Write the dumps into `target`, all of them or none; OutputError when it is unsafe. With
    `sizes`, each page's size in each dump is added to it (see export.write_dumps); `after`
    runs once they are in place, under the lock."""
    return export_with(target, lambda folder: write_dumps(catalog, folder, sizes=sizes), after)


def export_with(
    target: Path, write: Callable[[Path], list[Path]], after: Callable[[], object] | None = None
) -> list[Path]:
    """Have `write` make the dumps in a folder beside `target` (and say which files it wrote),
    then put them in place: all or none; OutputError when it is unsafe. `write` runs under the build lock and may
    read the dumps in `target`: they are replaced only after it is done. `after` runs once they
    are in place, still under the lock."""
    out = target.parent
    with output.locked(out):
        if _is_build_data(target):
            # A built folder: a new generation with these dumps and the published site.
            output.check_published(out)
            output.clean_stale(out)
            stage = output.staging(out)
            written = write(stage / "data")
            published = output.current(out)
            if published is not None:
                output.copy_site(published, stage)
            output.publish(out, stage)
        else:
            _check_own(target)
            for stale in out.glob(f".{target.name}-staging-*"):
                output.remove(stale)
            stage = output.staging(out, f"{target.name}-staging")
            written = write(stage)
            output.exchange(stage, target)
        if after is not None:
            after()
    return [target / path.name for path in written]


def is_plain_folder(target: Path) -> bool:
    """Whether `target` is a folder of export's own (not the `data` of a built folder)."""
    return not _is_build_data(target)
