"""Generate a realistic knowledge folder of N notes for the benchmark (scripts/bench.py).

One job seeker's notes: a profile, several companies (some turned them down), their people, many interactions,
progress, articles and openings; about a fifth of the notes have no front matter (journal entries, meeting notes
in plain text, saved emails), the way real users write. Deterministic for a given size and seed.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

FIRST = ["Dana", "Marcus", "Sam", "Lena", "Omar", "Ines", "Kenji", "Ruth", "Tomas", "Aisha", "Bruno", "Chloe",
         "Diego", "Elif", "Farah", "Goran", "Hana", "Ivan", "Jonas", "Kira", "Liam", "Mei", "Nadia", "Oskar",
         "Paula", "Quinn", "Rafael", "Sofia", "Theo", "Uma", "Victor", "Wanda", "Xavier", "Yara", "Zoe", "Amir"]
LAST = ["Reyes", "Chen", "Patel", "Fischer", "Haddad", "Silva", "Sato", "Cohen", "Novak", "Okafor", "Larsen",
        "Moreau", "Kowalski", "Nguyen", "Rossi", "Schmidt", "Tanaka", "Ibrahim", "Jensen", "Keller", "Lopez",
        "Mendes", "Nakamura", "Olsen", "Petrov", "Quintero", "Ramos", "Svensson", "Torres", "Varga", "Weber"]
COMPANIES = ["Northwind Analytics", "Contoso Health", "Fabrikam Foods", "Tailspin Toys", "Litware Labs",
             "Adventure Works", "Wingtip Logistics", "Proseware Energy", "Lucerne Publishing", "Woodgrove Finance",
             "Alpine Ski House", "Blue Yonder Air", "Coho Vineyard", "Humongous Insurance", "Margie Travel",
             "Trey Research", "Graphic Design Institute", "Fourth Coffee", "Relecloud", "VanArsdel Retail"]
ROLES = ["Director of Data Platform", "Engineering Manager", "Staff Data Engineer", "Senior Analytics Engineer",
         "Head of Analytics", "Recruiter", "Principal Engineer", "Product Manager, Data", "VP Engineering"]
RELATIONSHIPS = ["led my final interview; we got on well", "former colleague; could recommend me internally",
                 "met at a meetup in spring", "recruiter who ran my process", "interviewed me on system design",
                 "friend of a friend on the analytics team", "got the job I applied for"]
TOPICS = ["Kafka streaming", "data quality checks", "dbt models", "on-call rotations", "design documents",
          "warehouse costs", "late-arriving data", "schema evolution", "dashboards for store managers",
          "exactly-once delivery", "Flink jobs", "data contracts", "lineage tooling", "cost of idle clusters"]
SENTENCES = [
    "{name} said the team is moving {topic} off nightly batch jobs during 2027.",
    "We talked for about {n} minutes about {topic}; {first} asked how I would test it before customers notice.",
    "What {first} cares about: fewer than {n} alerts a week and clear write-ups before anything big is built.",
    "I promised to send my notes on {topic} and {other}; {first} said that would help the next planning round.",
    "{company} runs about {n} pipelines; most of the pain is {topic}, according to {first}.",
    "Follow up on {topic} in a few weeks, maybe with the article about {other}.",
    "The panel liked my pipeline design but wanted production experience with {topic}.",
    "- {topic}: still a gap, working on it\n- {other}: done, shipped at my contract in {month}",
]
DANA = ("Dana leads the Data Platform group. In the final interview she talked about moving the retail dashboards "
        "from nightly batch jobs to real-time streaming.\n\nWhat she cares about: data quality checks that catch bad "
        "loads before customers see them, and engineers who write clear design documents.\n\n")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


def make_corpus(folder: Path, count: int, *, seed: int = 7) -> dict[str, str]:
    """Write `count` notes under `folder`; return the names a benchmark needs (a recipient, a query)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    n_companies = min(len(COMPANIES), max(3, count // 400))
    companies = COMPANIES[:n_companies]
    pairs = [(f, la) for f in FIRST for la in LAST]
    rng.shuffle(pairs)
    n_people = max(8, count // 12)
    others = [p for p in pairs if p != ("Dana", "Reyes")][: n_people - 1]
    people = [("Dana", "Reyes", "Northwind Analytics"), *((f, la, companies[i % n_companies])
                                                          for i, (f, la) in enumerate(others))]
    written = 0

    def write(relative: str, text: str) -> None:
        nonlocal written
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written += 1

    def body(first: str, name: str, company: str, paragraphs: int) -> str:
        out = []
        for _ in range(paragraphs):
            topic, other = rng.sample(TOPICS, 2)
            picks = rng.sample(SENTENCES, 3)
            out.append(" ".join(s.format(name=name, first=first, company=company, topic=topic, other=other,
                                         n=rng.randint(5, 900), month=rng.choice(MONTHS)) for s in picks))
        return "\n\n".join(out)

    write("profile.md", "---\ntype: profile\nname: Priya Raman\nrole: Data Engineer\nemail: priya.raman@example.com\n"
          "signature: |\n  Priya Raman\n  priya.raman@example.com\n---\nI am a data engineer with six years of "
          "experience building batch pipelines in Python and SQL. I want to join a team moving to streaming.\n")
    rejected = companies[: max(1, n_companies // 2)]
    for i, company in enumerate(companies):
        slug = company.lower().replace(" ", "-")
        write(f"company/{slug}.md", f"---\ntype: company\nname: {company}\n---\n"
              + body("they", company, company, rng.randint(2, 5)) + "\n")
        if company in rejected:
            write(f"rejections/{slug}.md", f"---\ntype: rejection\ncompany: {company}\nrole: Senior Data Engineer\n"
                  f"date: 2026-0{i % 3 + 7}-0{i % 9 + 1}\n---\n# Turned down\n\nThey chose another candidate with "
                  f"Kafka streaming in production. The panel liked my design work; I was a close second.\n")
        write(f"openings/{slug}-streaming.md", f"---\ntype: opening\ncompany: {company}\nrole: Data Engineer, "
              f"Streaming\ndate: 2026-11-{i % 20 + 1:02d}\n---\nAn opening on the data team; asks for Kafka and "
              f"data-quality testing for streaming jobs.\n")
    for i, (first, last, company) in enumerate(people):
        name = f"{first} {last}"
        if i == 0:
            relationship, tags = RELATIONSHIPS[0], "[manager-i-liked, hiring-manager]"
        else:
            relationship, tags = rng.choice(RELATIONSHIPS), rng.choice(["[]", "[insider]", "[manager-i-liked]"])
        started = "started: 2026-10-01\n" if relationship.startswith("got the job") else ""
        write(f"people/{first.lower()}-{last.lower()}.md",
              f"---\ntype: person\nname: {name}\nrole: {rng.choice(ROLES)}\ncompany: {company}\n"
              f"relationship: {relationship}\nlast_contact: 2026-{rng.randint(6, 10):02d}-{rng.randint(1, 28):02d}\n"
              f"tags: {tags}\n{started}---\n" + (DANA if i == 0 else "") + body(first, name, company, rng.randint(1, 4))
              + "\n")
    kinds = ["interaction"] * 9 + ["progress", "article", "journal", "meeting", "email"] * 2
    day0 = dt.date(2026, 6, 1)
    i = 0
    while written < count:
        i += 1
        first, last, company = people[rng.randrange(len(people))]
        name = f"{first} {last}"
        day = day0 + dt.timedelta(days=rng.randrange(160))
        kind = rng.choice(kinds)
        text = body(first, name, company, rng.randint(1, 5))
        if kind == "interaction":
            direction = rng.choice(["sent", "received"])
            write(f"interactions/{day.isoformat()}-{first.lower()}-{last.lower()}-{i}.md",
                  f"---\ntype: interaction\nwith: {name}\ncompany: {company}\ndirection: {direction}\n"
                  f"channel: {rng.choice(['email', 'call', 'coffee'])}\ndate: {day.isoformat()}\n---\n{text}\n")
        elif kind == "progress":
            write(f"progress/{day.isoformat()}-{i}.md", f"---\ntype: progress\ndate: {day.isoformat()}\n"
                  f"tags: [streaming]\n---\n# What I shipped\n\nI built a Kafka pipeline at my contract with "
                  f"Harbor Outfitters that moves point-of-sale events into the warehouse within {rng.randint(5, 60)} s "
                  f"instead of overnight; it has run in production since {day.isoformat()}. I also wrote data-quality "
                  f"tests for the streaming jobs.\n")
        elif kind == "article":
            write(f"articles/article-{i}.md", f"---\ntype: article\ntitle: Notes on {rng.choice(TOPICS)}\n"
                  f"url: https://example.com/a/{i}\n---\n{text}\n")
        elif kind == "journal":  # untyped: no front matter, a date in prose, bullets and abbreviations
            write(f"journal/{day.isoformat()}.txt" if not (folder / f"journal/{day.isoformat()}.txt").exists()
                  else f"journal/{day.isoformat()}-{i}.txt",
                  f"{day.strftime('%d %b')} - talked w/ {first} ({company})\n\n{text}\n")
        elif kind == "meeting":
            write(f"misc/meeting-{i}.md", f"# Coffee with {first}\n\n{text}\n")
        else:
            write(f"mail/{day.isoformat()}-{i}.eml",
                  f"From: {name} <{first.lower()}.{last.lower()}@example.com>\nTo: Priya Raman "
                  f"<priya.raman@example.com>\nSubject: Re: {rng.choice(TOPICS)}\nDate: "
                  f"{day.strftime('%a, %d %b %Y')} 10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n"
                  f"{text}\n")
    return {"recipient": "Dana Reyes", "company": "Northwind Analytics"}
