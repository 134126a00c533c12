"""Solution to exercise ep04-check (episode 04-prompting).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval; for notebooks 6 and 7, tests/test_colab.py)."""

# ---- shown: part 1 ----
def check_against(record, text):
    """Return what is wrong if a value is missing from the source text, else None."""
    amount = record["amount"]
    if f"{amount:g}" not in text and str(amount) not in text:
        return f"the amount {amount} does not appear in the text"
    if str(record["payee"]).lower() not in text.lower():
        return f"the payee {record['payee']!r} does not appear in the text"
    return None


def check_strict(reply, text):
    record, problem = check(reply)
    if problem is None:
        problem = check_against(record, text)
    return (None, problem) if problem else (record, None)

# ---- not shown: checks of what the solution says ----
assert check_against({"payee": "Shop name", "date": "2026-05-02", "amount": 12.5}, messages_to_extract[1])
assert check_against({"payee": "Lune Bakery", "date": "2026-03-14", "amount": 42.5}, messages_to_extract[0]) is None
assert check_against({"payee": "Elm Street Garage", "date": "2026-05-02", "amount": 2}, messages_to_extract[1]) is None
assert f"{120.0:g}" == "120" and f"{42.5:g}" == "42.5"
caught = [check_against(r, t) for r, t in zip(results, messages_to_extract) if r]
print("records from the notebook's run:", [r and (r["payee"], r["amount"]) for r in results])
print("caught:", caught)
assert [r and r["payee"] for r in results[:2]] == ["Shop name", "Shop name"]  # as the episode says
assert "payee" in caught[0] and "amount" in caught[1]
