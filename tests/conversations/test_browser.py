"""In a real browser: log in, vote through a conversation with the keyboard only, write a
comment, and a moderator approves it."""

import pytest
from django.contrib.auth import get_user_model

from ej.conversations import services
from ej.conversations.models import Comment, Vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-pass-phrase-42"
COMMENTS = ["Mais ônibus à noite.", "Tarifa zero aos domingos.", "Mais ciclovias."]


def log_in(tab, live_server, email):
    tab.goto(f"{live_server.url}/login/")
    tab.locator("main input[type=email], main input[name=username]").first.fill(email)
    tab.locator("main input[type=password]").first.fill(PASSWORD)
    tab.locator("main input[type=password]").first.press("Enter")
    tab.wait_for_load_state()


def focused(tab):
    return tab.evaluate(
        "() => { const e = document.activeElement;"
        " return {tag: e.tagName, name: e.name || '', value: e.value || ''}; }"
    )


def tab_to(tab, matches, limit=60):
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if matches(focused(tab)):
            return
    raise AssertionError("the keyboard never reached the element")


def test_vote_comment_and_moderate_with_a_browser(page, browser, live_server):
    User = get_user_model()
    organizer = User.objects.create_user(email="organizer@example.org", password=PASSWORD)
    voter = User.objects.create_user(email="voter@example.org", password=PASSWORD, name="Vera")
    conversation = services.conversation_create(
        author=organizer, title="Transporte", text="Como melhorar?", comments=COMMENTS
    )

    log_in(page, live_server, voter.email)
    page.goto(f"{live_server.url}{conversation.get_absolute_url()}")
    progress = page.locator(".progress__text")
    assert progress.inner_text().startswith("0 of 3")

    # First vote: Tab to a vote button, Enter.
    tab_to(page, lambda element: element["name"] == "choice" and element["value"] == "agree")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.progress__text').innerText.startsWith('1 of 3')"
    )
    # The new card has the focus: the shortcut keys vote.
    assert page.evaluate("() => document.activeElement.hasAttribute('data-ej-vote-card')")
    page.keyboard.press("d")
    page.wait_for_function(
        "() => document.querySelector('.progress__text').innerText.startsWith('2 of 3')"
    )
    # And plain Tab, Tab, Enter works too (disagree, then skip).
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page)["value"] == "skip"
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.progress__text').innerText.startsWith('3 of 3')"
    )
    # The skipped comment comes back last; A agrees with it.
    assert "the ones you skipped" in page.inner_text("#participation")
    page.keyboard.press("a")
    page.wait_for_selector(".participation__done")
    assert "You have voted on every comment" in page.inner_text("#participation")
    assert sorted(Vote.objects.filter(author=voter).values_list("choice", flat=True)) == [-1, 1, 1]

    # Write a comment with the keyboard.
    tab_to(page, lambda element: element["tag"] == "TEXTAREA")
    page.keyboard.type("Ônibus elétricos nas linhas centrais.")
    tab_to(page, lambda element: element["tag"] == "BUTTON")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.your-comments') !== null")
    assert "awaiting moderation" in page.inner_text(".your-comments")
    comment = Comment.objects.get(author=voter)
    assert comment.status == Comment.Status.PENDING

    # The organizer approves it from the moderation queue.
    context = browser.new_context(locale="en-US")
    moderator_tab = context.new_page()
    log_in(moderator_tab, live_server, organizer.email)
    moderator_tab.goto(f"{live_server.url}{conversation.url('conversation-moderate')}")
    moderator_tab.get_by_role("checkbox").first.check()
    moderator_tab.get_by_role("button", name="Approve ticked").click()
    moderator_tab.wait_for_load_state()
    assert "1 comment approved." in moderator_tab.inner_text("main")
    context.close()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED

    # Back to the participant: their own comment is now the one to vote on.
    page.reload()
    assert page.inner_text(".comment-card__text") == "Ônibus elétricos nas linhas centrais."
    assert "Your comment" in page.inner_text(".comment-card")
