"""The words consultants type for an intake key, mapped to the key they mean: the "did you mean" of an unknown key.

Spelling distance alone suggests the wrong field when a consultant writes the word of the trade rather than
corpath's key: `signed` under `practices.policy` is closest in letters to `since`, but means
`acknowledgements` (workers who signed that they read the policy). `suggest` tries this map first, then a close
spelling. The map is data: a word (lower case, words joined by `_`) and the keys it may mean, in order of
likelihood; the first that exists where the word was written is suggested, so one word can serve several
places (`how_many` is `count` under `records`, `workers` under `people`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

SYNONYMS: dict[str, tuple[str, ...]] = {
    # practices.policy
    "signed": ("acknowledgements",),
    "signatures": ("acknowledgements",),
    "signoffs": ("acknowledgements",),
    "sign_offs": ("acknowledgements",),
    "acknowledged": ("acknowledgements",),
    "acknowledgments": ("acknowledgements",),
    "read_and_signed": ("acknowledgements",),
    # practices.<name>
    "how_often": ("frequency",),
    "often": ("frequency",),
    "interval": ("frequency",),
    "cadence": ("frequency",),
    "started": ("since",),
    "start_date": ("since",),
    "began": ("since",),
    "in_place": ("done",),
    "exists": ("done",),
    "active": ("done",),
    "trained": ("workers_know",),
    "workers_trained": ("workers_know",),
    "workers_aware": ("workers_know",),
    "comments": ("notes",),
    "comment": ("notes",),
    "remarks": ("notes",),
    # practices.<name>.records
    "documented": ("kept", "records"),
    "written": ("kept", "records"),
    "where": ("location",),
    "stored": ("location",),
    "filed": ("location",),
    "number": ("count",),
    "total": ("count",),
    "how_many": ("count", "workers"),
    "available": ("can_produce",),
    "auditor_ready": ("can_produce",),
    "on_file": ("can_produce",),
    # people
    "employees": ("workers",),
    "staff": ("workers",),
    "headcount": ("workers",),
    "jhsc": ("committee",),
    "joint_committee": ("committee",),
    "ohc": ("committee",),
    "rep": ("safety_representative",),
    "representative": ("safety_representative",),
    "hs_rep": ("safety_representative",),
    "foremen": ("supervisors",),
    "foreman": ("supervisors",),
    "first_aid_attendants": ("first_aiders",),
}


def _word(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def suggest(name: str, known: Sequence[str]) -> str | None:
    """The key among `known` that an unknown key `name` most likely means, or None.

    A consultant's word from `SYNONYMS` wins (the first of its keys present in `known`); otherwise the closest
    spelling (difflib ratio at least 0.6). Case, spaces and hyphens in `name` are ignored for the map.
    """
    for key in SYNONYMS.get(_word(name), ()):
        if key in known:
            return key
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return close[0] if close else None
