"""Tags every layer may load: the site's responsive pictures."""

from django import template
from django.utils.safestring import mark_safe

from core.fragments import kept
from core.pictures import picture

register = template.Library()


@register.simple_tag(takes_context=True)
def sized_picture(context, image, size, alt="", lazy=True, **attrs):
    """`{% sized_picture page.image "card" alt=page.image_alt %}`: a `<picture>` with the renditions of
    the named size (core.images.PICTURE_SIZES), width, height, srcset and sizes, AVIF/WebP sources.
    `alt` is empty unless given (an image beside its title says nothing more); `lazy=False` for a
    picture in the first screen. The HTML is kept with the content generation, which every change of
    an image renews (core/cache.py): the same picture on the next page costs no rendition lookup."""
    if not image:
        return ""
    if lazy:
        attrs.update(loading="lazy", decoding="async")
    key = f"picture|{image.pk}|{size}|{alt}|{sorted(attrs.items())}"
    return mark_safe(kept(context.get("request"), key, lambda: str(picture(image, size, alt=alt, **attrs).__html__())))
