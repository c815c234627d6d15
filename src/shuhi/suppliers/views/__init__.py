"""The supplier pages, one module per sub-concept: the register, frameworks, campaigns,
assessments, their Excel form, interviews, reports, improvement plans and the risk ranking."""
