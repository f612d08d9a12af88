"""Finding agents by what a person types: the best match first, no scattered letters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from agentui.model.search import Search, SearchText, best, match

AGENTS = [
    SearchText.of("code-reviewer", "code-reviewer.md", "Reviews code for correctness."),
    SearchText.of("translator", "translator.md", "Translates documentation."),
    SearchText.of("test-writer", "testing/test-writer.md", "Writes tests; a translator's friend."),
    SearchText.of("db-migration-helper", "data/db-migration-helper.md", "Plans migrations."),
    SearchText.of("release-notes", "writing/notes.md", "Drafts release notes."),
    SearchText.of("security-auditor", "security-auditor.md", None),
]


def ranked(query: str) -> list[str]:
    found = Search(AGENTS).find(query)
    return [AGENTS[m.index].name for m in best(found, len(found))]


def test_a_full_name_comes_first() -> None:
    assert ranked("translator")[0] == "translator"
    assert ranked("TRANSLATOR")[0] == "translator", "case does not matter"


def test_names_rank_above_paths_above_descriptions() -> None:
    # "notes": a name (release-notes), and a path (writing/notes.md) of the same agent;
    # "docu": only in a description.
    assert ranked("test") == ["test-writer"]
    assert ranked("migrat") == ["db-migration-helper"], "the name beats the description"
    assert ranked("writing") == ["release-notes"], "found by its folder"
    assert ranked("documentation") == ["translator"], "found by its description"
    assert ranked("translat") == ["translator", "test-writer"], "name first, then description"


def test_a_name_start_beats_a_word_start_beats_the_middle() -> None:
    texts = [
        SearchText.of("unreviewed", "a.md", None),
        SearchText.of("code-review", "b.md", None),
        SearchText.of("reviewer", "c.md", None),
    ]
    found = Search(texts).find("review")
    assert [texts[m.index].name for m in best(found, 3)] == [
        "reviewer",
        "code-review",
        "unreviewed",
    ]


def test_letters_in_order_find_a_name_but_not_a_description() -> None:
    assert ranked("dbmig") == ["db-migration-helper"]
    # Every letter of "tsr" is in "Reviews code for correctness." in order, scattered.
    assert match("tsr", AGENTS[0]) is None
    assert ranked("zz") == []


def test_matching_letters_of_the_name_are_given_for_highlighting() -> None:
    found = match("dbmig", AGENTS[3])
    assert found is not None
    assert found[1] == (0, 1, 3, 4, 5)
    exact = match("trans", AGENTS[1])
    assert exact is not None and exact[1] == (0, 1, 2, 3, 4)
    described = match("documentation", AGENTS[1])
    assert described is not None and described[1] == ()


def test_best_keeps_list_order_among_equals_and_stops_at_the_count() -> None:
    texts = [SearchText.of(f"agent-{n}", f"{n}.md", None) for n in range(10)]
    found = Search(texts).find("agent")
    assert [m.index for m in best(found, 3)] == [0, 1, 2]


WORDS = st.text(alphabet="abcdeé-/ ", max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(WORDS, WORDS, WORDS), max_size=12),
    st.text(alphabet="abcdé- ", min_size=1, max_size=5),
    st.text(alphabet="abcdé- ", max_size=3),
)
def test_typing_more_finds_what_a_fresh_search_finds(
    agents: list[tuple[str, str, str]], start: str, more: str
) -> None:
    texts = [SearchText.of(*agent) for agent in agents]
    typing = Search(texts)
    typing.find(start)
    assert typing.find(start + more) == Search(texts).find(start + more)
