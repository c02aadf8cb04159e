"""Tags every layer may load: the site's responsive pictures."""

from django import template

from core.pictures import picture

register = template.Library()


@register.simple_tag
def sized_picture(image, size, alt="", lazy=True, **attrs):
    """`{% sized_picture page.image "card" alt=page.image_alt %}`: a `<picture>` with the renditions of
    the named size (core.images.PICTURE_SIZES), width, height, srcset and sizes, AVIF/WebP sources.
    `alt` is empty unless given (an image beside its title says nothing more); `lazy=False` for a
    picture in the first screen."""
    if not image:
        return ""
    if lazy:
        attrs.update(loading="lazy", decoding="async")
    return picture(image, size, alt=alt, **attrs)
