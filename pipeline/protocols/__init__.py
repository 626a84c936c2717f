"""The protocols stage: the certifying partners' packs, the certificate decision, the province's law.

Takes in an `Intake` and the data under `program_templates/protocols/` and `legislation/`.
Gives out the `Decision` (which certificate, from which partner, why), the loaded pack, the records catalogue.
"""
