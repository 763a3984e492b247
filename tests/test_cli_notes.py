"""init, index, search and people through the command line, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path


def test_help_lists_commands(cli):
    result = cli("--help")
    assert result.exit_code == 0
    for command in ("init", "index", "search", "people"):
        assert command in result.stdout


def test_index_reports_counts_and_skipped_file(workspace, cli):
    result = cli("index")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("added 15, updated 0, removed 0, unchanged 0 (")
    assert result.stdout.rstrip().endswith("chunks); skipped 1: photo.png (not a note type)")


def test_index_json_shape(workspace, cli_json):
    report = cli_json("index")
    assert {k: report[k] for k in ("added", "updated", "removed", "unchanged")} == {
        "added": 15, "updated": 0, "removed": 0, "unchanged": 0}
    assert report["chunks"] >= 15
    assert report["skipped"] == [{"path": "photo.png", "reason": "not a note type"}]
    again = cli_json("index")
    assert (again["added"], again["unchanged"], again["embedded"]) == (0, 15, 0)


def test_search_finds_person_by_front_matter(indexed, cli_json):
    found = cli_json("search", "who got the job I applied for", "-k", "3")
    assert found["query"] == "who got the job I applied for"
    assert found["results"][0]["source"] == "people/sam-patel.md"
    first = found["results"][0]
    assert set(first) >= {"id", "source", "score", "text", "metadata"}
    assert first["metadata"]["name"] == "Sam Patel"


def test_search_ids_are_stable_across_runs(indexed, cli_json):
    one = cli_json("search", "Kafka certification")
    two = cli_json("search", "Kafka certification")
    assert [r["id"] for r in one["results"]] == [r["id"] for r in two["results"]]


def test_search_person_filter_keeps_other_dana_out(indexed, cli_json):
    found = cli_json("search", "what does she care about", "--person", "Dana Reyes", "-k", "10")
    sources = {r["source"] for r in found["results"]}
    assert "people/dana-reyes.md" in sources
    assert "people/dana-whitfield.md" not in sources
    assert sources <= {"people/dana-reyes.md", "interactions/2026-09-06-thank-you-to-dana.md",
                       "interactions/2026-09-08-reply-from-dana.eml"}


def test_search_ambiguous_first_name_exits_2(indexed, cli):
    result = cli("search", "anything", "--person", "Dana")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        'error: 2 people match "Dana": Dana Reyes (Northwind Analytics), Dana Whitfield (Contoso Health); '
        "use the full name or add the company."
    )


def test_search_unknown_person_suggests_close_names(indexed, cli):
    result = cli("search", "anything", "--person", "Marcus Chan")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        'error: No person named "Marcus Chan" in your notes. Did you mean: Marcus Chen (Northwind Analytics)?'
    )


def test_search_type_filter_and_bad_type(indexed, cli_json, cli):
    found = cli_json("search", "streaming", "--type", "progress")
    assert {r["metadata"]["type"] for r in found["results"]} == {"progress"}
    result = cli("search", "streaming", "--type", "memo")
    assert result.exit_code == 2
    assert "Unknown note type 'memo'" in result.stderr


def test_search_before_index_says_what_to_do(workspace, cli):
    result = cli("search", "anything")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: There is no index yet; run `second-chance index` first."


def test_search_text_output_shows_citation(indexed, cli):
    result = cli("search", "Confluent certified", "-k", "1")
    assert result.exit_code == 0
    assert "progress/kafka-certification.md" in result.stdout
    assert result.stdout.startswith("1. [n")


def test_people_json_keeps_same_first_name_apart(workspace, cli_json):
    people = cli_json("people")["people"]
    names = [(p["name"], p["company"]) for p in people]
    assert ("Dana Reyes", "Northwind Analytics") in names
    assert ("Dana Whitfield", "Contoso Health") in names
    dana = next(p for p in people if p["name"] == "Dana Reyes")
    assert dana["last_contact"] == "2026-09-08"  # her emailed reply is later than the front matter says
    assert dana["relationship"] == "led my final interview; we got on well"
    assert set(dana["sources"]) >= {
        "interactions/2026-09-06-thank-you-to-dana.md",
        "interactions/2026-09-08-reply-from-dana.eml",
        "people/dana-reyes.md",
    }
    assert "people/dana-whitfield.md" not in dana["sources"]


def test_people_table(workspace, cli):
    result = cli("people")
    assert result.exit_code == 0
    assert "Sam Patel" in result.stdout and "Marcus Chen" in result.stdout


def test_init_creates_skeleton_and_never_overwrites(tmp_path, cli):
    target = tmp_path / "helio"
    first = cli("init", str(target), "--json")
    created = json.loads(first.stdout)["created"]
    assert "knowledge/profile.md" in created and "knowledge/people/example-manager.md" in created
    (target / "knowledge/profile.md").write_text("mine")
    second = json.loads(cli("init", str(target), "--json").stdout)
    assert second["created"] == []
    assert (target / "knowledge/profile.md").read_text() == "mine"


def test_init_workspace_indexes(tmp_path, cli, monkeypatch):
    target = tmp_path / "helio"
    cli("init", str(target))
    monkeypatch.setenv("SECOND_CHANCE_HOME", str(target))
    result = cli("index")
    assert result.exit_code == 0
    assert result.stdout.startswith("added 9, updated 0, removed 0, unchanged 0")


def test_missing_knowledge_folder_exits_2(home, cli):
    result = cli("index")
    assert result.exit_code == 2
    assert "No knowledge folder at" in result.stderr and "second-chance init" in result.stderr


def test_knowledge_option_points_elsewhere(home, cli_json):
    report = cli_json("index", "--knowledge", str(Path(__file__).parent.parent / "knowledge"))
    assert report["added"] == 15


def test_bad_config_file_exits_2(workspace, cli):
    (workspace / "second-chance.toml").write_text('embeddings = "remote"\n')
    result = cli("index")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Setting 'embeddings' is invalid")
    (workspace / "second-chance.toml").write_text("colour = 'blue'\n")
    result = cli("index")
    assert result.stderr.strip() == (
        "error: Unknown setting 'colour' in second-chance.toml; remove it (see README, Configuration)."
    )


def test_init_where_nothing_can_be_written_exits_2(cli):
    result = cli("init", "/proc/second-chance-test")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Cannot create /proc/second-chance-test/knowledge/")
    assert result.stderr.rstrip().endswith("choose a folder you can write to.")


def test_search_person_by_label_and_namesakes_at_two_companies(indexed, cli_json, cli):
    knowledge = indexed / "knowledge"
    (knowledge / "people/dana-reyes-bank.md").write_text(
        "---\ntype: person\nname: Dana Reyes\ncompany: First Harbor Bank\n---\nDana approved my mortgage.\n")
    cli("index")
    result = cli("search", "mortgage", "--person", "Dana Reyes")
    assert result.exit_code == 2
    assert "Dana Reyes (First Harbor Bank), Dana Reyes (Northwind Analytics)" in result.stderr
    found = cli_json("search", "mortgage", "--person", "Dana Reyes (Northwind Analytics)", "-k", "10")
    sources = {r["source"] for r in found["results"]}
    assert "people/dana-reyes.md" in sources and "people/dana-reyes-bank.md" not in sources


def test_company_note_that_names_its_company_only_in_name(indexed, cli_json, cli):
    (indexed / "knowledge/company/helio.md").write_text(
        "---\ntype: company\nname: Helio Robotics\n---\nHelio raised a Series C in October.\n")
    cli("index")
    found = cli_json("search", "funding round", "--company", "Helio Robotics", "--type", "company")
    assert [r["source"] for r in found["results"]] == ["company/helio.md"]


def test_search_other_knowledge_folder_than_indexed_says_what_to_do(indexed, cli, tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    result = cli("search", "Kafka", "--knowledge", str(other))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: The index holds the notes in {indexed / 'knowledge'}, not {other}; "
        f"run `second-chance index --knowledge {other}` first."
    )


def test_search_needs_a_query_and_accepts_untyped_notes(indexed, cli, cli_json):
    result = cli("search", "  ")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Give something to search for")
    (indexed / "knowledge/loose.md").write_text("A loose thought about Flink windows.")
    cli("index")
    found = cli_json("search", "Flink windows", "--type", "note")
    assert [r["source"] for r in found["results"]] == ["loose.md"]


def test_draft_to_a_name_only_an_interaction_guessed_at_is_refused(workspace, cli):
    (workspace / "knowledge/interactions/coffee.md").write_text(
        "---\ntype: interaction\nwith: Dana\ndirection: sent\ndate: 2026-11-01\n---\nCoffee chat.")
    people = cli("people", "--json")
    entry = next(p for p in json.loads(people.stdout)["people"] if p["name"] == "Dana")
    assert entry["could_be"] == ["Dana Reyes (Northwind Analytics)", "Dana Whitfield (Contoso Health)"]
    expected = ("  Dana: none; could be Dana Reyes (Northwind Analytics) or Dana Whitfield (Contoso Health); "
                "write the full name in the note's `with:` so the touch counts for them")
    assert expected in cli("people").stdout
    result = cli("draft", "follow-up", "--to", "Dana", "--model", "offline")
    assert result.exit_code == 2
    assert 'people match "Dana": Dana Reyes (Northwind Analytics), Dana Whitfield (Contoso Health)' in result.stderr


def test_search_shows_rank_and_relevance_in_words(indexed, cli, cli_json):
    found = cli_json("search", "Kafka certification", "-k", "4")["results"]
    assert [r["rank"] for r in found] == [1, 2, 3, 4]
    assert found[0]["relevance"] == "strong match"
    assert {r["relevance"] for r in found} <= {"strong match", "good match", "weak match"}
    text = cli("search", "Kafka certification", "-k", "4").stdout
    assert text.startswith(f"1. [{found[0]['id']}] {found[0]['source']}  strong match\n")
    assert "0.0" not in text.split("\n", 1)[0]


def test_relevance_labels_follow_the_fused_score():
    from assistant.retrieval import RRF_K, relevance

    assert relevance(2 / (RRF_K + 1)) == "strong match"  # first by meaning and by words
    assert relevance(1 / (RRF_K + 1) + 1 / (RRF_K + 15)) == "good match"  # found both ways, lower down
    assert relevance(1 / (RRF_K + 1)) == "weak match"  # by meaning only, no word in common


def test_people_says_what_each_person_is_to_the_user_in_words_not_the_sentence_that_met_them(home, cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one line a row
    (home / "knowledge").mkdir()
    (home / "knowledge/tarn.md").write_text(
        "Tarn Robotics, controls engineer role\n\n"
        "- onsite 10/2 with Wen Li (Head of Controls) and Ola Berg (recruiter). Wen v friendly, we clicked\n"
        "- 10/9 Ola emailed: not moving fwd, they picked someone with more ROS 2 experience\n"
        "- panel 10/2: Wen Li, Ola Berg and Kai Moss (Senior Engineer)\n", encoding="utf-8")
    result = cli("people")
    assert result.exit_code == 0, result.stderr
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[1:-1]]
            for line in result.stdout.splitlines() if line.startswith("│") and line.split("│")[1].strip()}
    assert rows["Wen Li"][1:4] == ["Head of Controls", "Tarn Robotics", "a manager you liked"]
    assert rows["Ola Berg"][1:4] == ["recruiter", "Tarn Robotics", "recruiter"]
    assert rows["Kai Moss"][1:4] == ["Senior Engineer", "Tarn Robotics", ""]  # no part: blank, not the panel line
