"""The reviewer lint's message on a gated word says what to do (review 13: "The message does not say which intake
fact would justify it. The consultant's only way out is to delete a real ticket"): where the word is, the intake
field whose text carries it, the facts that would justify it in the intake's own field names, and how to word
the client's value or that corpath's own text is to be reported. The first line stays as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rendering import build

from pipeline.errors import LintError
from pipeline.program.compose import RenderedProgram
from pipeline.program.lint import enforce, load_mentions
from pipeline.program.mention_help import MAX_EXAMPLES, justifying_facts


def test_a_ticket_typed_in_lower_case_is_traced_to_its_field_with_the_facts_and_the_wording(
        make_intake: Callable[..., Path]) -> None:
    plan, rendered = build(make_intake({"people": {"training": [{"name": "Fall arrest"}, {"name": "tdg"}]}}))
    with pytest.raises(LintError) as raised:
        enforce(plan, rendered)
    message = str(raised.value)
    first = "section 'training': mentions 'tdg' (dangerous_goods) but the intake has nothing that calls for it"
    assert first in message
    assert "the word comes from the intake's people.training[1].name ('tdg')" in message
    facts = message[message.index("would justify it:"):].splitlines()[0]
    assert "a trade containing 'fluid haul' or 'water haul' (company.trades)" in facts
    assert "equipment named like 'tank truck'" in facts
    assert "Transporting Dangerous Goods module" in facts and "'methanol'" in facts
    assert "write people.training[1].name out in full" in message and "acronym in capitals" in message
    assert "last good delivery is untouched" in message
    assert "report this message" not in message


def test_corpaths_own_word_is_to_be_reported(make_intake: Callable[..., Path]) -> None:
    plan, rendered = build(make_intake())
    section = rendered.sections[0]
    spoiled = type(section)(section.spec, "Check the crane rigging daily.\n\n" + section.body)
    with pytest.raises(LintError) as raised:
        enforce(plan, RenderedProgram(rendered.cover, [spoiled, *rendered.sections[1:]]))
    message = str(raised.value)
    assert "mentions 'crane' (crane) but the intake has nothing that calls for it" in message
    assert "where: “Check the crane rigging daily." in message
    assert "equipment of type 'crane' (operations.equipment)" in message
    assert "a subcontracted trade containing 'crane' (operations.subcontractors.trades)" in message
    assert "comes from the intake" not in message
    assert "corpath's own text, not the intake's: report this message" in message


def test_every_gated_word_names_at_most_four_facts_and_at_least_one() -> None:
    for mention in load_mentions():
        facts = justifying_facts(mention.when)
        assert 1 <= len(facts) <= MAX_EXAMPLES, (mention.id, facts)
