"""The plan's titles in other languages (`plan/i18n/<lang>.yaml`): which files are read, from
a folder and at a revision, what a bad one says, and that `fmt` formats them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import GitRepo

from commit_cli.core.model import Translations
from commit_cli.history.git import Repository
from commit_cli.history.source import RevisionSource
from commit_cli.plan.formatting import format_files
from commit_cli.plan.load import LoadResult, load_plan
from commit_cli.plan.sources import FolderSource

KHMER = (
    "titles:\n"
    "  ppc1-seminar: {source: Regional seminar, title: សិក្ខាសាលាថ្នាក់តំបន់}\n"
    "short_titles:\n"
    "  ppc-1: {source: Information exchange, title: ការផ្លាស់ប្តូរព័ត៌មាន}\n"
)


def write_translation(plan_dir: Path, name: str, text: str = KHMER) -> Path:
    folder = plan_dir / "i18n"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(result: LoadResult) -> list[tuple[str, int, str]]:
    return [(Path(p.file).name, p.line, p.message) for p in result.problems]


def test_a_plan_without_translations_reads_as_before(plan_dir: Path) -> None:
    result = load_plan(FolderSource(plan_dir))
    assert result.translations == ()
    assert result.translations_in("km") is None
    assert not result.problems


def test_a_translations_file_is_read_beside_the_plan(plan_dir: Path) -> None:
    write_translation(plan_dir, "km.yaml")
    result = load_plan(FolderSource(plan_dir))
    assert not result.problems
    khmer = result.translations_in("km")
    assert isinstance(khmer, Translations)
    assert khmer.titles["ppc1-seminar"].title == "សិក្ខាសាលាថ្នាក់តំបន់"
    assert result.translations_in("th") is None
    assert [Path(read.name).name for read in result.every_file][-1] == "km.yaml"


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("fr.yaml", "named after its language"),  # not a language of a report
        ("en.yaml", "named after its language"),  # English is the plan itself
        ("km.yml", "rename it to km.yaml"),
        ("KM.YAML", "rename it to km.yaml"),
        ("km.yaml~", "named after its language"),
    ],
)
def test_a_file_that_is_not_a_language_is_not_read_and_says_why(
    plan_dir: Path, name: str, hint: str
) -> None:
    write_translation(plan_dir, name, "titles: [not, read]\n")
    result = load_plan(FolderSource(plan_dir))
    assert result.plan is not None  # a warning only
    assert result.translations == ()
    [(file, line, message)] = messages(result)
    assert (file, line) == (name, 1)
    assert hint in message


def test_other_files_in_the_folder_are_left_alone(plan_dir: Path) -> None:
    write_translation(plan_dir, "README.md", "# Translators, read me\n")
    write_translation(plan_dir, ".km.yaml.swp", "\0")
    assert not load_plan(FolderSource(plan_dir)).problems


def test_a_bad_translations_file_is_an_error_located_in_it(plan_dir: Path) -> None:
    write_translation(plan_dir, "th.yaml", "titles:\n  ppc1-seminar: {source: Regional seminar}\n")
    result = load_plan(FolderSource(plan_dir))
    assert result.plan is None
    assert [(f, line) for f, line, _ in messages(result)] == [("th.yaml", 2)]


def test_a_translation_through_a_link_out_of_the_plan_is_not_read(
    plan_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(KHMER, encoding="utf-8")
    (plan_dir / "i18n").mkdir()
    os.symlink(outside, plan_dir / "i18n" / "km.yaml")
    result = load_plan(FolderSource(plan_dir))
    assert result.translations_in("km") is None
    assert any("link to a file outside the plan folder" in m for _, _, m in messages(result))


def test_a_translations_folder_linked_out_of_the_plan_is_not_listed(
    plan_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "km.yaml").write_text(KHMER, encoding="utf-8")
    os.symlink(outside, plan_dir / "i18n")
    result = load_plan(FolderSource(plan_dir))
    assert result.translations == ()
    [(file, _, message)] = messages(result)
    assert file == "i18n"
    assert "outside the plan folder" in message


def test_a_stale_translation_warns_and_a_fresh_one_does_not(plan_dir: Path) -> None:
    write_translation(plan_dir, "km.yaml")
    header = plan_dir / "ppcs" / "ppc-01.yaml"
    header.write_text(
        header.read_text(encoding="utf-8").replace("Regional seminar", "Regional seminars"),
        encoding="utf-8",
    )
    result = load_plan(FolderSource(plan_dir))
    assert result.plan is not None
    [problem] = result.problems
    assert (problem.code, problem.severity, Path(problem.file).name, problem.line) == (
        "stale-translation",
        "warning",
        "km.yaml",
        2,
    )
    assert "'Regional seminars'" in problem.message


def test_a_revision_reads_the_translations_committed_there(plan_repo: GitRepo) -> None:
    plan_repo.write("plan/i18n/km.yaml", KHMER)
    plan_repo.write("plan/i18n/fr.yaml", "titles:\n")
    plan_repo.commit("Khmer titles", when="2006-02-01")
    with Repository.of(plan_repo.root) as repo:
        result = load_plan(RevisionSource(repo, "HEAD"))
        before = load_plan(RevisionSource(repo, "HEAD~1"))
    khmer = result.translations_in("km")
    assert khmer is not None
    assert khmer.short_titles["ppc-1"].title == "ការផ្លាស់ប្តូរព័ត៌មាន"
    assert [(f, line) for f, line, _ in messages(result)] == [("fr.yaml", 1)]
    assert before.translations == ()


def test_fmt_formats_a_translations_file_in_the_model_s_order(plan_dir: Path) -> None:
    write_translation(
        plan_dir, "vi.yaml", "titles:\n  ppc-1: {title: Trao đổi, source: Activity 1}\n"
    )
    [changed] = [r for r in format_files(plan_dir, []) if r.changed]
    assert changed.name.endswith("vi.yaml")
    assert changed.formatted.decode().endswith("{source: Activity 1, title: Trao đổi}\n")
