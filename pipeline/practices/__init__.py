"""The practice model: one company's records, as the program, the forms, the checklist, the gap report, the
calendar and `due` all describe them (`model.practice_model`). See `model` for the API."""
