"""Reading the sources of an import: files, folders and http(s) URLs, into JSON-LD documents
(the Fact Check Tools API's JSON read as the ClaimReviews it stands for)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from claimkit.claimreview.read import Doc, gather, page_from_text, read_page
from claimkit.core.diagnostics import Diagnostic
from claimkit.core.limits import MAX_IMPORT_BYTES
from claimkit.core.progress import QUIET, Progress, Stage
from claimkit.importing.addresses import AddressPolicy
from claimkit.importing.factcheck_api import read_api_responses
from claimkit.importing.fetch import FetchError, fetch


def _is_url(source: str) -> bool:
    return "://" in source and not Path(source).exists()


def read_sources(
    sources: Sequence[str],
    timeout: float,
    max_bytes: int = MAX_IMPORT_BYTES,
    progress: Progress = QUIET,
    policy: AddressPolicy | None = None,
) -> tuple[list[Doc], list[Diagnostic], int]:
    """Every JSON-LD document in the sources, in the order given, the reading problems, and
    how many files and pages were read."""
    docs: list[Doc] = []
    problems: list[Diagnostic] = []
    read = 0
    with progress.stage("read", unit="files") as stage:
        for source in sources:
            read += _read_source(source, timeout, max_bytes, docs, problems, stage, policy)
    read_api_responses(docs)
    return docs, problems, read


def _read_source(
    source: str,
    timeout: float,
    max_bytes: int,
    docs: list[Doc],
    problems: list[Diagnostic],
    stage: Stage,
    policy: AddressPolicy | None,
) -> int:
    """Read one source (a URL, a file or a folder) into `docs`; how many files or pages."""
    if not _is_url(source):
        inputs, missing = gather([Path(source)])
        problems.extend(missing)
        for item in inputs:
            page = read_page(item, None, max_bytes, "import")
            docs.extend(page.docs)
            problems.extend(page.problems)
            stage.advance()
        return len(inputs)
    try:
        fetched = fetch(source, timeout=timeout, max_bytes=max_bytes, policy=policy)
    except FetchError as exc:
        problems.append(exc.diagnostic)
        return 0
    page = page_from_text(
        source,
        fetched.text,
        is_html=fetched.is_html,
        page_url=fetched.url,
        url_source="the URL it was fetched from",
    )
    docs.extend(page.docs)
    problems.extend(page.problems)
    stage.advance()
    return 1
