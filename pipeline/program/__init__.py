"""The program stage: plan, hazard modules, rendered sections, forms and the reviewer lint.

Takes in an `Intake`, the `Decision` and a readiness assessment made by the caller.
Gives out the written program as Markdown sections (`RenderedProgram`) and the filled forms.
"""
