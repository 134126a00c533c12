"""Solution to exercise ep06-persona (episode 06-chatbots).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval; for notebooks 6 and 7, tests/test_colab.py)."""

# ---- shown: part 1 ----
persona = SystemMessage(
    "You are a librarian at Harbourton library. Answer in at most two sentences. "
    "Always end by suggesting one book that fits the question."
)

def librarian(state: MessagesState):
    messages = fit_to_budget(state["messages"])
    return {"messages": [chat_model.invoke([persona] + messages)]}

builder = StateGraph(MessagesState)
builder.add_node("librarian", librarian)
builder.add_edge(START, "librarian")
builder.add_edge("librarian", END)
graph = builder.compile(checkpointer=InMemorySaver())

say("Hi! My name is Alice and I live in Harbourton.", "library-1")
say("What is my name?", "library-1")
say("I would like to learn about the sea.", "library-1")

# ---- not shown: checks of what the solution says ----
stored = graph.get_state({"configurable": {"thread_id": "library-1"}}).values["messages"]
assert len(stored) == 6 and "librarian" in graph.get_graph().nodes
