import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from htpy import div

from ej_components import catalog
from ej_components.catalog import component, components, get_component

from .htmltools import attribute_names, elements

EXAMPLES = [(entry.slug, state) for entry in components() for state in entry.examples]
HOSTILE_EXAMPLES = [(slug, state) for slug, state in EXAMPLES if state == "hostile text"]
STATE_PAGES = [(entry.slug, state_slug) for entry in components() for state_slug in entry.states]


def test_the_library_is_in_the_catalog():
    slugs = {entry.slug for entry in components()}
    assert {
        "page",
        "link",
        "button",
        "card",
        "progress-bar",
        "empty-state",
        "pagination",
        "table",
        "messages-list",
        "form",
        "user-link",
        "user-avatar",
        "user-card",
        "home-content",
    } <= slugs


def test_every_component_has_named_example_states():
    for entry in components():
        assert entry.examples, entry.name
        assert entry.summary, f"{entry.name} needs a docstring for the gallery"


@pytest.mark.parametrize(("slug", "state"), EXAMPLES)
def test_every_example_state_renders_without_the_database(slug, state):
    rendered = str(get_component(slug).render(state))
    assert isinstance(rendered, str)
    if state not in {"empty", "single page"}:
        assert rendered.startswith("<")


@pytest.mark.parametrize(("slug", "state"), HOSTILE_EXAMPLES)
def test_hostile_text_never_becomes_markup(slug, state):
    rendered = str(get_component(slug).render(state))
    assert "<script>" not in rendered
    inline_scripts = [attrs for attrs in elements(rendered, "script") if "src" not in attrs]
    assert inline_scripts == []
    assert not any(name.startswith("on") for name in attribute_names(rendered))


def test_gallery_index_lists_every_component_and_state(client):
    response = client.get(reverse("gallery"))
    assert response.status_code == 200
    links = {attrs.get("href") for attrs in elements(response.content.decode(), "a")}
    for entry in components():
        for state_slug in entry.states:
            assert f"/components/{entry.slug}/{state_slug}/" in links


@pytest.mark.parametrize(("slug", "state_slug"), STATE_PAGES)
def test_every_state_has_its_own_gallery_page(client, slug, state_slug):
    response = client.get(f"/components/{slug}/{state_slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith("<!doctype html>")
    assert html.count("<html") == 1


@pytest.mark.parametrize(
    "path", ["/components/no-such-thing/default/", "/components/card/no-such-state/"]
)
def test_unknown_component_or_state_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_a_component_needs_examples():
    with pytest.raises(ImproperlyConfigured):

        @component(examples={})
        def nothing():
            return div


def test_state_names_must_have_distinct_slugs():
    with pytest.raises(ImproperlyConfigured):

        @component(examples={"Long text": {}, "long-text": {}})
        def twice():
            return div


@pytest.fixture
def scratch_catalog(monkeypatch):
    monkeypatch.setattr(catalog, "_catalog", dict(catalog._catalog))


def test_examples_may_be_plain_data(scratch_catalog):
    @component(examples={"default": {"text": "hi"}})
    def catalog_probe_greeting(*, text):
        """Says hi."""
        return div[text]

    entry = get_component("catalog-probe-greeting")
    assert entry.states == {"default": "default"}
    assert str(entry.render("default")) == "<div>hi</div>"
