# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Tutorial: a kit in a notebook
#
# The command-line tutorial's kit, from Python: build the example event's kit,
# read its posts and its plan, look at a card, see what the findings say, and save it. Every
# output on this page was made by running the code above it (the tests run it too).
#
# Open this file in Jupyter as a notebook (`pip install jupytext`, then *Open as notebook*), or
# run it as a script: `python docs/tutorial-notebook.py`.

# %%
import tempfile
from dataclasses import replace
from datetime import datetime

from radical_social import Event, build, lint

event = Event.example()
event

# %% [markdown]
# `Event.example()` is the built-in Italian pasta workshop. Your own events come from
# `Event.from_mapping({...})` or `load_events("events.yaml")`.
#
# ## Build the kit
#
# `build` makes everything in memory. `now` fixes the clock, so the plan below is the one the kit
# gets when it is built on New Year's morning, two weeks before the workshop.

# %%
kit = build(event, now=datetime.fromisoformat("2027-01-01T09:00+01:00"))
kit

# %% [markdown]
# ## The posts
#
# One post per channel and moment of the plan, in the event's language, each counted the way its
# network counts.

# %%
kit.posts[:3]

# %%
mastodon = next(post for post in kit.posts if post.channel.id == "mastodon")
print(mastodon.text)
print(f"\n{mastodon.length} of {mastodon.limit} {mastodon.unit}")

# %% [markdown]
# ## The plan
#
# At most four moments per channel, never at night: when to post each one.

# %%
for slot in kit.plan.for_channel("mastodon"):
    print(f"{slot.at:%a %d %b %H:%M}  {slot.moment}")

# %% [markdown]
# ## A card
#
# Cards are drawn from the event's own facts, one per size the channels use; each has alt text.

# %%
card = kit.cards[0]
print(card.size, f"{card.width}×{card.height}", card.alt)
card

# %% [markdown]
# ## Findings
#
# A kit always builds. What is missing becomes a finding, in the event's language: here the same
# event without its link.

# %%
without_link = build(replace(event, url=None), now=datetime.fromisoformat("2027-01-01T09:00+01:00"),
                     cards=False, poster=False)
for finding in without_link.findings:
    print(f"{finding.rule}: {finding.message}")

# %% [markdown]
# The linter checks a text of your own the same way the kit's posts are checked:

# %%
for finding in lint("LAST CHANCE!!! Tag a friend who needs this", language="en"):
    print(f"{finding.rule}: {finding.message}")

# %% [markdown]
# ## Save it
#
# `kit.save(folder)` writes the kit's folder, replacing an earlier build of it.

# %%
with tempfile.TemporaryDirectory() as out:
    folder = kit.save(out)
    files = sorted(path.relative_to(folder) for path in folder.rglob("*") if path.is_file())
    for name in files:
        if name.parent.name != "posts":
            print(name, f"{(folder / name).stat().st_size:,} bytes")
    print(sum(name.parent.name == "posts" for name in files), "posts in posts/")
