"""A value cut by a comma inside {…} whose remnant is one bare lowercase word (`location: sign-in sheets, office,`)
gets the same "put the value in quotes" hint as the other comma cuts, with file, line and column (review 20);
a key typed with its colon keeps the plain "unknown key" message and its suggestion."""

from __future__ import annotations

from pathlib import Path

import pytest
from intake_files import MINIMAL, problems, write

INTAKE = MINIMAL.format(client="acme").replace("{", "{{").replace("}", "}}") + """\
practices:
  toolbox_meetings:
    done: true
    frequency: weekly
    records: {records}
"""


@pytest.mark.parametrize("records", [
    "{kept: true, count: 44, location: sign-in sheets, office, can_produce: true}",  # a trailing comma
    "{kept: true, count: 44, location: sign-in sheets, office}",  # the end of the mapping
])
def test_a_bare_word_after_a_comma_asks_for_quotes(in_tmp: Path, records: str) -> None:
    found = problems(write(in_tmp, "acme.yaml", INTAKE.format(records=records)))
    column = records.index("sign-in") + len("    records: ") + 1
    assert found == [f"intake/acme.yaml:16:{column}: practices.toolbox_meetings.records.location: put the value "
                     "in quotes: location: \"sign-in sheets, office\" (a comma inside {…} ends a value, so the rest "
                     "of it was read as an unknown key: 'office')"]


def test_a_misspelt_key_with_its_colon_is_still_an_unknown_key(in_tmp: Path) -> None:
    records = "{kept: true, count: 44, location: office binder, can_prodce: true}"
    (found,) = problems(write(in_tmp, "acme.yaml", INTAKE.format(records=records)))
    assert "unknown key 'can_prodce'" in found and "put the value in quotes" not in found
