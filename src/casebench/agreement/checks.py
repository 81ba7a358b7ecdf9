"""What makes codings comparable for agreement: the same case, framework and distinct coders."""

from __future__ import annotations

from collections.abc import Sequence

from casebench.errors import dotted
from casebench.models.case import Case
from casebench.models.framework import Framework


class IncomparableCases(ValueError):
    """The cases cannot be compared: ``index`` names the case at fault, ``field`` the field."""

    def __init__(self, message: str, index: int, field: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.index = index
        self.field = field

    @property
    def field_name(self) -> str:
        return dotted(self.field)


def check_comparable(cases: Sequence[Case]) -> None:
    if len(cases) < 2:
        raise IncomparableCases("agreement needs at least two codings of the same case", 0)
    first = cases[0]
    seen: dict[str, int] = {}
    for index, case in enumerate(cases):
        if case.id != first.id:
            raise IncomparableCases(
                f"case id {case.id!r} differs from {first.id!r}: agreement compares codings "
                "of the same case",
                index,
                ("id",),
            )
        if case.framework != first.framework:
            raise IncomparableCases(
                f"coded against {case.framework.id} {case.framework.version}, the first file "
                f"against {first.framework.id} {first.framework.version}",
                index,
                ("framework",),
            )
        coder = case.coder.strip()
        if not coder:
            raise IncomparableCases(
                "coder is empty: name the coder so that codings can be told apart",
                index,
                ("coder",),
            )
        if coder in seen:
            raise IncomparableCases(
                f"coder {coder!r} also coded file {seen[coder] + 1}: each coding needs a "
                "different coder",
                index,
                ("coder",),
            )
        seen[coder] = index


def check_against(cases: Sequence[Case], framework: Framework) -> None:
    from casebench.validation import check_case

    for index, case in enumerate(cases):
        for path, message, severity in check_case(case, framework):
            if severity == "error":
                raise IncomparableCases(message, index, path)


def framework_for(case: Case) -> Framework:
    from casebench.registry import FrameworkSet

    framework = FrameworkSet().get(case.framework.id, case.framework.version)
    if framework is None:
        raise IncomparableCases(
            f"framework {case.framework.id} {case.framework.version} is not available; "
            "pass it with --framework",
            0,
            ("framework",),
        )
    return framework
