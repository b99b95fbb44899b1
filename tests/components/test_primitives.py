import pytest
from django import forms
from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils import translation

from ej_components.examples import example_request
from ej_components.forms import form
from ej_components.pagination import pagination
from ej_components.primitives import button, card, empty_state, link, progress_bar
from ej_components.tables import Column, table

from .htmltools import elements, text


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def page_of(number, count=500, per_page=10):
    return Paginator(range(count), per_page).page(number)


# pagination


def test_pagination_elides_long_runs_and_marks_the_current_page():
    html = str(pagination(page=page_of(25)))
    links = elements(html, "a")
    numbers = [a["href"] for a in links if a.get("class") == "pagination__link"]
    assert numbers == [f"?page={n}" for n in (1, 23, 24, 25, 26, 27, 50)]
    assert html.count("…") == 2
    current = [a for a in links if a.get("aria-current") == "page"]
    assert [a["href"] for a in current] == ["?page=25"]
    assert next(a for a in links if a.get("rel") == "prev")["href"] == "?page=24"
    assert next(a for a in links if a.get("rel") == "next")["href"] == "?page=26"
    assert elements(html, "nav")[0]["aria-label"] == "Pagination"


def test_pagination_disables_previous_on_the_first_page():
    html = str(pagination(page=page_of(1)))
    disabled = [s for s in elements(html, "span") if s.get("aria-disabled") == "true"]
    assert len(disabled) == 1 and "pagination__prev" in disabled[0]["class"]
    assert [a for a in elements(html, "a") if a.get("rel") == "prev"] == []


def test_pagination_keeps_other_query_parameters():
    query = QueryDict("q=sa%C3%BAde&tag=a&tag=b&page=3")
    html = str(pagination(page=page_of(3, count=40), query=query))
    hrefs = [a["href"] for a in elements(html, "a")]
    assert "?q=sa%C3%BAde&tag=a&tag=b&page=4" in hrefs
    assert all(href.count("page=") == 1 for href in hrefs)


def test_pagination_with_a_plain_mapping_and_other_parameter_name():
    html = str(pagination(page=page_of(2, count=30), query={"sort": "new"}, param="p"))
    assert "?sort=new&p=3" in [a["href"] for a in elements(html, "a")]


def test_a_single_page_needs_no_pagination():
    assert str(pagination(page=page_of(1, count=5))) == ""


# progress bar


def test_progress_bar_with_zero_maximum():
    html = str(progress_bar(value=0, maximum=0, label="Votes"))
    [bar] = elements(html, "progress")
    assert bar["value"] == "0" and bar["max"] == "1"
    assert "0 of 0 (0%)" in text(html)
    assert bar["aria-valuetext"] == "0 of 0 (0%)"


def test_progress_bar_values():
    html = str(progress_bar(value=3, maximum=12, label="Votes"))
    [bar] = elements(html, "progress")
    assert (bar["value"], bar["max"]) == ("3", "12")
    assert "3 of 12 (25%)" in text(html)
    assert "Votes" in text(html)
    over = str(progress_bar(value=30, maximum=12, label="Votes"))
    assert "12 of 12 (100%)" in text(over)


def test_progress_bar_is_labelled():
    html = str(progress_bar(value=1, maximum=2, label="Votes"))
    assert html.index("<label") < html.index("<progress") < html.index("</label>")


# links, buttons, cards, empty states


def test_link_variants_and_current():
    assert (
        str(link(href="/", text="Home", current=True)) == '<a href="/" aria-current="page">Home</a>'
    )
    assert 'class="button button--primary"' in str(
        link(href="/signup/", text="Sign up", variant="primary")
    )
    assert 'rel="noopener noreferrer"' in str(link(href="https://x.org", text="x", external=True))


def test_button_variants_type_and_disabled():
    html = str(button(text="Delete", variant="danger", type="submit", disabled=True))
    assert html == '<button type="submit" class="button button--danger" disabled>Delete</button>'
    with pytest.raises(ValueError):
        button(text="x", variant="shiny")
    with pytest.raises(ValueError):
        button(text="x", type="image")


def test_card_links_its_title():
    html = str(card(title="Transport", body="Text", href="/c/1/", heading_level=3))
    assert '<h3 class="card__title"><a href="/c/1/">Transport</a></h3>' in html


def test_empty_state_with_action():
    html = str(empty_state(title="Nothing", message="Yet", action=link(href="/new/", text="New")))
    assert "Nothing" in text(html) and {"href": "/new/"} in elements(html, "a")


# tables


def test_table_headers_cells_and_empty_message():
    columns = [Column("name", "Name"), Column("votes", "Votes", numeric=True), ("ok", "OK")]
    html = str(table(columns=columns, rows=[{"name": "A", "votes": 2.5, "ok": True}], caption="T"))
    assert [th["scope"] for th in elements(html, "th")] == ["col"] * 3
    assert "<caption" in html
    assert text(html).endswith("A2.5Yes")
    empty = str(table(columns=columns, rows=[], caption="T", empty="No rows."))
    assert elements(empty, "td")[-1]["colspan"] == "3"
    assert "No rows." in text(empty)


def test_table_rows_may_be_objects_and_columns_functions():
    class Row:
        title = "Transport"

    html = str(
        table(
            columns=[Column(lambda row: link(href="/t/", text=row.title), "Title")],
            rows=[Row()],
            caption="T",
        )
    )
    assert {"href": "/t/"} in elements(html, "a")


# forms


class SignupForm(forms.Form):
    name = forms.CharField(help_text="Shown next to votes.")
    email = forms.EmailField()
    topic = forms.ChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, help_text="Pick one."
    )
    extra = forms.CharField(required=False)

    def clean(self):
        raise forms.ValidationError("Something is off.")


def test_form_has_csrf_token_labels_and_required_markers():
    html = str(form(SignupForm(), request=example_request(), submit="Join"))
    [csrf] = [i for i in elements(html, "input") if i.get("name") == "csrfmiddlewaretoken"]
    assert csrf["type"] == "hidden" and csrf["value"]
    labels = {
        label["for"]
        for label in elements(html, "label")
        if "for" in label and label.get("class") == "field__label"
    }
    assert labels == {"id_name", "id_email", "id_extra"}
    assert html.count("field__required") == 3
    assert "<legend" in html  # the radio group is a fieldset
    assert elements(html, "button")[-1]["type"] == "submit"
    assert "Join" in text(html)


def test_form_without_request_or_with_get_has_no_csrf_token():
    assert "csrfmiddlewaretoken" not in str(form(SignupForm()))
    assert "csrfmiddlewaretoken" not in str(
        form(SignupForm(), method="get", request=example_request())
    )


def test_form_errors_are_announced_and_tied_to_fields():
    bound = SignupForm({"name": "", "email": "nope", "topic": "a"})
    bound.is_valid()
    html = str(form(bound))
    alert = [d for d in elements(html, "div") if d.get("role") == "alert"]
    assert alert == [{"class": "form__errors", "role": "alert"}]
    assert "Something is off." in text(html)
    [name] = [i for i in elements(html, "input") if i.get("name") == "name"]
    assert name["aria-invalid"] == "true"
    assert name["aria-describedby"] == "id_name_helptext id_name_error"
    ids = {tag.get("id") for _, tag in elements(html)}
    assert {"id_name_helptext", "id_name_error", "id_email_error", "id_topic_helptext"} <= ids
    [fieldset] = elements(html, "fieldset")
    assert fieldset["aria-describedby"] == "id_topic_helptext"
