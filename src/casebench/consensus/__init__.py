"""Team coding to consensus: merge codings question by question, resolve disagreements with a
logged decision, and read a case's history (see ``docs/team-workflows.md``)."""
