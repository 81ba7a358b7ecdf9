"""Pure data models: the framework and the case. No UI, plotting or export imports here."""

from casebench.models.case import (
    Assessment,
    Case,
    CmoConfiguration,
    ContextCondition,
    DataSource,
    Evidence,
    FrameworkRef,
    IssueCounts,
    Outcome,
    PowerObservation,
)
from casebench.models.framework import (
    Framework,
    Option,
    PowerDimension,
    Question,
    Scale,
    ScaleLevel,
    Section,
    Subsection,
)

__all__ = [
    "Assessment",
    "Case",
    "CmoConfiguration",
    "ContextCondition",
    "DataSource",
    "Evidence",
    "Framework",
    "FrameworkRef",
    "IssueCounts",
    "Option",
    "Outcome",
    "PowerDimension",
    "PowerObservation",
    "Question",
    "Scale",
    "ScaleLevel",
    "Section",
    "Subsection",
]
