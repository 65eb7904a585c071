"""The call checklist ticks as words arrive; flags for overpromising and a repeated story."""

from __future__ import annotations

from coach.analyze.checklist import ChecklistTracker
from coach.config import EmpathyConfig
from coach.vocab import Event
from tests.analyze.helpers import said, turns


def status(t: ChecklistTracker) -> dict[str, str]:
    return {i["id"]: i["status"] for i in t.as_dict()["items"]}


def test_a_model_call_ticks_every_item() -> None:
    t = ChecklistTracker(ownership=EmpathyConfig().ownership)
    t.push(turns(("agent", 0.5, 4.0), ("customer", 5, 8), ("agent", 9, 12), ("agent", 16, 20), ("customer", 21, 22)))
    t.push(words=said("agent", 0.5, "Thank you for calling Northwind, my name is Sam."))
    t.push(words=said("customer", 5, "Hi Sam, this is Alex Rivera. My internet is down."))
    t.push(words=said("agent", 9, "Thanks Alex. Let me look that up, it will take a moment."),
           events=[Event("empathy", "agent", 9, 10, detail={"intent": "apology", "heard": "sorry"})])
    t.push(words=said("agent", 16, "I have booked a technician and I will take care of the rest."))
    assert status(t) == {k: "done" for k in status(t)}
    t.finish(25)
    assert status(t)["used_name"] == "done" and t.as_dict()["flags"] == []


def test_a_poor_call_misses_items_and_an_unexplained_hold_is_missed_at_once() -> None:
    t = ChecklistTracker()
    t.push(turns(("agent", 0.5, 2), ("customer", 3, 6), ("agent", 7, 9), ("agent", 15, 17)))
    t.push(words=said("agent", 0.5, "Support."))
    t.push(words=said("customer", 3, "This is the third time I am calling, my internet is down."))
    t.push(words=said("agent", 7, "What is the account number?") + said("agent", 15, "I guarantee it works tomorrow"))
    assert status(t)["explained_hold"] == "missed"
    t.finish(20)
    st = status(t)
    assert st["greeting"] == st["thanked"] == st["next_step"] == st["used_name"] == "missed"
    assert {f["kind"] for f in t.as_dict()["flags"]} == {"overpromise", "customer_repeat"}


def test_silent_customer_silent_agent_and_no_hold() -> None:
    t = ChecklistTracker()
    t.push(turns(("agent", 0, 3)), said("agent", 0, "Hello, this is Sam. Thanks for calling."))
    t.finish(3)
    assert status(t)["greeting"] == "done" and status(t)["explained_hold"] == "n/a"
    assert status(t)["thanked"] == "missed"  # the opening's thanks is the greeting
    empty = ChecklistTracker()
    empty.finish(10)
    assert set(status(empty).values()) == {"missed", "n/a"}


def test_customer_repeating_the_same_story_is_flagged() -> None:
    t = ChecklistTracker()
    t.push(turns(("customer", 0, 4), ("agent", 5, 6), ("customer", 7, 11)))
    t.push(words=said("customer", 0, "My router keeps dropping the connection every evening"))
    t.push(words=said("customer", 7, "The router keeps dropping the connection each evening"))
    t.finish(12)
    assert [f["kind"] for f in t.as_dict()["flags"]] == ["customer_repeat"]
