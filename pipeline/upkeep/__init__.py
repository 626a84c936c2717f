"""The upkeep stage: keeping a certificate alive.

Takes in an `Intake` (its certificate block and WCB figures) and the `Decision`.
Gives out the maintenance schedule, the `.ics` calendar, `corpath due` across clients, the rebate estimate.
"""
