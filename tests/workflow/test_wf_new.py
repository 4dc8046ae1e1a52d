"""`claimkit new`: unique ids, required fields from options or questions, placeholders."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
import yaml
from workflow_helpers import copy_publication, run

from claimkit.authoring.field_paths import ScaffoldError
from claimkit.authoring.scaffold import Ask, create
from claimkit.core.ids import candidate_ids, slugify
from claimkit.records.load import load_file
from harness import validate_in_process

# A value that validates for each field `new` can leave as a placeholder, in the bundled
# publication.
FILLED = {
    "name": "Filled In",
    "headline": "A filled-in headline",
    "claimReviewed": "A filled-in claim",
    "kind": "news-outlet",
    "url": "https://example.org/filled",
    "publisher": "reuters",
    "datePublished": "2024-10-17",
    "claimants[0].person": "dmitry-peskov",
    "appearances[0].article": "stripes-2024-10-17-north-korean-troops",
    "type": "video",
    "appearances[0].url": "https://example.org/post/1",
    "reviews[0].summary": "The clip is from another year.",
    "reviews[0].datePublished": "2024-10-20",
    "reviews[0].mediaAuthenticityCategory": "DecontextualizedContent",
}


@pytest.fixture
def pub(tmp_path: Path) -> Path:
    return copy_publication(tmp_path / "pub")


def fill_placeholders(file: Path) -> None:
    text = file.read_text(encoding="utf-8")
    for name, value in FILLED.items():
        text = text.replace(f'"<TODO: {name}>"', value)
    assert "<TODO" not in text, text
    file.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Jane Doe", "jane-doe"),
        (
            "North Korea has sent 10,000 soldiers to Russia",
            "north-korea-has-sent-10000-soldiers-to-russia",
        ),
        ("Kim Yong-hyun’s remarks", "kim-yong-hyuns-remarks"),
        ("Ministère de la Défense", "ministere-de-la-defense"),
        ("U.S. Department of Defense", "us-department-of-defense"),
        ("  --Hello,   World!--  ", "hello-world"),
        ("Песков", ""),
        ("a" * 100, "a" * 60),
        ("word " * 30, "-".join(["word"] * 12)),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_candidate_ids_stay_valid_ids() -> None:
    ids = candidate_ids("x" * 90)
    first, second = next(ids), next(ids)
    assert first == "x" * 80
    assert second == "x" * 78 + "-2"
    assert [next(candidate_ids("a-b"))] == ["a-b"]


def test_new_person_from_a_flag(pub: Path) -> None:
    done = run(pub, "new", "person", "--name", "Jane Doe")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "records/people/jane-doe.yaml\n"
    text = (pub / "records/people/jane-doe.yaml").read_text(encoding="utf-8")
    assert text == (
        "# yaml-language-server: $schema=../../schema/person.schema.json\n"
        "id: jane-doe\n"
        "name: Jane Doe\n"
    )
    result = validate_in_process(pub, "records/people/jane-doe.yaml")
    assert result.exit_code == 0
    assert [d["code"] for d in result.diagnostics] == ["record-unreferenced"]


def test_schema_line_is_relative_to_the_record(tmp_path: Path) -> None:
    pub = copy_publication(tmp_path / "pub")
    (pub / "schema").rename(pub / "schemas")
    done = run(
        pub / "records",
        "new",
        "topic",
        "--name",
        "Ports",
        "--records",
        ".",
        "--schema",
        "../schemas",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "topics/ports.yaml\n"
    first = (pub / "records/topics/ports.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/topic.schema.json"
    assert (pub / "records/topics" / first.split("=", 1)[1]).resolve().is_file()


def test_a_missing_schema_file_is_mentioned(tmp_path: Path) -> None:
    pub = copy_publication(tmp_path / "pub")
    (pub / "schema" / "topic.schema.json").unlink()
    done = run(pub, "new", "topic", "--name", "Ports")
    assert done.returncode == 0
    assert "run `claimkit schema`" in done.stderr


def test_collisions_get_a_number_and_nothing_is_overwritten(pub: Path) -> None:
    existing = pub / "records/people/david-choi.yaml"
    before = existing.read_bytes()
    paths = [run(pub, "new", "person", "--name", "David Choi").stdout.strip() for _ in range(3)]
    assert paths == [
        "records/people/david-choi-2.yaml",
        "records/people/david-choi-3.yaml",
        "records/people/david-choi-4.yaml",
    ]
    assert existing.read_bytes() == before
    ids = [yaml.safe_load((pub / p).read_text(encoding="utf-8"))["id"] for p in paths]
    assert ids == ["david-choi-2", "david-choi-3", "david-choi-4"]


def test_reserved_ids_are_skipped(pub: Path) -> None:
    assert run(pub, "new", "topic", "--name", "Index").stdout == "records/topics/index-2.yaml\n"
    assert (
        run(pub, "new", "claim", "--claim", "Verdict").stdout == "records/claims/verdict-2.yaml\n"
    )


def test_an_explicit_id_that_exists_is_refused(pub: Path) -> None:
    existing = pub / "records/people/david-choi.yaml"
    before = existing.read_bytes()
    done = run(pub, "new", "person", "--name", "Someone", "--id", "david-choi")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "exists already" in done.stderr
    assert existing.read_bytes() == before


def test_an_explicit_id_must_be_a_slug(pub: Path) -> None:
    done = run(pub, "new", "person", "--name", "Someone", "--id", "Some One")
    assert done.returncode == 2
    assert "is not an id" in done.stderr


def test_every_placeholder_is_reported_by_name(pub: Path) -> None:
    done = run(pub, "new", "claim")
    assert done.returncode == 0
    path = done.stdout.strip()
    assert path == "records/claims/new-claim.yaml"
    assert "rename the file" in done.stderr
    result = validate_in_process(pub, path)
    placeholders = [d for d in result.diagnostics if d["code"] == "placeholder"]
    named = sorted(d["message"].split(" still holds")[0] for d in placeholders)
    assert named == ["appearances[0].article", "claimReviewed", "claimants[0].person"]
    for d in placeholders:
        assert f"<TODO: {d['message'].split()[0]}>" in d["message"]
    assert result.exit_code == 1


@pytest.mark.parametrize("kind", ["article", "claim", "media", "organization", "person", "topic"])
def test_each_kind_validates_once_its_placeholders_are_filled(pub: Path, kind: str) -> None:
    done = run(pub, "new", kind)
    assert done.returncode == 0, done.stderr
    file = pub / done.stdout.strip()
    assert file.read_text(encoding="utf-8").startswith(
        f"# yaml-language-server: $schema=../../schema/{kind}.schema.json\n"
    )
    assert run(pub, "fmt", "--check", str(file.relative_to(pub))).returncode == 0
    fill_placeholders(file)
    result = validate_in_process(pub, str(file.relative_to(pub)))
    assert [d for d in result.diagnostics if d["severity"] == "error"] == [], result.stdout
    assert result.exit_code == 0


def test_values_from_set_take_the_field_type(pub: Path) -> None:
    done = run(
        pub,
        "new",
        "claim",
        "--claim",
        "The port doubled its budget",
        "--claimant-organization",
        "kremlin",
        "--article",
        "stripes-2024-10-17-north-korean-troops",
        "--set",
        "dateMade=2024-10-14",
        "--set",
        "topics=north-korea",
        "--set",
        "topics=russia",
        "--set",
        "appearances[1].name=A radio interview",
    )
    assert done.returncode == 0, done.stderr
    file = pub / done.stdout.strip()
    data = load_file(file, "x").data
    assert data == {
        "id": "the-port-doubled-its-budget",
        "claimReviewed": "The port doubled its budget",
        "claimants": [{"organization": "kremlin"}],
        "dateMade": "2024-10-14",
        "appearances": [
            {"article": "stripes-2024-10-17-north-korean-troops"},
            {"name": "A radio interview"},
        ],
        "topics": ["north-korea", "russia"],
    }
    assert "dateMade: 2024-10-14\n" in file.read_text(encoding="utf-8")
    assert validate_in_process(pub, str(file.relative_to(pub))).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["person", "--headline", "x"], "--headline is for article records, not person records"),
        (["person", "--set", "nme=Jane"], "did you mean 'name'"),
        (["person", "--set", "name"], "write it as FIELD=VALUE"),
        (["person", "--set", "affiliation=Not A Slug"], "is not an id"),
        (["article", "--date-published", "17/10/2024"], "is not a date; write it as YYYY-MM-DD"),
        (["article", "--date-published", "2023-02-29"], "2023-02-29 is not a day of the calendar"),
        (["article", "--date-published", "2024-10-14T09:30"], "a date-time with its zone"),
        (["article", "--url", "www.example.org"], "is not an absolute http(s) URL"),
        (["organization", "--set", "kind=newspaper"], "is not one of: news-outlet"),
        (["claim", "--set", "claimants.0=x"], "set one of them, such as claimants[0].person"),
        (["claim", "--set", "claimant.person=x"], "old layout; set claimants.0.person instead"),
        (["article", "--set", "archiveUrl=https://a.org/"], "old layout; set archivedAt instead"),
        (["media", "--set", "reviews.0.mediaAuthenticityCategory=Fake"], "is not one of: Orig"),
        (["claim", "--set", "appearances=x"], "a list of objects"),
        (["person", "--set", "id=x"], "give the id with --id"),
        (
            ["claim", "--set", "topics.2=russia"],
            "set the items of a list in order, starting at topics[0]",
        ),
    ],
)
def test_bad_options_are_usage_errors(pub: Path, args: list[str], message: str) -> None:
    before = sorted(p.name for p in (pub / "records").rglob("*"))
    done = run(pub, "new", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert message in done.stderr, done.stderr
    assert done.stderr.startswith("claimkit new: ")
    assert sorted(p.name for p in (pub / "records").rglob("*")) == before


def test_claimant_options_exclude_each_other(pub: Path) -> None:
    done = run(pub, "new", "claim", "--claimant-person", "a", "--claimant-organization", "b")
    assert done.returncode == 2
    assert "not allowed with argument" in done.stderr


def test_no_records_folder_is_a_usage_error(tmp_path: Path) -> None:
    done = run(tmp_path, "new", "person", "--name", "Jane Doe")
    assert done.returncode == 2
    assert "there is no records folder at records/" in done.stderr


# Asking at a terminal.


def answers(*replies: str | None) -> tuple[list[str], Ask]:
    asked: list[str] = []
    queue = list(replies)

    def ask(prompt: str) -> str | None:
        asked.append(prompt)
        return queue.pop(0) if queue else None

    return asked, ask


def test_questions_fill_the_required_fields(pub: Path) -> None:
    asked, ask = answers(
        "Peskov said the reports were fake",
        "organization",
        "Not An Id",  # refused: asked again
        "kremlin",
        "",  # Enter: the first form, article
        "",  # Enter: a placeholder
    )
    out = io.StringIO()
    created = create("claim", [], pub / "records", pub / "schema", ask=ask, out=out)
    assert created.path == pub / "records/claims/peskov-said-the-reports-were-fake.yaml"
    data = load_file(created.path, "x").data
    assert data["claimants"] == [{"organization": "kremlin"}]
    assert data["appearances"] == [{"article": "<TODO: appearances[0].article>"}]
    assert created.placeholders == [("appearances", 0, "article")]
    assert "is not an id" in out.getvalue()
    assert asked[0].startswith("claimReviewed: The claim in short")
    assert len(asked) == 6


def test_a_given_value_is_not_asked_for(pub: Path) -> None:
    asked, ask = answers()
    create(
        "person",
        [("--name", "name", "Jane Doe")],
        pub / "records",
        pub / "schema",
        ask=ask,
        out=io.StringIO(),
    )
    assert asked == []


def test_a_bad_path_raises_scaffold_error(pub: Path) -> None:
    with pytest.raises(
        ScaffoldError, match=r"claimants\[0\] has no field 'persn'; did you mean 'person'"
    ):
        create("claim", [("--set", "claimants.0.persn.x", "y")], pub / "records", pub / "schema")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_at_a_terminal_it_asks(pub: Path) -> None:
    import pty
    import subprocess

    from workflow_helpers import claimkit_exe

    primary, secondary = pty.openpty()
    try:
        proc = subprocess.Popen(
            [claimkit_exe(), "new", "person"],
            cwd=pub,
            stdin=secondary,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.write(primary, b"Jane Terminal\n")
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(primary)
        os.close(secondary)
    assert proc.returncode == 0, err
    assert out == "records/people/jane-terminal.yaml\n"
    assert "name: The person's name" in err
