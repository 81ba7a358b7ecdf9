"""What an answer to a framework question must be, in words: the one phrasing that messages,
the framework reference, the guided ``casebench new`` and the editor all use."""

from __future__ import annotations

from casebench.models.framework import Framework, Question


def number_range(question: Question) -> str:
    """ "a number from 0 to 10 (years)": what a number question takes."""
    low, high = question.minimum, question.maximum
    text = "a number"
    if low is not None and high is not None:
        text += f" from {low:g} to {high:g}"
    elif low is not None:
        text += f" of at least {low:g}"
    elif high is not None:
        text += f" of at most {high:g}"
    return text + (f" ({question.unit})" if question.unit else "")


def allowed_values(question: Question, framework: Framework) -> list[int | str]:
    """The closed list an answer comes from: the scale's points or the options (empty for
    number and text questions)."""
    if question.kind == "scale":
        return list(framework.scale_for(question).values)
    return list(question.option_ids)


def expected_answer(question: Question, framework: Framework) -> str:
    """ "a rating (0, 1, 2, 3, 4)", "an answer (one of community, service)" ..."""
    if question.kind == "scale":
        return f"a rating ({', '.join(str(v) for v in allowed_values(question, framework))})"
    if question.kind == "choice":
        some = "a list of one or more of" if question.multiple else "one of"
        return f"an answer ({some} {', '.join(question.option_ids)})"
    if question.kind == "number":
        return f"an answer ({number_range(question)})"
    return "an answer (text)"


__all__ = ["allowed_values", "expected_answer", "number_range"]
