"""`claimkit init`: a new publication that validates, builds and checks at once, with or
without the example; bad options refused with a code and nothing written."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml
from workflow_helpers import REPO, run

from claimkit import __version__
from claimkit.core.diagnostics import CODES
from claimkit.core.site_versions import TESTED_VERSIONS, version_warnings

URL = "https://harbourcheck.example.org/"


def init(tmp_path: Path, *extra: str, name: str = "Harbour Check") -> Path:
    target = tmp_path / "pub"
    done = run(tmp_path, "init", str(target), "--name", name, "--url", URL, *extra)
    assert done.returncode == 0, done.stdout + done.stderr
    return target


def build_and_check(pub: Path) -> tuple[str, str]:
    built = run(pub, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    checked = run(pub, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return built.stdout, checked.stdout


def site_pages(pub: Path) -> set[str]:
    site = pub / "build" / "site"
    return {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}


def test_example_publication_validates_builds_and_checks_clean(tmp_path: Path) -> None:
    pub = init(tmp_path, "--example")
    validated = run(pub, "validate")
    assert validated.returncode == 0 and validated.stdout.endswith("0 errors, 0 warnings\n")
    formatted = run(pub, "fmt", "--check")
    assert formatted.returncode == 0, formatted.stdout
    _, checked = build_and_check(pub)
    assert checked.strip().endswith("1 ClaimReview: 0 errors, 0 warnings")
    pages = site_pages(pub)
    assert {"about", "how-we-work", "corrections", "contributing", "methodology"} <= pages
    assert "claims/example-moon-cheese" in pages
    # None of the toolkit's documentation is published with a desk's site.
    toolkit = {p.stem for p in (REPO / "toolkit-docs").glob("*.md")} - {"index"}
    assert toolkit and not any(page.split("/")[0] in toolkit for page in pages)
    home = (pub / "build" / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>Harbour Check</title>" in home
    assert 'href="about/"' in home  # the desk's pages are in the navigation


def test_zero_claims_builds_with_empty_states(tmp_path: Path) -> None:
    pub = init(tmp_path)
    assert not list((pub / "records" / "claims").glob("*.yaml"))
    _, checked = build_and_check(pub)
    assert "0 ClaimReviews: 0 errors" in checked
    site = pub / "build" / "site"
    for page, empty in [
        ("index.html", "No claims yet."),
        ("claims/index.html", "No claims yet."),
        ("articles/index.html", "No articles yet."),
        ("people/index.html", "No people yet."),
        ("topics/index.html", "No topics yet."),
    ]:
        assert empty in (site / page).read_text(encoding="utf-8"), page
    # The publisher has its record, so the organizations list is not empty.
    orgs = (site / "organizations" / "index.html").read_text(encoding="utf-8")
    assert "organizations/harbour-check/" in orgs.replace("../", "") or "harbour-check/" in orgs


def test_modelines_point_at_the_publications_own_schemas(tmp_path: Path) -> None:
    pub = init(tmp_path, "--example")
    records = sorted((pub / "records").rglob("*.yaml"))
    assert len(records) == 4
    for record in records:
        first = record.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, record
        schema = (record.parent / match.group(1)).resolve()
        assert schema.is_file() and schema.parent == (pub / "schema").resolve()
        assert json.loads(schema.read_text(encoding="utf-8"))["$id"].startswith("urn:claimkit")
    # `claimkit new` in the publication writes a modeline to the same schemas.
    made = run(pub, "new", "person", "--name", "Dana Writer")
    assert made.returncode == 0, made.stderr
    written = pub / "records" / "people" / "dana-writer.yaml"
    assert written.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schema/person.schema.json"
    )
    assert run(pub, "schema", "--check").returncode == 0


def test_pins_are_the_installed_claimkit_and_the_tested_versions(tmp_path: Path) -> None:
    pub = init(tmp_path)
    assert f"claimkit=={__version__}" in (pub / "requirements.txt").read_text(encoding="utf-8")
    constraints = (pub / "constraints.txt").read_text(encoding="utf-8")
    pins = dict(
        line.split("==") for line in constraints.splitlines() if line and not line.startswith("#")
    )
    assert pins == TESTED_VERSIONS
    hooks = yaml.safe_load((pub / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    for hook in hooks["repos"][0]["hooks"]:
        assert hook["additional_dependencies"] == [f"claimkit=={__version__}"]
        assert re.search(hook["files"], "records/claims/a.yaml")
    for workflow in (pub / ".github" / "workflows").glob("*.yml"):
        installs = [
            step["run"]
            for job in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].values()
            for step in job["steps"]
            if "pip install" in step.get("run", "")
        ]
        assert installs == ["python -m pip install -c constraints.txt -r requirements.txt"]
    ignore = (pub / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "build" in ignore  # a file, a link or a folder named build


def test_gitignore_ignores_build_as_a_file_a_link_or_a_folder(tmp_path: Path) -> None:
    pub = init(tmp_path)
    subprocess.run(["git", "init", "-q", str(pub)], check=True)
    for kind in ("folder", "file", "link"):
        build = pub / "build"
        if kind == "folder":
            build.mkdir()
            (build / "x.html").write_text("x")
        elif kind == "file":
            build.write_text("x")
        else:
            (tmp_path / "elsewhere").mkdir(exist_ok=True)
            build.symlink_to(tmp_path / "elsewhere")
        status = subprocess.run(
            ["git", "status", "--porcelain", "--ignored", "build"],
            cwd=pub,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert status.startswith("!! build"), (kind, status)
        subprocess.run(["rm", "-rf", str(build)], check=True)


def test_version_warning_names_the_library_and_the_code() -> None:
    assert version_warnings() == []  # the tests run on the tested versions
    untested = dict(TESTED_VERSIONS, mkdocs="0.0.1")
    [line] = version_warnings(untested)
    assert "mkdocs 1.6.1 is installed" in line and "tested with 0.0.1" in line
    assert line.endswith("[site-version-untested]") and "site-version-untested" in CODES
    [missing] = version_warnings({"claimkit-no-such-library": "1.0"})
    assert "claimkit-no-such-library is not installed, but" in missing


@pytest.mark.parametrize(
    ("args", "where", "code"),
    [
        (["--name", "", "--url", URL], "--name", "init-name-invalid"),
        (["--name", "Two\nlines", "--url", URL], "--name", "init-name-invalid"),
        (["--name", "x" * 201, "--url", URL], "--name", "init-name-invalid"),
        (["--name", "!!!", "--url", URL], "--name", "init-name-invalid"),
        (["--url", URL], "--name", "init-name-invalid"),
        (["--name", "Desk", "--url", "ftp://x.example/"], "--url", "init-url-invalid"),
        (["--name", "Desk", "--url", "harbour.example.org"], "--url", "init-url-invalid"),
        (["--name", "Desk", "--url", "https://x.example/?a=1"], "--url", "init-url-invalid"),
        (["--name", "Desk"], "--url", "init-url-invalid"),
        (
            ["--name", "Desk", "--url", URL, "--language", "English"],
            "--language",
            "init-language-invalid",
        ),
        (
            ["--name", "Desk", "--url", URL, "--language", "xx-zz"],
            "--language",
            "init-language-invalid",
        ),
    ],
)
def test_bad_options_are_refused_with_a_code(
    tmp_path: Path, args: list[str], where: str, code: str
) -> None:
    done = run(tmp_path, "init", "pub", *args)
    assert done.returncode == 2
    assert done.stderr.startswith(f"{where}: error: ") and f"[{code}]" in done.stderr
    assert "nothing was written" in done.stderr
    assert list(tmp_path.iterdir()) == []
    assert code in CODES


def test_a_folder_that_is_not_empty_is_refused_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "pub"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    args = ["init", str(target), "--name", "Desk", "--url", URL]
    done = run(tmp_path, *args)
    assert done.returncode == 2 and "[init-folder-not-empty]" in done.stderr
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    assert list(tmp_path.iterdir()) == [target]  # no staging folder left beside it
    forced = run(tmp_path, *args, "--force")
    assert forced.returncode == 0, forced.stderr
    assert (target / "notes.txt").read_text() == "mine"
    assert (target / "records" / "site.yaml").is_file()
    a_file = tmp_path / "file"
    a_file.write_text("x")
    done = run(tmp_path, "init", str(a_file), "--name", "Desk", "--url", URL)
    assert done.returncode == 2 and "[init-folder-not-empty]" in done.stderr


def test_names_are_data_not_markup(tmp_path: Path) -> None:
    name = 'Ĉe "Kontrolo": <b>#1</b> *'
    pub = init(tmp_path, name=name)
    settings = yaml.safe_load((pub / "records" / "site.yaml").read_text(encoding="utf-8"))
    assert settings["title"] == name
    build_and_check(pub)
    about = (pub / "build" / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "<b>#1</b>" not in about and "&lt;b&gt;#1&lt;/b&gt;" in about


def test_upgrade_rewrites_pins_and_schemas_only(tmp_path: Path) -> None:
    pub = init(tmp_path, "--example")
    hooks = pub / ".pre-commit-config.yaml"
    hooks.write_text(hooks.read_text().replace(f"claimkit=={__version__}", "claimkit==0.0.1"))
    requirements = pub / "requirements.txt"
    requirements.write_text("# mine\nclaimkit==0.0.1\n")
    (pub / "constraints.txt").write_text("mkdocs==1.0\n")
    (pub / "schema" / "claim.schema.json").write_text("{}")
    about = pub / "docs" / "about.md"
    about.write_text("# About us\n\nOur own words.\n")
    done = run(pub, "init", "--upgrade", ".")
    assert done.returncode == 0, done.stderr
    assert "claimkit==0.0.1" not in hooks.read_text()
    assert f"claimkit=={__version__}" in hooks.read_text()
    assert "mkdocs==1.6.1" in (pub / "constraints.txt").read_text()
    assert requirements.read_text() == f"# mine\nclaimkit=={__version__}\n"
    assert run(pub, "schema", "--check").returncode == 0
    assert about.read_text() == "# About us\n\nOur own words.\n"
    elsewhere = run(tmp_path, "init", "--upgrade", str(tmp_path))
    assert elsewhere.returncode == 2 and "[init-not-a-publication]" in elsewhere.stderr


def test_the_pull_request_workflow_annotates_the_changed_lines(tmp_path: Path) -> None:
    """The workflow's own commands, run as GitHub would in a clone of a pull request's branch:
    validate --changed annotates the broken record at its line; build and check pass when it is
    fixed."""
    pub = init(tmp_path, "--example")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]

    def sh(*args: str) -> None:
        subprocess.run([*git, *args], cwd=pub, check=True, capture_output=True)

    sh("init", "-q", "-b", "main")
    sh("add", "-A")
    sh("commit", "-qm", "start")
    sh("update-ref", "refs/remotes/origin/main", "HEAD")  # what checkout's fetch-depth 0 gives
    sh("checkout", "-qb", "change")
    claim = pub / "records" / "claims" / "example-moon-cheese.yaml"
    text = claim.read_text(encoding="utf-8")
    claim.write_text(text.replace('rating: "False"', "rating: Nonsense"), encoding="utf-8")
    line = next(i for i, t in enumerate(claim.read_text().splitlines(), 1) if "Nonsense" in t)
    workflow = yaml.safe_load(
        (pub / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
    )
    commands = [
        step["run"].replace("${{ github.base_ref }}", "main")
        for step in workflow["jobs"]["check"]["steps"]
        if step.get("run", "").startswith("claimkit ")
    ]
    validate = shlex.split(commands[0])
    done = run(pub, *validate[1:])
    assert done.returncode == 1
    assert f"::error file=records/claims/example-moon-cheese.yaml,line={line}," in done.stdout, (
        done.stdout
    )
    claim.write_text(text, encoding="utf-8")
    for command in commands:
        done = run(pub, *shlex.split(command)[1:])
        assert done.returncode == 0, (command, done.stdout, done.stderr)


def test_init_into_the_current_empty_folder(tmp_path: Path) -> None:
    here = tmp_path / "desk"
    here.mkdir()
    done = run(here, "init", ".", "--name", "Desk", "--url", URL)
    assert done.returncode == 0, done.stderr
    assert (here / "records" / "site.yaml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk"]
    assert not [p for p in here.iterdir() if p.name.startswith(".claimkit-init")]


def test_a_file_in_the_way_is_refused_before_anything_moves(tmp_path: Path) -> None:
    target = tmp_path / "pub"
    target.mkdir()
    (target / "records").write_text("not a folder")
    (target / "README.md").mkdir()
    done = run(tmp_path, "init", str(target), "--name", "Desk", "--url", URL, "--force")
    assert done.returncode == 2 and "[init-folder-not-empty]" in done.stderr
    assert "is a folder where a file goes" in done.stderr or "is a file where" in done.stderr
    assert sorted(p.name for p in target.iterdir()) == ["README.md", "records"]


def test_every_init_and_build_code_is_documented() -> None:
    page = (REPO / "toolkit-docs" / "publications.md").read_text(encoding="utf-8")
    ours = [code for code in CODES if code.startswith("init-")] + ["site-version-untested"]
    assert len(ours) == 6
    for code in ours:
        assert f"| `{code}` |" in page, code
