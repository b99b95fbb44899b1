"""User text in any attribute or child comes out as text, never as markup."""

import htpy
import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.messages.storage.base import Message

from ej_components.examples import example_request
from ej_components.forms import form
from ej_components.layout import page
from ej_components.messages import messages_list
from ej_components.primitives import button, card, empty_state, link, progress_bar
from ej_components.tables import table
from ej_components.users import user_avatar, user_card, user_link

from .htmltools import attribute_names, elements, text

ATTACK = '" onmouseover="alert(1)" \'><script>alert(1)</script>'
BREAKOUT = "' onmouseover='alert(1)"


def assert_inert(rendered):
    rendered = str(rendered)
    assert "<script>" not in rendered
    assert not any(name.startswith("on") for name in attribute_names(rendered))
    assert [attrs for attrs in elements(rendered, "script") if "src" not in attrs] == []


@pytest.mark.parametrize("attack", [ATTACK, BREAKOUT])
def test_link_text_class_and_href(attack):
    rendered = link(href=attack, text=attack, class_=attack)
    assert_inert(rendered)
    [anchor] = elements(rendered, "a")
    assert anchor["href"] == attack
    assert anchor["class"] == attack
    assert text(rendered) == attack


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,x"],
)
def test_links_never_run_code(url):
    [anchor] = elements(link(href=url, text="x"), "a")
    assert anchor["href"] == "#"


def test_button_text_class_name_and_value():
    rendered = button(text=ATTACK, class_=ATTACK, name=ATTACK, value=ATTACK)
    assert_inert(rendered)
    [tag] = elements(rendered, "button")
    assert tag["class"] == f"button button--primary {ATTACK}"
    assert tag["name"] == tag["value"] == ATTACK
    assert text(rendered) == ATTACK


def test_card_title_body_footer_href_and_class():
    rendered = card(title=ATTACK, body=ATTACK, footer=ATTACK, href=ATTACK, class_=ATTACK)
    assert_inert(rendered)
    assert elements(rendered, "article")[0]["class"] == f"card {ATTACK}"
    assert elements(rendered, "a")[0]["href"] == ATTACK
    assert text(rendered) == ATTACK * 3


def test_progress_bar_and_empty_state():
    assert_inert(progress_bar(value=1, maximum=2, label=ATTACK, class_=ATTACK))
    rendered = empty_state(title=ATTACK, message=ATTACK, class_=ATTACK)
    assert_inert(rendered)
    assert text(rendered) == ATTACK * 2


def test_table_caption_header_cells_and_class():
    rendered = table(
        columns=[("text", ATTACK)], rows=[{"text": ATTACK}], caption=ATTACK, class_=ATTACK
    )
    assert_inert(rendered)
    assert text(rendered) == ATTACK * 3


def test_messages_text_and_tags():
    rendered = messages_list(messages=[Message(40, ATTACK, extra_tags=ATTACK)])
    assert_inert(rendered)
    assert text(rendered) == ATTACK


class AttackForm(forms.Form):
    text = forms.CharField(label=ATTACK, help_text=ATTACK, max_length=2)

    def clean(self):
        raise forms.ValidationError(ATTACK)


def test_form_label_help_text_value_and_errors():
    bound = AttackForm({"text": ATTACK})
    rendered = form(bound, action=ATTACK, class_=ATTACK, submit=ATTACK, request=example_request())
    assert_inert(rendered)
    [field] = elements(rendered, "input")[1:]  # after the CSRF token
    assert field["value"] == ATTACK
    assert elements(rendered, "form")[0]["action"] == ATTACK
    content = text(rendered)
    assert content.count(ATTACK) == 4  # error summary, label, help text, submit button


def test_user_names():
    user = get_user_model()(name=ATTACK, email="x@example.org")
    for rendered in [
        user_link(user),
        user_link(user, href=ATTACK),
        user_avatar(user),
        user_card(user),
    ]:
        assert_inert(rendered)
    assert elements(user_avatar(user), "span")[0]["aria-label"] == ATTACK


def test_page_title_description_user_and_content():
    user = get_user_model()(name=ATTACK, email="x@example.org")
    rendered = page(
        example_request(user=user), title=ATTACK, description=ATTACK, content=htpy.p[ATTACK]
    )
    assert_inert(rendered)
    description = [m for m in elements(rendered, "meta") if m.get("name") == "description"]
    assert description[0]["content"] == ATTACK


def test_void_elements_have_no_closing_tag():
    assert str(htpy.br) == "<br>"
    assert str(htpy.div["a", htpy.br, "b"]) == "<div>a<br>b</div>"
    rendered = str(page(example_request(), title="x", content=form(AttackForm())))
    for tag in ("input", "meta", "link", "br"):
        assert f"</{tag}>" not in rendered
    assert "<input " in rendered
    assert '<meta charset="utf-8">' in rendered
