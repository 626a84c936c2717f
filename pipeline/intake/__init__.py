"""The intake stage: one questionnaire file per client.

Takes in `intake/<client>.yaml` (or `.json`) and the answers `corpath init` asks for.
Gives out a validated `Intake` model, every problem at once as `file:line:col: field: message`.
"""
