"""The class summary: a class of 30 synthetic submissions (three invalid, one empty) with
difficulty planted on some questions; the summary names the planted questions as hardest, uses
every valid file, lists every other with its problem, whatever the layout."""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import pytest

from casebench.classroom import collect, read_roster, render_html, render_text, summarise
from casebench.classroom.submissions import student_of_file, student_of_folder
from casebench.classroom.summary import kappa_figures, leik_dispersion
from casebench.classroom.synthetic import write_class
from casebench.cli import main
from casebench.exercises import load_vignette

HARD = {
    "riverside_libraries": ["si_venues", "pp_diversity", "ch_rhetoric"],
    "larkfield_maternity": ["st_hierarchy", "si_conflict", "ch_transfer"],
    "millbrook_repairs": ["pp_payment", "oo_trade_unions", "ch_embedded"],
}


@pytest.mark.parametrize("name", sorted(HARD))
@pytest.mark.parametrize("layout", ["flat", "nbgrader", "folders"])
def test_planted_hard_questions_are_the_hardest(tmp_path: Path, name: str, layout: str) -> None:
    vignette = load_vignette(name)
    write_class(tmp_path, vignette, hard=HARD[name], layout=layout, seed=len(name))
    summary = summarise(collect(tmp_path, vignette), vignette, resamples=200)
    assert set(summary.hardest()["question"]) == set(HARD[name])
    easy = summary.questions[~summary.questions["question"].isin(HARD[name])]
    hard = summary.questions[summary.questions["question"].isin(HARD[name])]
    assert hard["spread"].min() > easy["spread"].max()  # they scatter widest too
    assert len(summary.used) == 26 and len(summary.students) == 26
    statuses = {s.student: s.status for s in summary.not_used}
    assert statuses == {
        "student27": "invalid",
        "student28": "invalid",
        "student29": "invalid",
        "student30": "empty",
    }
    assert all(s.problem and "\n" not in s.problem for s in summary.not_used)
    assert "file is empty" in next(s for s in summary.not_used if s.student == "student30").problem


def test_distribution_and_student_figures(tmp_path: Path) -> None:
    vignette = load_vignette()
    write_class(tmp_path, vignette, hard=HARD[vignette.id], students=12, invalid=0, empty=0)
    summary = summarise(collect(tmp_path, vignette), vignette, resamples=0)
    counts = summary.distribution.groupby("question")["count"].sum()
    assert (counts == 12).all()  # every student counted once per question
    reference = summary.distribution[summary.distribution["is_reference"]]
    assert len(reference) == len(vignette.questions)
    row = summary.questions.set_index("question").loc["oo_user_movements"]
    assert row["agree_reference"] == 1.0 and row["reference"].startswith("absent")
    assert math.isnan(row["spread"])  # nobody rated it: absent is not a rating
    assert summary.students["n_judged"].eq(8).all()
    assert summary.students["kappa_class"].notna().all()
    assert not math.isnan(summary.class_alpha)


def test_kappa_figures_agree_with_the_agreement_package() -> None:
    """The summary's fast kappa is the agreement package's kappa for two codings."""
    from casebench.agreement import agreement
    from casebench.models.case import Assessment

    vignette = load_vignette("larkfield_maternity")
    reference = vignette.reference_case()
    ratings = {"pp_diversity": 2, "pp_payment": 4, "st_hierarchy": 0, "si_agendas": 3,
               "si_conflict": 1, "si_disengagement": 4, "ch_transfer": 2}  # fmt: skip
    student = reference.model_copy(
        update={"coder": "s", "assessments": {q: Assessment(rating=r) for q, r in ratings.items()}}
    )
    expected = agreement([student, reference], vignette.focused_framework()).overall.iloc[0]
    mine = kappa_figures(
        ratings,
        {i.question.id: i.reference for i in vignette.questions},
        [0, 1, 2, 3, 4],
        2000,
    )
    for key in ("kappa", "kappa_low", "kappa_high"):
        assert mine[key] == pytest.approx(expected[key]), key
    assert mine["n_shared"] == expected["n_shared"] == 7


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [([2, 2, 2], 0.0), ([0, 4], 1.0), ([0, 0, 4, 4], 1.0), ([1, 2], 0.5 / 4 * 2), ([], math.nan)],
)
def test_leik_dispersion(ratings: list[int], expected: float) -> None:
    value = leik_dispersion(ratings, [0, 1, 2, 3, 4])
    assert (math.isnan(value) and math.isnan(expected)) or value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("name", "student"),
    [
        ("Ann Lee_81234_assignsubmission_file_", "Ann Lee"),
        ("Ann Lee_81234_assignsubmission_onlinetext_", "Ann Lee"),
        ("ann", "ann"),
    ],
)
def test_student_of_folder(name: str, student: str) -> None:
    assert student_of_folder(name) == student


@pytest.mark.parametrize(
    ("stem", "student"),
    [
        ("leeann_81234_99123_coding", "leeann"),
        ("leeann_LATE_81234_99123_coding", "leeann"),
        ("Coding_annlee_attempt_2025-01-31-10-00-00_coding", "annlee"),
        ("ann_lee", "ann_lee"),
    ],
)
def test_student_of_file(stem: str, student: str) -> None:
    assert student_of_file(stem) == student


def test_never_a_crash_on_a_bad_file(tmp_path: Path) -> None:
    vignette = load_vignette()
    write_class(tmp_path, vignette, students=4, invalid=0, empty=0)
    (tmp_path / "binary.yaml").write_bytes(b"\xff\xfe\x00junk")
    (tmp_path / "folder.yaml").mkdir()  # a folder named like a case file
    (tmp_path / "huge.yaml").write_text("memo: " + "x" * (6 * 1024 * 1024), encoding="utf-8")
    (tmp_path / "list.yaml").write_text("- not\n- a case\n", encoding="utf-8")
    (tmp_path / "bomb.yaml").write_text("a: &a [1]\nb: *a\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to("/etc/hostname")
    (tmp_path / "notes.txt").write_text("not a case file", encoding="utf-8")
    other = vignette.reference_case().model_copy(update={"assessments": {}})
    from casebench.caseio import save_case

    save_case(other, tmp_path / "blank.yaml")  # valid, but judges nothing
    found = {s.student: s for s in collect(tmp_path, vignette)}
    assert {s for s, v in found.items() if v.status == "ok"} == {
        f"student0{i}" for i in range(1, 5)
    }
    messages = {s: v.problem for s, v in found.items() if v.status != "ok"}
    assert set(messages) == {"binary", "huge", "list", "bomb", "link", "blank", "folder.yaml"}
    assert "holds no case file" in messages["folder.yaml"]  # an empty folder: a student's
    assert "not UTF-8" in messages["binary"]
    assert "5 MiB" in messages["huge"]
    assert "mapping of fields" in messages["list"]
    assert "anchors and aliases" in messages["bomb"]
    assert "symbolic link" in messages["link"]
    assert "judges none of the vignette's 8 questions" in messages["blank"]
    assert all("\n" not in m for m in messages.values())


def test_a_students_several_files_and_other_vignettes(tmp_path: Path) -> None:
    vignette = load_vignette()
    from casebench.caseio import save_case

    folder = tmp_path / "submitted" / "ann" / "week3"
    folder.mkdir(parents=True)
    mine = vignette.reference_case().model_copy(update={"coder": "ann"})
    save_case(mine, folder / "a_riverside.yaml")
    save_case(mine, folder / "b_riverside.yaml")
    other = load_vignette("larkfield_maternity").reference_case()
    save_case(other, folder / "c_larkfield.yaml")  # another vignette's coding: not this one
    (tmp_path / "submitted" / "bob" / "week3").mkdir(parents=True)  # handed in nothing
    (tmp_path / "submitted" / "cat" / "week2").mkdir(parents=True)
    save_case(mine, tmp_path / "submitted" / "cat" / "week2" / "old.yaml")
    found = {s.student: s for s in collect(tmp_path, vignette, assignment="week3")}
    assert found["ann"].status == "ok" and found["ann"].file.endswith("b_riverside.yaml")
    assert "2 case files; used the last by name" in found["ann"].notes[0]
    assert found["bob"].status == "missing" and "holds no case file" in found["bob"].problem
    assert found["cat"].status == "missing"  # only another assignment's work


def test_a_coding_of_another_case_is_not_scored(tmp_path: Path) -> None:
    """A student who hands in only another vignette's coding is listed, not compared."""
    from casebench.caseio import save_case

    vignette = load_vignette()
    write_class(tmp_path, vignette, students=3, invalid=0, empty=0)
    other = load_vignette("larkfield_maternity").reference_case()
    save_case(other.model_copy(update={"coder": "dan"}), tmp_path / "dan.yaml")
    found = {s.student: s for s in collect(tmp_path, vignette)}
    assert found["dan"].status == "invalid"
    assert "a coding of case 'larkfield_maternity', not of the vignette 'riverside_libraries'" in (
        found["dan"].problem
    )
    students = summarise(list(found.values()), vignette, resamples=0).students
    assert list(students["student"]) == ["student01", "student02", "student03"]


def test_roster_lists_who_handed_in_nothing(tmp_path: Path) -> None:
    vignette = load_vignette()
    write_class(tmp_path / "subs", vignette, students=3, invalid=0, empty=0)
    roster = tmp_path / "roster.csv"
    roster.write_text("id,student\n1,student01\n2,student02\n3,student03\n4,dana\n", "utf-8")
    names = read_roster(roster)
    assert names == ["student01", "student02", "student03", "dana"]
    found = collect(tmp_path / "subs", vignette, roster=names)
    missing = [s for s in found if s.status == "missing"]
    assert [(s.student, s.problem) for s in missing] == [
        ("dana", "dana: error: no submission found")
    ]
    plain = tmp_path / "roster.txt"
    plain.write_text("# week 3\nstudent01\n\nerin\n", "utf-8")
    assert read_roster(plain) == ["student01", "erin"]


def test_an_lms_zip_download(tmp_path: Path) -> None:
    vignette = load_vignette()
    write_class(tmp_path / "moodle", vignette, students=5, invalid=1, empty=1, layout="folders")
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted((tmp_path / "moodle").rglob("*.yaml")):
            zipped.write(path, "Week 3 coding/" + str(path.relative_to(tmp_path / "moodle")))
        zipped.writestr("__MACOSX/._junk.yaml", b"\x00\x01")
    summary = summarise(collect(archive, vignette), vignette, resamples=0)
    assert [s.student for s in summary.used] == ["student01", "student02", "student03"]
    assert {s.student: s.status for s in summary.not_used} == {
        "student04": "invalid",
        "student05": "empty",
    }
    assert summary.not_used[0].file.startswith(f"{archive}:Week 3 coding/student04")


def test_zip_bomb_refused_before_unpacking(tmp_path: Path) -> None:
    from casebench.errors import InputError

    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("a/big.yaml", "x" * (210 * 1024 * 1024))
    with pytest.raises(InputError, match="would unpack to"):
        collect(archive, load_vignette())


def test_cli_text_and_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vignette = load_vignette("millbrook_repairs")
    write_class(tmp_path / "subs", vignette, hard=HARD[vignette.id])
    args = ["class", "summary", str(tmp_path / "subs"), "--reference", vignette.id]
    assert main([*args, "--resamples", "0"]) == 0
    out, err = capsys.readouterr()
    assert "26 of 30 submission(s) used" in out and "Hardest questions:" in out
    assert err == "" and "student30 (empty)" in out and "file is empty" in out
    html_file = tmp_path / "summary.html"
    assert main([*args, "-o", str(html_file)]) == 0
    out, err = capsys.readouterr()
    assert err.count("\n") == 4 and "student30: " in err and "file is empty" in err
    assert out.startswith(f"wrote {html_file}: 26 of 30 submission(s) used, 4 listed")
    page = html_file.read_text(encoding="utf-8")
    assert page.count('class="casebench-chart"') == 1 and 'id="casebench-vega-bundle"' in page
    assert "cdn.jsdelivr.net" not in page and "<title>Class summary: Millbrook" in page
    first = html_file.read_bytes()
    assert main([*args, "-o", str(html_file)]) == 0  # the same bytes again: nothing written
    assert not html_file.with_name("summary.html.bak").exists()
    assert main([*args, "-o", str(html_file), "--resamples", "100"]) == 0  # other intervals
    assert html_file.with_name("summary.html.bak").read_bytes() == first  # the old one kept


def test_cli_refuses_what_it_cannot_use(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["class", "summary", str(tmp_path / "empty"), "--reference", "nope"]) == 2
    assert "no bundled vignette of that id" in capsys.readouterr().err
    base = ["class", "summary", str(tmp_path / "empty"), "--reference", "riverside_libraries"]
    assert main(base) == 2
    assert "no usable submission" in capsys.readouterr().err
    assert (
        main(["class", "summary", str(tmp_path / "none"), "--reference", "riverside_libraries"])
        == 2
    )
    assert "no such folder or file" in capsys.readouterr().err


def test_names_are_text_in_the_html(tmp_path: Path) -> None:
    vignette = load_vignette()
    payload = "<img src=x onerror=alert(1)>"
    folder = tmp_path / payload.replace("/", "") / "x"
    folder.mkdir(parents=True)
    from casebench.caseio import save_case

    save_case(vignette.reference_case().model_copy(update={"coder": "x"}), folder / "c.yaml")
    summary = summarise(collect(tmp_path, vignette), vignette, resamples=0)
    page = render_html(summary)
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert payload.replace("/", "") in render_text(summary)


def test_leave_one_out_consensus_by_counts_is_the_direct_one() -> None:
    """The counted consensus without a student is the median (or absent) of the others."""
    import random

    from casebench.classroom.summary import Consensus

    vignette = load_vignette()
    rng = random.Random(7)
    choices = [None, "absent", 0, 1, 2, 3, 4]
    answers = [
        {item.question.id: rng.choice(choices) for item in vignette.questions} for _ in range(15)
    ]
    counted = Consensus(answers, vignette)
    for index, own in enumerate(answers):
        others = answers[:index] + answers[index + 1 :]
        for item in vignette.questions:
            given = [a[item.question.id] for a in others if a[item.question.id] is not None]
            ratings = sorted(g for g in given if g != "absent")
            if not given:
                expected = None
            elif 2 * len(ratings) < len(given):
                expected = "absent"
            else:
                expected = ratings[(len(ratings) - 1) // 2]
            assert counted.without(own)[item.question.id] == expected


def test_links_to_folders_are_not_followed(tmp_path: Path) -> None:
    vignette = load_vignette()
    write_class(tmp_path / "subs", vignette, students=2, invalid=0, empty=0)
    outside = tmp_path / "outside" / "eve"
    outside.mkdir(parents=True)
    from casebench.caseio import save_case

    save_case(vignette.reference_case(), outside / "coding.yaml")
    (tmp_path / "subs" / "eve").symlink_to(outside, target_is_directory=True)
    found = {s.student: s.status for s in collect(tmp_path / "subs", vignette)}
    assert found["student01"] == found["student02"] == "ok"
    assert found.get("eve") != "ok"  # its files were not read through the link
