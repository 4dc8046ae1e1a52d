"""`claimkit export` into its folder: the dumps staged beside it, under the build lock, and put
in place by one swap, so a killed export leaves the old dumps or the new ones."""

from __future__ import annotations

from pathlib import Path

from claimkit.core import output
from claimkit.core.catalog import Catalog
from claimkit.linked_data.export import DUMP_NAMES, write_dumps


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
    others = sorted(p.name for p in target.iterdir() if p.name not in DUMP_NAMES)
    if others:
        raise output.OutputError(
            "output-not-owned",
            target,
            f"holds files export did not write ({', '.join(others[:3])}); export replaces "
            "the whole folder, so give an empty folder or one export made",
        )


def export_dumps(catalog: Catalog, target: Path) -> list[Path]:
    """Write the dumps into `target`, all four or none; OutputError when it is unsafe."""
    out = target.parent
    with output.locked(out):
        if _is_build_data(target):
            # A built folder: a new generation with these dumps and the published site.
            output.check_published(out)
            output.clean_stale(out)
            stage = output.staging(out)
            write_dumps(catalog, stage / "data")
            published = output.current(out)
            if published is not None:
                output.copy_site(published, stage)
            output.publish(out, stage)
        else:
            _check_own(target)
            for stale in out.glob(f".{target.name}-staging-*"):
                output.remove(stale)
            stage = output.staging(out, f"{target.name}-staging")
            write_dumps(catalog, stage)
            output.exchange(stage, target)
    return [target / name for name in DUMP_NAMES]
