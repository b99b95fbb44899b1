import pytest
from django.contrib.auth import get_user_model
from htpy import span

from ej_components.registry import RendererNotFound, RoleRegistry, html

from .htmltools import elements, text


class Animal:
    name = "Rex"


class Dog(Animal):
    pass


class Puppy(Dog):
    pass


@pytest.fixture
def registry():
    registry = RoleRegistry()

    @registry.register(Animal, role="card")
    def animal_card(animal, *, loud=False):
        return span(class_="animal")[animal.name.upper() if loud else animal.name]

    return registry


def test_a_subclass_uses_its_base_renderer(registry):
    assert str(registry(Puppy(), role="card")) == '<span class="animal">Rex</span>'


def test_keyword_arguments_reach_the_renderer(registry):
    assert str(registry(Dog(), "card", loud=True)) == '<span class="animal">REX</span>'


def test_the_nearest_class_in_the_mro_wins(registry):
    registry.register(Dog, "card", lambda dog: span(class_="dog")[dog.name])
    assert str(registry(Puppy(), role="card")) == '<span class="dog">Rex</span>'
    assert str(registry(Animal(), role="card")) == '<span class="animal">Rex</span>'


def test_an_unknown_role_raises_a_lookup_error_naming_type_and_role(registry):
    with pytest.raises(RendererNotFound) as error:
        registry(Puppy(), role="banner")
    assert isinstance(error.value, LookupError)
    message = str(error.value)
    assert "Puppy" in message
    assert "'banner'" in message
    assert "card" in message  # the roles that do exist


def test_a_type_without_renderers_raises(registry):
    with pytest.raises(LookupError, match="int"):
        registry(42, role="card")


def test_roles_include_the_bases_roles(registry):
    registry.register(Dog, "link", lambda dog: dog.name)
    assert registry.roles(Puppy) == {"card", "link"}
    assert registry.roles(Animal) == {"card"}


def test_the_user_model_has_link_avatar_and_card_roles():
    user = get_user_model()(name="Ana Lima", email="ana@example.org")
    assert text(html(user, role="link")) == "Ana Lima"
    avatar = elements(html(user, role="avatar"), "span")[0]
    assert avatar["role"] == "img"
    assert avatar["aria-label"] == "Ana Lima"
    assert text(html(user, role="avatar")) == "AL"
    assert "Ana Lima" in text(html(user, role="card"))
    with pytest.raises(RendererNotFound, match="User.*'podium'"):
        html(user, role="podium")


def test_a_user_without_name_shows_the_start_of_the_email():
    user = get_user_model()(email="joao.souza@example.org")
    assert text(html(user, role="link")) == "joao.souza"
    assert text(html(user, role="avatar")) == "JS"
