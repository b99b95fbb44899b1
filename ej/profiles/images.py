"""Avatar uploads: checked by content, size and dimensions, then re-encoded.

Whatever was uploaded, what is stored is a new JPEG that Pillow drew: square, at most
``EJ_AVATAR_SIZE`` pixels a side, without the original's metadata (EXIF, GPS, comments).
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

__all__ = ["ACCEPTED_FORMATS", "avatar_from_upload"]

ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def _not_an_image() -> ValidationError:
    return ValidationError(
        _("This file is not a picture we can read. Upload a JPEG, PNG, GIF or WebP image."),
        code="not_an_image",
    )


def avatar_from_upload(upload) -> ContentFile:
    """The stored version of an uploaded picture; ``ValidationError`` with a message for the
    person when it is too big, too large or not an image."""
    max_bytes = settings.EJ_AVATAR_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("The picture is too big (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_big",
        )
    data = upload.read()
    limit = settings.EJ_AVATAR_MAX_DIMENSION
    try:
        # Opening reads only the header: the size is checked before any pixel is decoded.
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise _not_an_image()
            width, height = probe.size
            if width > limit or height > limit:
                raise ValidationError(
                    _(
                        "The picture is %(width)s×%(height)s pixels. The largest accepted is "
                        "%(limit)s×%(limit)s."
                    )
                    % {"width": width, "height": height, "limit": limit},
                    code="too_large",
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)  # the first frame of an animation
            image.load()
            picture = _square(ImageOps.exif_transpose(image), settings.EJ_AVATAR_SIZE)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise _not_an_image() from None
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=85, optimize=True)
    return ContentFile(output.getvalue(), name="avatar.jpg")


def _square(image: Image.Image, size: int) -> Image.Image:
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    else:
        image = image.convert("RGB")
    side = min(image.size)
    return ImageOps.fit(image, (min(side, size), min(side, size)), Image.Resampling.LANCZOS)
