"""The bundled framework encodes Farr (2017) completely: every sentence of Figure 1 and every
question of the four realist elements, in the paper's sections."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from casebench import load_framework, yamlio
from casebench.models.framework import Framework, sources_text

# Figure 1 of Farr (2017), sentence by sentence, grouped as the figure groups them:
# (section id, subsection id or None, sentence). Typed from the paper's figure.
FIGURE_1 = [
    ("who_involved", "public_participants", "Are a diversity of public participants involved?"),
    ("who_involved", "public_participants", "Who may be excluded from conversations?"),
    (
        "who_involved",
        "public_participants",
        "How can their perspectives be included and accounted for?",
    ),
    (
        "who_involved",
        "public_participants",
        "Are volunteers taking on previously paid staff roles?",
    ),
    (
        "who_involved",
        "public_participants",
        "Are participants being paid appropriately for their time and skills?",
    ),
    ("who_involved", "staff", "Are a range of hierarchical levels of staff involved?"),
    (
        "who_involved",
        "staff",
        "Are staff given time to get involved or are they expected to contribute in their own time?",
    ),
    ("who_involved", "staff", "Which senior leaders can promote these co-production practices?"),
    ("who_involved", "staff", "Which key people can help to facilitate change?"),
    ("who_involved", "staff", "How can their own interests catalyse their involvement?"),
    ("who_involved", "other_organisations", "Could trade unions be involved as partners?"),
    (
        "who_involved",
        "other_organisations",
        "What service user organisations and movements could be involved?",
    ),
    (
        "who_involved",
        "other_organisations",
        "Who else may have skills, resources or knowledge in the area of interest to support collaborative goals (e.g. research, policy, third sector organisations)?",
    ),
    (
        "social_interaction",
        None,
        "Can staff and service users speak freely about their experiences?",
    ),
    (
        "social_interaction",
        None,
        "What techniques can be used to help see others' perspectives and values?",
    ),
    ("social_interaction", "accessible_methods", "Are involvement methods accessible?"),
    ("social_interaction", "accessible_methods", "What language is used?"),
    (
        "social_interaction",
        "accessible_methods",
        "Can people express themselves in their own ways?",
    ),
    ("social_interaction", "accessible_methods", "Are diverse forms of knowledge included?"),
    ("social_interaction", "accessible_methods", "How are agendas agreed?"),
    ("social_interaction", "accessible_methods", "Do professionals cede control?"),
    ("social_interaction", "accessible_methods", "How are conflicting priorities managed?"),
    ("social_interaction", "accessible_methods", "Can common ground be identified?"),
    (
        "social_interaction",
        "accessible_methods",
        "Are a range of venues and types of activity used to involve different people?",
    ),
    (
        "social_interaction",
        "accessible_methods",
        "Can different activities facilitate connections between different people?",
    ),
    (
        "social_interaction",
        "accessible_methods",
        "What barriers to involvement exist and how might they be reduced?",
    ),
    ("social_interaction", "accessible_methods", "Who is disengaging with the process and why?"),
    ("social_interaction", None, "How is trust developing between different partners?"),
    ("social_interaction", None, "How can people's skills be developed?"),
    ("social_interaction", None, "To what extent are the processes empowering people?"),
    (
        "social_interaction",
        None,
        "How does collaboration enable challenging of wider structural inequalities?",
    ),
    (
        "institutional_structures",
        None,
        "Where can collaborative processes build bridges to connect people from different contexts and institutions, to work together to achieve shared goals?",
    ),
    (
        "institutional_structures",
        None,
        "What organisational or policy priorities and resources can be harnessed to promote changes?",
    ),
    (
        "institutional_structures",
        None,
        "How can bureaucratic structures, resources and roles be used to enable and empower people, as opposed to constrain action?",
    ),
    (
        "institutional_structures",
        None,
        "How can hierarchical positions be used to share power and enact changes?",
    ),
    ("institutional_structures", None, "At what institutional levels is co-production working at?"),
    (
        "changes",
        None,
        "How are people's values and motivations connected with to generate a sense of personal agency to create changes?",
    ),
    (
        "changes",
        None,
        "Do processes enable collaboration and power with, so people can instigate change?",
    ),
    ("changes", None, "Are actions challenging oppressive or paternalistic practices?"),
    (
        "changes",
        None,
        "Are senior staff/ managers/ policy makers involved in implementing solutions?",
    ),
    ("changes", None, "Is co-production more rhetorical with little transfer of power, or impact?"),
    (
        "changes",
        None,
        "What wider political and structural issues may be setting the conditions of possibility for change?",
    ),
    ("changes", None, "Can any actions bear pressure on these?"),
    (
        "changes",
        None,
        "Are power and resources being transferred from organisations to people who use services?",
    ),
    (
        "changes",
        None,
        "How can co-production and co-design be embedded into everyday practice and systems?",
    ),
]

# The realist elements (paper, "Using realist social theory ..."): element section, question
# count, and the Lukes dimension the paper ties to a question of it (question id -> dimension).
REALIST = {
    "realist_people": (4, {"rp_volunteers": "third"}),
    "realist_structures": (2, {}),
    "realist_interaction": (6, {"ri_conflict": "first", "ri_control": "second"}),
    "realist_outcomes": (3, {"ro_rhetoric": "fourth"}),
}


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


@pytest.fixture(scope="module")
def farr() -> Framework:
    return load_framework("farr2017")


def test_identity(farr: Framework) -> None:
    assert farr.id == "farr2017"
    assert re.fullmatch(r"\d+\.\d+\.\d+", farr.version)
    assert "10.1177/0261018317747444" in farr.citation


@pytest.mark.parametrize(
    ("section", "subsection", "sentence"),
    FIGURE_1,
    ids=[f"{s}-{i}" for i, (s, _, _) in enumerate(FIGURE_1)],
)
def test_every_figure_1_sentence_is_in_exactly_one_question(
    farr: Framework, section: str, subsection: str | None, sentence: str
) -> None:
    holders = [
        info
        for info in farr.questions.values()
        if info.section.part == "figure1" and _norm(sentence) in _norm(info.question.text)
    ]
    assert len(holders) == 1, f"{sentence!r} is held by {[h.question.id for h in holders]}"
    info = holders[0]
    assert info.section.id == section
    if subsection is not None:
        assert info.subsection is not None and info.subsection.id == subsection
    assert "Figure 1" in info.question.citation


def test_figure_1_questions_hold_nothing_but_figure_sentences(farr: Framework) -> None:
    figure_questions = [i.question for i in farr.questions.values() if i.section.part == "figure1"]
    for question in figure_questions:
        remainder = _norm(question.text)
        for _, _, sentence in FIGURE_1:
            remainder = remainder.replace(_norm(sentence), "")
        remainder = remainder.replace("(e.g. community/ service/ policy)", "").strip()
        assert remainder == "", f"{question.id} holds text not in Figure 1: {remainder!r}"


def test_figure_1_counts_and_sections(farr: Framework) -> None:
    figure = [s for s in farr.sections if s.part == "figure1"]
    assert [s.id for s in figure] == [
        "who_involved",
        "social_interaction",
        "institutional_structures",
        "changes",
    ]
    counts = {s.id: len(s.iter_questions()) for s in figure}
    assert counts == {
        "who_involved": 11,
        "social_interaction": 14,
        "institutional_structures": 5,
        "changes": 8,
    }
    assert 33 <= sum(counts.values()) <= 45  # "about 35", none merged away
    subsections = [sub.id for sub in figure[0].subsections]
    assert subsections == ["public_participants", "staff", "other_organisations"]


@pytest.mark.parametrize(("section_id", "expected"), REALIST.items())
def test_realist_elements(
    farr: Framework, section_id: str, expected: tuple[int, dict[str, str]]
) -> None:
    count, lukes = expected
    section = next(s for s in farr.sections if s.id == section_id)
    assert section.part == "realist"
    questions = [q for _, q in section.iter_questions()]
    assert len(questions) == count
    tied = {q.id: q.power for q in questions if q.power}
    assert tied == {qid: [dim] for qid, dim in lukes.items()}


def test_power_dimensions_and_levels(farr: Framework) -> None:
    assert farr.power_dimension_ids == ["first", "second", "third", "fourth", "power_with"]
    assert farr.level_ids == [
        "individual",
        "local_community",
        "organisational_service",
        "organisational_culture",
        "strategic_policy_structural",
    ]
    assert all(d.citation for d in farr.power_dimensions)


def test_question_kinds(farr: Framework) -> None:
    kinds = {qid: info.question.kind for qid, info in farr.questions.items()}
    assert kinds["is_level"] == "choice"
    assert farr.questions["is_level"].question.option_ids == [
        "community",
        "service",
        "policy",
        "other",
    ]
    assert set(kinds.values()) <= {"scale", "choice", "number", "text"}
    assert sum(k == "scale" for k in kinds.values()) >= 40
    scale = farr.scales[farr.default_scale]
    assert scale.values == [0, 1, 2, 3, 4]
    assert scale.label(0) == "Dominating or actively excluding"
    assert scale.label(4) == "Strongly enabling"
    assert "absent" in scale.levels[0].description  # absence is a status, not the 0 rating


def test_every_question_is_cited(farr: Framework) -> None:
    for qid, info in farr.questions.items():
        assert info.question.citation.startswith("Farr (2017)"), qid


def test_ids_are_unique_and_stable(farr: Framework) -> None:
    ids = list(farr.questions)
    assert len(ids) == len(set(ids)) == 53


def test_a_user_framework_loads_by_path(tmp_path) -> None:
    path = tmp_path / "mini.framework.yaml"
    path.write_text(
        "id: mini\nversion: '0.1'\ntitle: Mini\ndefault_scale: yn\n"
        "scales:\n  yn:\n    title: No/yes\n    levels:\n"
        "      - {value: 0, label: No}\n      - {value: 1, label: Yes}\n"
        "sections:\n  - id: s\n    title: S\n    questions:\n"
        "      - {id: q1, text: Is it?, citation: me}\n"
        "      - {id: q2, text: How many?, kind: number, minimum: 0, citation: me}\n",
        encoding="utf-8",
    )
    mini = load_framework(path)
    assert list(mini.questions) == ["q1", "q2"]
    assert mini.questions["q2"].question.kind == "number"


def _mini_with(questions: str) -> dict:
    """A small user framework whose questions are given as YAML flow mappings."""
    return yamlio.loads(
        "id: mini\nversion: '0.1'\ntitle: Mini\ndefault_scale: yn\n"
        "scales:\n  yn:\n    title: No/yes\n    levels:\n"
        "      - {value: 0, label: No}\n      - {value: 1, label: Yes}\n"
        f"sections:\n  - id: s\n    title: S\n    questions:\n{questions}",
        "mini.framework.yaml",
    ).data


def test_a_restated_question_counts_as_the_one_it_repeats() -> None:
    mini = Framework.model_validate(
        _mini_with(
            "      - {id: q1, text: Is it?, citation: me}\n"
            "      - {id: q2, text: Is it really?, citation: me, repeats: q1}\n"
        )
    )
    assert (mini.counting_id("q1"), mini.counting_id("q2")) == ("q1", "q1")


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        ("      - {id: q1, text: A?, citation: me, repeats: q9}\n", "'q9' is not another question"),
        ("      - {id: q1, text: A?, citation: me, repeats: q1}\n", "'q1' is not another question"),
        (
            "      - {id: q1, text: A?, citation: me}\n"
            "      - {id: q2, text: B?, citation: me, repeats: q1}\n"
            "      - {id: q3, text: C?, citation: me, repeats: q2}\n",
            "'q2' repeats 'q1' itself",
        ),
        (
            "      - {id: q1, text: A?, citation: me}\n"
            "      - {id: q2, text: B?, kind: text, citation: me, repeats: q1}\n",
            "'q1' is a scale question, this one text",
        ),
    ],
    ids=["unknown", "itself", "chain", "other-kind"],
)
def test_repeats_must_name_another_question_of_the_same_kind(questions: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Framework.model_validate(_mini_with(questions))


# --------------------------------------------------- what the paper says, what casebench adds

RESTATED = {
    "rp_participant_profile": "pp_diversity",
    "rp_volunteers": "pp_volunteers",
    "ri_conflict": "si_conflict",
    "ro_rhetoric": "ch_rhetoric",
}
"""Realist-element questions that restate a Figure 1 question (paper lines 89-111 against
Figure 1, lines 323-335), found by reading the two lists side by side: casebench's judgement,
the paper pairs none."""

OVERLAPPING = {
    "ri_control": ("si_agendas", "managerial agendas"),
    "ri_language": ("si_language", "emotional and expressive contributions"),
    "ro_senior_support": ("ch_senior_implementing", "supportive and enabling of the processes"),
}
"""Realist questions that overlap a Figure 1 question but ask something more (the phrase): not
linked, so that a coder can rate them apart and figures count both."""


def test_restated_questions_name_the_figure_1_question(farr: Framework) -> None:
    repeats = {qid: i.question.repeats for qid, i in farr.questions.items() if i.question.repeats}
    assert repeats == RESTATED
    for realist, figure in RESTATED.items():
        assert farr.questions[realist].section.part == "realist"
        assert farr.questions[figure].section.part == "figure1"
        assert farr.counting_id(realist) == figure


@pytest.mark.parametrize(("realist", "expected"), OVERLAPPING.items())
def test_partial_overlaps_are_not_linked(
    farr: Framework, realist: str, expected: tuple[str, str]
) -> None:
    figure, more = expected
    question = farr.questions[realist].question
    assert question.repeats is None and farr.counting_id(realist) == realist
    assert more in question.text and more not in farr.questions[figure].question.text
    assert figure in question.guidance  # the guidance says what it overlaps, and why apart


def test_added_options_are_marked(farr: Framework) -> None:
    """Realist element 2 gives "board or service provision" and Figure 1 "community/ service/
    policy", both as examples ("e.g."): the options beyond them are casebench's."""
    added = {
        (qid, option.id): option.added_by
        for qid, info in farr.questions.items()
        for option in info.question.options
        if option.added_by
    }
    assert added == {
        ("rs_level", "community"): "casebench",
        ("rs_level", "other"): "casebench",
        ("is_level", "other"): "casebench",
    }
    assert "Options added by casebench: Community; Other" in sources_text(
        farr.questions["rs_level"].question
    )
    assert "added by" not in sources_text(farr.questions["pp_diversity"].question)


def test_the_two_level_questions_are_not_linked(farr: Framework) -> None:
    """Their examples differ (community/service/policy; board or service provision)."""
    assert farr.questions["rs_level"].question.repeats is None


def test_figure_1_attributions_are_marked_as_casebench_s(farr: Framework) -> None:
    """Figure 1 cites no works and ties no question to a dimension of power."""
    for qid, info in farr.questions.items():
        question = info.question
        if info.section.part != "figure1":
            continue
        if question.draws_on:
            assert question.draws_on_by == "casebench", qid
        named_in_text = question.power == ["power_with"] and "power with" in question.text
        if question.power and not named_in_text:
            assert question.power_by == "casebench", qid


def test_the_agenda_question_s_dimension_cites_line_103_s_bullet_whole(farr: Framework) -> None:
    """Line 103 tags a bullet of two questions with the second dimension, the tag following the
    second ("Are participants drawn into managerial agendas?"): si_agendas, tied to that
    dimension by casebench, cites the bullet whole, as ri_control words it."""
    citation = " ".join(farr.questions["si_agendas"].question.citation.split())
    bullet = " ".join(farr.questions["ri_control"].question.text.split())
    assert bullet in citation
    assert farr.questions["si_agendas"].question.power_by == "casebench"


def test_realist_power_ties_are_the_paper_s(farr: Framework) -> None:
    for qid, info in farr.questions.items():
        if info.section.part == "realist" and info.question.power:
            assert info.question.power_by == "", qid
            assert "Lukes" in info.question.citation, qid


def test_invented_titles_and_the_derived_level_are_marked(farr: Framework) -> None:
    titles = {sub.id for s in farr.sections for sub in s.subsections if sub.title_by}
    assert titles == {"interaction_general", "relationships_and_empowerment"}
    assert all(
        sub.title_by == "casebench" for s in farr.sections for sub in s.subsections if sub.title_by
    )
    assert not [s.id for s in farr.sections if s.title_by]
    levels = {lv.id: lv for lv in farr.levels_of_change}
    derived = [lid for lid, lv in levels.items() if lv.derived_by]
    assert derived == ["strategic_policy_structural"]
    fifth = levels["strategic_policy_structural"].citation
    for phrase in (
        "less change had occurred at a strategic level",  # line 169
        "Wider strategic actions may be needed",  # line 231
        "structural changes were generally small",  # line 239
    ):
        assert phrase in " ".join(fifth.split()), phrase


def test_the_description_says_how_questions_are_recorded(farr: Framework) -> None:
    scale = farr.scales[farr.default_scale]
    assert scale.rationale and scale.limits
    assert "casebench's device" in scale.limits
    text = " ".join(farr.description.split())
    for phrase in ("open prompt", "absent", "attributed by casebench", "restate", "derived"):
        assert phrase in text, phrase
    # the links are casebench's judgement; Figure 1 names power with, no Lukes dimension
    assert "casebench links four" in text and "a judgement of casebench's" in text
    assert "none of its questions to any of Lukes' dimensions of power" in text
    # what "policy" means at the derived fifth level (organisational policies are not there)
    fifth = next(lv for lv in farr.levels_of_change if lv.id == "strategic_policy_structural")
    assert "public policy" in fifth.description and "organisational" in fifth.description


def test_every_scale_question_says_what_its_rating_measures(farr: Framework) -> None:
    for qid, info in farr.questions.items():
        if info.question.kind == "scale":
            assert info.question.guidance, qid


def test_a_view_of_some_sections_keeps_restated_questions_without_their_originals() -> None:
    farr = load_framework("farr2017")
    realist = [s.id for s in farr.sections if s.part == "realist"]
    restating = [
        q for q, i in farr.questions.items() if i.question.repeats and i.section.id in realist
    ]
    assert restating
    view = farr.only_sections(realist[:1] + realist[2:])
    assert all(view.counting_id(q) == q for q in view.questions if q in restating)
    both = farr.only_sections([s.id for s in farr.sections])
    assert both == farr
