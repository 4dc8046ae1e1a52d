"""An incremental build around mkdocs: what mkdocs is told before it renders (the lists beside
mkdocs.yml that the hook reads), and the site put together once it has: a preview's patch
(`patch.assemble`), the spare generation's folders with mkdocs' output moved in
(`recycle.assemble`), or mkdocs' output with the unchanged pages linked from the published
build (`reuse.link_reused`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from claimkit.site.mkdocs import patch, recycle, reuse


def tell_mkdocs(
    work: Path,
    reused: set[str],
    keep: Collection[str],
    patching: bool,
    taken_from: Path | None,
) -> None:
    """Write the lists the hook reads into `work` (beside mkdocs.yml): the pages it may leave
    unrendered (`reused`), the stubs it keeps without rendering (`keep`, but for a patch: those
    are not staged, and are listed for links to find them), and, with `taken_from`, the
    published site it links the kept pages from as it renders."""
    reuse.write_list(work / reuse.REUSE_LIST, reused.difference(keep) if patching else reused)
    reuse.write_list(work / reuse.STUB_LIST, () if patching else keep)
    if patching:
        reuse.write_list(work / reuse.ABSENT_LIST, keep)
    if taken_from is not None:
        (work / reuse.TAKEN_FROM).write_text(f"{taken_from}\n", encoding="utf-8")


def assemble_site(
    site: Path,
    published_site: Path | None,
    recycled: Path | None,
    *,
    patching: patch.SiteMemo | None,
    spare: Path | None,
    reused: set[str],
    keep: Collection[str],
    staged: Iterable[str],
    pages: int,
    kept_folders: list[str],
) -> tuple[int, frozenset[str] | None]:
    """Make the new site at `site` (where mkdocs wrote its output) from that output and the
    published site: `patching` is the preview's last build when this one patches it, `recycled`
    the spare site moved beside (None without one), `reused` the unchanged pages mkdocs was
    told to leave, `keep` the pages taken without being staged, `staged` the staged pages'
    sources (`pages` of them), `kept_folders` what stays of the spare site as it is (its search
    index). Returns how many pages were taken unchanged, and, for a patch, where the new site
    differs from the published one."""
    if patching is not None and published_site is not None:
        changed = patch.assemble(
            patching, site, recycled, spare, published_site, reused, kept_folders
        )
        if recycled is not None:
            recycled.rename(site)
        written = sum(reuse.dest_uri(s) in changed for s in staged if s not in keep)
        return pages - written, changed
    if recycled is not None and published_site is not None:
        linked = recycle.assemble(recycled, site, published_site, reused, kept_folders)
        recycled.rename(site)
        return linked, None
    linked = len(keep)  # linked by the hook while mkdocs rendered
    if reused and published_site is not None:
        linked += reuse.link_reused(published_site, site, reused.difference(keep))
    return linked, None
