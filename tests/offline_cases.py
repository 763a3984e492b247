"""Hand-built case files for the offline writer's tests: the sample's Priya, and notes written in shorthand."""

from __future__ import annotations

import datetime as dt

from assistant.casefile import (
    Article,
    CaseFile,
    Ground,
    Opening,
    PartClaim,
    Person,
    Profile,
    Progress,
    Project,
    Promise,
    Rejection,
    Remark,
)


def g(source: str, quote: str) -> Ground:
    """A ground whose quote is the fact's own words."""
    return Ground(source=source, quote=quote)


def part(name: str, source: str, quote: str) -> PartClaim:
    return PartClaim(part=name, ground=g(source, quote))  # type: ignore[arg-type]


def priya() -> CaseFile:
    """The bundled sample, as a reader should see it."""
    dana, marcus, sam, lena = ("people/dana-reyes.md", "people/marcus-chen.md", "people/sam-patel.md",
                               "people/lena-fischer.md")
    return CaseFile(
        profile=Profile(name="Priya Raman", role="Data Engineer", email="priya.raman@example.com",
                        signature="Priya Raman\npriya.raman@example.com", source="profile.md"),
        people=[
            Person(name="Dana Reyes", company="Northwind Analytics", role="Director of Data Platform",
                   parts=[part("hiring-manager", dana, "tags: [manager-i-liked, hiring-manager]"),
                          part("manager-i-liked", dana, "tags: [manager-i-liked, hiring-manager]")],
                   remarks=[Remark(kind="said", text="talked about moving the retail dashboards from nightly batch "
                                   "jobs to real-time streaming during 2027", ground=g(dana, "she talked about")),
                            Remark(kind="cares", text="cares about data quality checks that catch bad loads before "
                                   "customers see them", ground=g(dana, "What she cares about")),
                            Remark(kind="said", text="is reading about exactly-once delivery in Kafka",
                                   ground=g(dana, "She mentioned she is reading about exactly-once delivery"))],
                   sources=[dana]),
            Person(name="Marcus Chen", company="Northwind Analytics",
                   role="Engineering Manager, Analytics Infrastructure",
                   parts=[part("manager-i-liked", marcus, "tags: [manager-i-liked]")],
                   remarks=[Remark(kind="asked", text="asked how I would alert on late-arriving data",
                                   ground=g(marcus, "He asked how I would alert on late-arriving data.")),
                            Remark(kind="struggles", text="said his team struggles with noisy alerts: more than 300 "
                                   "alerts a week", ground=g(marcus, "He said his team struggles with noisy alerts"))],
                   sources=[marcus]),
            Person(name="Sam Patel", company="Northwind Analytics", role="Senior Data Engineer, Data Platform",
                   started=dt.date(2026, 10, 5), parts=[part("got-the-job", sam, "got the Senior Data Engineer job")],
                   sources=[sam]),
            Person(name="Lena Fischer", company="Northwind Analytics", role="Senior Analytics Engineer",
                   parts=[part("insider", lena, "could recommend me internally")],
                   remarks=[Remark(kind="offered", text="offered to put my name forward for the next Data Platform "
                                   "opening if I asked her", ground=g(lena, "She offered to put my name forward"))],
                   sources=[lena]),
        ],
        rejections=[Rejection(company="Northwind Analytics", date=dt.date(2026, 9, 4),
                              role="Senior Data Engineer, Data Platform",
                              reason="the other candidate had run Kafka streaming pipelines in production",
                              gap="running Kafka streaming pipelines in production", source="rejection.md")],
        progress=[
            Progress(what="passed the Confluent Certified Developer for Apache Kafka exam after eight weeks of study",
                     date=dt.date(2026, 10, 15), answers="hands-on streaming knowledge",
                     ground=g("progress/kafka-certification.md", "I passed the Confluent Certified Developer")),
            Progress(what="built a Kafka and Flink pipeline that moves point-of-sale events into the warehouse "
                          "within 30 seconds instead of overnight", date=dt.date(2026, 11, 10),
                     ground=g("progress/streaming-project.md", "I built a Kafka and Flink pipeline")),
            Progress(what="wrote a data-quality test suite for the streaming jobs, which cut false alerts by 60 "
                          "percent", date=dt.date(2026, 11, 10),
                     ground=g("progress/streaming-project.md", "I also wrote a data-quality test suite")),
        ],
        openings=[],
        projects=[
            Project(company="Northwind Analytics", person="Sam Patel", what="migrating the inventory feed to streaming",
                    ground=g(sam, "Sam's first project is migrating the inventory feed to streaming")),
            Project(company="Northwind Analytics", person="Sam Patel",
                    what="build a data-quality test suite for the new streaming jobs",
                    ground=g(sam, "the team also needs someone to build a data-quality test suite")),
        ],
        articles=[Article(title="Exactly-once processing in Kafka, explained with real failures",
                          url="https://example.com/exactly-once-kafka", for_people=["Dana Reyes", "Sam Patel"],
                          why="Useful for Dana, who said she is reading about exactly-once delivery, and for Sam's "
                              "inventory-feed migration", ground=g("articles/exactly-once-kafka.md", "Useful for"))],
        promises=[Promise(to="Dana Reyes", what="share my notes on schema-evolution testing",
                          ground=g(dana, "I offered to share my notes on schema-evolution testing"))],
    )


def rosa() -> CaseFile:
    """Notes in shorthand: a sales rep turned down for an enterprise seat, facts as a terse reader would keep them."""
    hm, rec, win, pal = "ppl/takahashi.txt", "ppl/recruiter.txt", "ppl/devi.txt", "ppl/old-friend-joe.txt"
    return CaseFile(
        profile=Profile(name="Rosa Ibarra", role="Account Executive", source="me.md"),
        people=[
            Person(name="Ken Takahashi", company="Corvane", role="VP Sls NA",
                   parts=[part("hiring-manager", hm, "hiring mgr for the Ent AE seat")],
                   remarks=[Remark(kind="asked",
                                   text="asked how I'd run a 6-month enterprise deal cycle w/ procurement",
                                   ground=g(hm, "asked how I'd run a 6-month ent deal cycle w/ procurement")),
                            Remark(kind="cares", text="cares about forecast accuracy - hates sandbagging",
                                   ground=g(hm, "cares about forecast accuracy - hates sandbagging"))],
                   sources=[hm]),
            Person(name="Bea Lindqvist", company="Corvane", role="Recruiter",
                   parts=[part("recruiter", rec, "recruiter")],
                   remarks=[Remark(kind="said", text="said The panel loved your customer empathy in the case study",
                                   ground=g(rec, "The panel loved your customer empathy"))],
                   sources=[rec]),
            Person(name="Devi Raman", company="Corvane", role="Enterprise AE", started=dt.date(2026, 9, 1),
                   parts=[part("got-the-job", win, "the one who got my seat")], sources=[win]),
            Person(name="Joe Marsh", company="Corvane", role="Sales Engineer",
                   parts=[part("insider", pal, "said he'd put my name forward")],
                   remarks=[Remark(kind="offered", text="offered to put my name forward w/ Ken when the next Ent seat "
                                   "opens", ground=g(pal, "said he'd put my name fwd"))],
                   sources=[pal]),
        ],
        rejections=[Rejection(company="Corvane", date=dt.date(2026, 7, 22), role="Enterprise AE",
                              reason="no experience closing large enterprise deals",
                              gap="experience closing large enterprise deals", source="rejection.txt")],
        progress=[
            Progress(what="ran an A/B test on onboarding emails: 8,400 users, completion 61% to 74%",
                     date=dt.date(2026, 9, 20), ground=g("wins.txt", "A/B test: 8,400 users, completion 61% to 74%")),
            Progress(what="finished a Spanish course", date=dt.date(2026, 10, 2),
                     ground=g("wins.txt", "finished spanish course")),
            Progress(what="closed a $310k deal with a 40-seat logistics customer after a 5-month procurement cycle",
                     date=dt.date(2026, 10, 30), ground=g("wins.txt", "closed $310k deal")),
        ],
        openings=[Opening(company="Corvane", title="Enterprise Account Executive, West",
                          ground=g("corvane.txt", "new Ent AE seat (West)"))],
        projects=[Project(company="Corvane", person="Devi Raman", what="a playbook for procurement-heavy deals",
                          ground=g(win, "team needs a playbook for procurement-heavy deals"))],
        articles=[Article(title="Why enterprise forecasts slip", url="https://example.org/forecasts-slip",
                          for_people=["Ken Takahashi"], why="Ken cares about forecast accuracy",
                          ground=g("reading.txt", "Why enterprise forecasts slip"))],
    )
