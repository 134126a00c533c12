"""Solution to exercise ep10-environment (episode 10-structured-output).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval), where the lesson's Ollama stand-in serves."""

# ---- shown: part 1 ----
# In real use, set these in the shell before you start Jupyter, or in Colab's Secrets: never in a notebook.
os.environ["OPENAI_BASE_URL"] = ollama_url + "/v1"
os.environ["OPENAI_API_KEY"] = "not-needed-for-ollama"
env_client = OpenAI()  # the address and the key come from the environment
print("models:", [m.id for m in env_client.models.list()])
first_five = api_run(env_client, notes[:5])
for record, n_in, n_out in first_five or []:
    print(f"{n_in} + {n_out} tokens:", record.model_dump_json() if record else "not valid")

# ---- not shown: checks of what the solution says ----
assert str(env_client.base_url).rstrip("/") == ollama_url + "/v1"
assert API_MODEL in {m.id for m in env_client.models.list()}
assert first_five is not None and len(first_five) == 5
assert all(record is not None for record, _, _ in first_five)  # the schema went with every request
assert all(n_in > n_out > 0 for _, n_in, n_out in first_five)  # the prompt is longer than the reply
del os.environ["OPENAI_BASE_URL"], os.environ["OPENAI_API_KEY"]
