"""The audit stage: the audit kit made from the company's own program, and recorded audits.

Takes in an `Intake`, its `Decision` (pack and program), the program's hazard modules and the readiness
stage's record counts. Gives out the audit kit (workbook and documentation sample as XLSX, interview guide and
observation checklist as DOCX), recorded audits scored by the partner's rules (`intake/<client>.audits/`), the
audit report (DOCX/PDF) and the audit history for `audit list`, `status` and `gaps`.
"""
