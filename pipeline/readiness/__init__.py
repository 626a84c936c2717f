"""The readiness stage: evidence, the predicted audit score, actions, timeline, checklist and gap report.

Takes in an `Intake` and the `Decision` (its pack and scoring rules).
Gives out a `Readiness` assessment, the records checklist (XLSX) and the gap report (DOCX/PDF).
"""
