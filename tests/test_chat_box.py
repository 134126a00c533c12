"""Notebook 6's chat box sends each message once, whatever a front end does while a reply is pending.

In JupyterLab, Enter in the box sends the text (a value change); a click on Send a moment later,
while the model is still answering, used to send the same text again, because the box was emptied
only after the reply. These tests drive the widget's real callbacks (ipywidgets, no front end) in
the order JupyterLab sends them, with the model's reply still pending when the click and a late
re-sync of the box's value arrive.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The callbacks of version 1.2.0, to show that the test catches the double send.
OLD_CALLBACKS = '''
def on_send(_=None):
    text = box.value
    if not text.strip():
        return
    with log:
        print(f"you: {text}")
        print(f"bot: {chat(text, thread_id='chat-box')}\\n")
    box.value = ""

def on_enter(change):
    if change["new"]:
        on_send()

send.on_click(on_send)
box.observe(on_enter, names="value")
'''


def chat_box_cell() -> str:
    nb = json.loads((ROOT / "notebooks" / "06-chatbots.ipynb").read_text())
    return next("".join(c["source"]) for c in nb["cells"]
                if c["cell_type"] == "code" and "import ipywidgets as widgets" in "".join(c["source"]))


def drive(code: str) -> list[str]:
    """Run the chat box's code; type a message, press Enter, and, while the reply is pending,
    click Send and let the front end re-send the box's value. Return the messages the model got."""
    sent = []
    namespace = {"display": lambda *args: None}

    def chat(text, thread_id):
        sent.append(text)
        if len(sent) == 1:  # the first reply is pending: the learner clicks Send too
            namespace["send"].click()
            namespace["box"].value = text  # the front end syncs the value it still shows
            namespace["send"].click()
        return "a reply"

    namespace["chat"] = chat
    exec(code, namespace)
    namespace["box"].value = "Hello, bot!"  # typed, then Enter: the front end sends the value
    namespace["send"].click()  # and a click after the reply: nothing left to send
    return sent


def test_the_old_callbacks_sent_a_message_twice():
    widgets_part = chat_box_cell().split("def on_send")[0]
    assert len(drive(widgets_part + OLD_CALLBACKS + "\n")) > 1


def test_enter_then_click_while_busy_sends_once():
    assert drive(chat_box_cell()) == ["Hello, bot!"]


def test_the_box_is_switched_off_while_the_model_answers():
    namespace = {"display": lambda *args: None}
    states = []

    def chat(text, thread_id):
        states.append((namespace["box"].disabled, namespace["send"].disabled, namespace["box"].value))
        return "a reply"

    namespace["chat"] = chat
    exec(chat_box_cell(), namespace)
    namespace["box"].value = "Hi"
    assert states == [(True, True, "")]  # busy, and the box already empty
    assert not namespace["box"].disabled and not namespace["send"].disabled  # ready again
    assert namespace["send"].description == "Send"


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_box_sends_nothing(text):
    namespace = {"display": lambda *args: None, "chat": lambda *a: pytest.fail("the model was called")}
    exec(chat_box_cell(), namespace)
    namespace["box"].value = text
    namespace["send"].click()
