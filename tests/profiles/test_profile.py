import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image

from ej.profiles.models import Profile

from .conftest import image_bytes

pytestmark = pytest.mark.django_db

FIELDS = {
    "name": "Ana B. Lima",
    "biography": "Professora em Recife.",
    "gender": "woman",
    "race": "parda",
    "birth_date": "1990-03-12",
    "city": "  Recife ",
    "state": "PE",
    "country": "Brasil",
    "occupation": "Professora",
    "education": "postgraduate",
    "political_orientation": "center_left",
}


def upload(content: bytes, name="me.png", content_type="image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def files_in(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def edit(client, **data):
    return client.post("/profile/edit/", {**FIELDS, **data}, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("path", ["/profile/", "/profile/edit/", "/profile/contributions/"])
def test_profile_pages_need_a_login(client, path):
    assert client.get(path)["Location"] == f"/login/?next={path}"


def test_the_profile_page_is_created_on_first_visit(client, user):
    client.force_login(user)
    response = client.get("/profile/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ana Beatriz Lima" in html
    assert "No answers yet" in html
    assert Profile.objects.filter(user=user).exists()


def test_editing_saves_every_field(client, user):
    client.force_login(user)

    response = edit(client, avatar=upload(image_bytes()))

    assert response.status_code == 302
    assert response["Location"] == "/profile/"
    user.refresh_from_db()
    profile = user.profile
    assert user.name == "Ana B. Lima"
    assert profile.city == "Recife"
    assert profile.birth_date == datetime.date(1990, 3, 12)
    assert (profile.gender, profile.race, profile.state) == ("woman", "parda", "PE")
    assert profile.avatar.name.startswith("avatars/") and profile.avatar.name.endswith(".jpg")
    assert "me" not in Path(profile.avatar.name).name

    page = client.get("/profile/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in ("Ana B. Lima", "Professora em Recife.", "Brown (parda)", "Pernambuco", "Recife"):
        assert text in page
    assert profile.avatar.url in page


def test_the_avatar_is_re_encoded_square_and_without_metadata(client, user, settings):
    exif = Image.Exif()
    exif[0x010E] = "secret GPS description"  # ImageDescription
    content = image_bytes("JPEG", size=(900, 600), exif=exif.tobytes())
    assert b"secret GPS" in content
    client.force_login(user)

    edit(client, avatar=upload(content, name="holiday.jpg", content_type="image/jpeg"))

    stored = Path(settings.MEDIA_ROOT) / Profile.objects.get(user=user).avatar.name
    data = stored.read_bytes()
    assert b"secret GPS" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == (settings.EJ_AVATAR_SIZE, settings.EJ_AVATAR_SIZE)
        assert not image.getexif()


def test_a_new_avatar_replaces_the_old_file_and_can_be_removed(
    client, user, settings, django_capture_on_commit_callbacks
):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        edit(client, avatar=upload(image_bytes()))
    first = files_in(settings)
    with django_capture_on_commit_callbacks(execute=True):
        edit(client, avatar=upload(image_bytes(color=(0, 0, 200))))
    second = files_in(settings)
    assert len(first) == len(second) == 1 and first != second

    with django_capture_on_commit_callbacks(execute=True):
        edit(client, remove_avatar="on")
    assert files_in(settings) == []
    assert not Profile.objects.get(user=user).avatar


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"just some text, not an image", "notes.png", "This file is not a picture we can read."),
        (b"GIF89a" + b"\x00" * 40, "broken.gif", "This file is not a picture we can read."),
        (b"%PDF-1.4 fake", "document.pdf", "This file is not a picture we can read."),
    ],
)
def test_what_is_not_an_image_is_refused(client, user, settings, content, name, message):
    client.force_login(user)

    response = edit(client, avatar=upload(content, name=name), city="Olinda")

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'id="id_avatar_error"' in html
    assert files_in(settings) == []
    assert Profile.objects.get(user=user).city == ""  # nothing written


def test_an_oversized_avatar_is_refused(client, user, settings):
    settings.EJ_AVATAR_MAX_BYTES = 1000
    client.force_login(user)
    content = image_bytes("PNG", size=(300, 300))
    big = content + b"\x00" * 2000

    response = edit(client, avatar=upload(big))

    assert response.status_code == 200
    assert "The picture is too big" in response.content.decode()
    assert files_in(settings) == []


def test_an_avatar_with_too_many_pixels_is_refused(client, user, settings):
    settings.EJ_AVATAR_MAX_DIMENSION = 100
    client.force_login(user)

    response = edit(client, avatar=upload(image_bytes(size=(101, 40))))

    assert response.status_code == 200
    assert "The picture is 101×40 pixels." in response.content.decode()
    assert files_in(settings) == []


@pytest.mark.parametrize(
    ("birth_date", "message"),
    [
        (
            (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
            "cannot be in the future",
        ),
        ("1850-01-01", "more than 120 years old"),
        ("31/02/1990", "Enter a valid date."),
    ],
)
def test_bad_birth_dates_are_refused(client, user, birth_date, message):
    client.force_login(user)
    response = edit(client, birth_date=birth_date)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'id="id_birth_date_error"' in html
    user.refresh_from_db()
    assert user.name == "Ana Beatriz Lima"
    assert Profile.objects.get(user=user).birth_date is None


def test_an_unknown_state_is_refused(client, user):
    client.force_login(user)
    response = edit(client, state="XX")
    assert 'id="id_state_error"' in response.content.decode()


def test_disabled_fields_vanish_from_the_form_and_the_page(client, user, settings):
    settings.EJ_PROFILE_FIELDS_DISABLED = ["race", "political_orientation"]
    Profile.objects.create(user=user, race="preta", gender="woman", political_orientation="left")
    client.force_login(user)

    form = client.get("/profile/edit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="race"' not in form and 'name="political_orientation"' not in form
    assert 'name="gender"' in form

    page = client.get("/profile/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Black (preta)" not in page
    assert "Woman" in page

    # Posting a disabled field changes nothing.
    edit(client, race="branca")
    assert Profile.objects.get(user=user).race == "preta"


def test_the_edit_form_needs_the_csrf_token(csrf_client, user):
    csrf_client.force_login(user)
    assert csrf_client.post("/profile/edit/", FIELDS).status_code == 403
    assert not Profile.objects.filter(user=user, city="Recife").exists()


# Other people's profiles


def test_a_private_profile_is_not_found_for_others(client, user, other):
    Profile.objects.create(user=user, biography="Privado")
    client.force_login(other)
    assert client.get(f"/profile/{user.pk}/").status_code == 404
    assert client.get("/profile/999999/").status_code == 404


def test_a_public_profile_shows_only_public_information(client, user, other):
    Profile.objects.create(
        user=user, is_public=True, biography="Professora.", city="Recife", race="parda"
    )
    for viewer in (None, other):
        if viewer:
            client.force_login(viewer)
        response = client.get(f"/profile/{user.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Ana Beatriz Lima" in html and "Professora." in html
        for private in ("ana@example.org", "Recife", "Brown (parda)"):
            assert private not in html


def test_your_own_profile_id_leads_to_your_profile(client, user):
    client.force_login(user)
    assert client.get(f"/profile/{user.pk}/")["Location"] == "/profile/"


def test_removed_accounts_have_no_profile_page(client, user, other):
    from ej.users.services import account_remove

    Profile.objects.create(user=user, is_public=True)
    account_remove(user=user)
    client.force_login(other)
    assert client.get(f"/profile/{user.pk}/").status_code == 404


def test_the_avatar_shows_wherever_the_person_is_shown(user):
    from ej_components.users import user_avatar

    Profile.objects.create(user=user, avatar="avatars/abc.jpg")
    user = type(user).objects.select_related("profile").get(pk=user.pk)
    html = str(user_avatar(user))
    assert 'src="/media/avatars/abc.jpg"' in html
    assert 'aria-label="Ana Beatriz Lima"' in html
    with translation.override("en"):
        assert "AL" in html  # the initials stay behind the picture


def test_removing_the_account_deletes_the_avatar_file(
    client, user, settings, django_capture_on_commit_callbacks
):
    from ej.users.services import account_remove

    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        edit(client, avatar=upload(image_bytes()))
    assert len(files_in(settings)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        account_remove(user=user)

    assert files_in(settings) == []
    assert not Profile.objects.filter(user=user).exists()
