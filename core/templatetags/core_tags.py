"""Tags every layer may load: the site's responsive pictures."""

from django import template

from core.pictures import kept_picture

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
    return kept_picture(context.get("request"), image.pk, lambda: image, size, alt=alt, **attrs)
