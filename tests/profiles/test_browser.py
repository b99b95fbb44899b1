"""In a real browser: sign up, log out, log in, add a picture to the profile and see it."""

import pytest

from .conftest import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "carla@example.org"
PASSWORD = "pao-de-queijo-quente"


def test_sign_up_log_out_log_in_and_add_a_picture(page, live_server, tmp_path):
    picture = tmp_path / "me.png"
    picture.write_bytes(image_bytes("PNG", size=(300, 200), color=(20, 120, 60)))
    url = live_server.url

    page.goto(f"{url}/signup/")
    page.get_by_label("Name").fill("Carla Mendes")
    page.get_by_label("E-mail").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(f"{url}/")
    assert "Carla Mendes" in page.locator(".account__name").inner_text()

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{url}/")
    assert page.get_by_role("link", name="Log in").is_visible()

    page.goto(f"{url}/login/?next=/profile/edit/")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{url}/profile/edit/")

    page.get_by_label("Picture").set_input_files(str(picture))
    page.get_by_label("City").fill("Belo Horizonte")
    page.get_by_label("State").select_option("MG")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_url(f"{url}/profile/")

    assert page.get_by_role("heading", level=1).inner_text() == "Carla Mendes"
    assert page.get_by_text("Profile saved.").is_visible()
    assert page.get_by_text("Minas Gerais").is_visible()
    avatar = page.locator(".profile-header img.avatar__picture")
    avatar.wait_for()
    page.wait_for_function(
        "() => { const img = document.querySelector('.profile-header img.avatar__picture');"
        " return img && img.complete && img.naturalWidth > 0; }"
    )
    assert avatar.evaluate("img => img.naturalWidth") == 200
