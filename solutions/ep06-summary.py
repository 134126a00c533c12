"""Solution to exercise ep06-summary (episode 06-chatbots).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval; for notebooks 6 and 7, tests/test_colab.py)."""

# ---- shown: part 1 ----
from langchain_core.messages import RemoveMessage

KEEP = 3  # the newest messages, kept word for word: a question, its answer, the new question

def summarise(state: MessagesState):
    messages = state["messages"]
    if len(messages) <= 6:
        return {}  # short enough: no update
    old = messages[:-KEEP]  # the newest KEEP messages stay as they are
    transcript = "\n".join(f"{m.type}: {m.content}" for m in old)
    summary = chat_model.invoke([
        SystemMessage("Summarise this conversation in one sentence. Keep names, places and facts."),
        HumanMessage(transcript),
    ]).content
    return {"messages": [RemoveMessage(id=m.id) for m in old]
                        + [SystemMessage(f"Summary of the earlier conversation: {summary}")]}

def chatbot_with_summary(state: MessagesState):
    notes = [m.content for m in state["messages"] if isinstance(m, SystemMessage)]
    talk = [m for m in state["messages"] if not isinstance(m, SystemMessage)]
    system = SystemMessage(" ".join([SYSTEM.content] + notes))
    return {"messages": [chat_model.invoke([system] + fit_to_budget(talk))]}

builder = StateGraph(MessagesState)
builder.add_node("summarise", summarise)
builder.add_node("chatbot", chatbot_with_summary)
builder.add_edge(START, "summarise")
builder.add_edge("summarise", "chatbot")
builder.add_edge("chatbot", END)
graph = builder.compile(checkpointer=InMemorySaver())

for text in ["Hi! My name is Alice and I live in Harbourton.", "Tell me about the sea.",
             "Now tell me about mountains.", "And about forests?", "What is my name?"]:
    say(text, "summary-1")

config = {"configurable": {"thread_id": "summary-1"}}
for m in graph.get_state(config).values["messages"]:
    print(f"{m.type:>6}: {m.content[:70]}")

# ---- not shown: checks of what the solution says ----
stored = graph.get_state(config).values["messages"]
assert len(stored) == 7  # summary + 3 kept after turn 4, then the reply, then turn 5 and its reply
assert sum(isinstance(m, SystemMessage) for m in stored) == 1
assert stored[0].type == "human"  # the summary went to the end, not the start
