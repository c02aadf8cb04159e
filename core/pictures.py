"""The site's pictures: the sizes it shows images at (PICTURE_SIZES), each a set of Wagtail
renditions rendered by Wagtail's own `Picture` (`<picture>` with AVIF/WebP sources, srcset, sizes,
width and height), and the sharing preview's rendition. core.images makes them all ahead of visits."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.safestring import mark_safe
from wagtail.images import get_image_model
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_rendition_or_not_found, get_renditions_or_not_found

from .fragments import kept


@dataclass(frozen=True)
class PictureSize:
    """A place where the site shows pictures: the renditions it needs and how wide it is on screen.

    `resize` and `formats` are Wagtail filter specs with brace expansions (`fill-{400x225,800x450}`:
    fill crops keep the image's focal point in frame); the last format is the `<img>` fallback, the
    others `<source>`s. `sizes` is the `sizes` attribute; empty for a picture shown at its own width
    (a logo), which then gets that width."""

    resize: str
    formats: str
    sizes: str = ""

    @property
    def filter_specs(self):
        return tuple(Filter.expand_spec([self.resize, self.formats]))


# Photos: AVIF (a third of WebP's weight, and cheap to make with this Pillow), WebP, JPEG for the rest.
# Logos: WebP, PNG kept for transparency; `max-` never crops a logo.
PHOTO_FORMATS = "format-{avif,webp,jpeg}"
LOGO_FORMATS = "format-{webp,png}"
PICTURE_SIZES = {
    # A card in a grid of 18rem-wide columns (one column on a phone, three in the 72rem container).
    "card": PictureSize(
        "fill-{400x225,800x450}", PHOTO_FORMATS, "(min-width: 72rem) 22rem, (min-width: 40rem) 45vw, 100vw"
    ),
    # The text column (--measure): a publication's image, an image block; never cropped.
    "wide": PictureSize("width-{400,800,1200}", PHOTO_FORMATS, "(min-width: 46rem) 44rem, 100vw"),
    "logo": PictureSize("max-{160x80,320x160}", LOGO_FORMATS),
    "logo-large": PictureSize("max-{320x160,640x320}", LOGO_FORMATS),
    # The logo staff may set in the site settings, 48 px tall in the header.
    "brand": PictureSize("max-{96x48,192x96}", LOGO_FORMATS),
}
# Sharing previews (Open Graph, Twitter cards): the size these services recommend, in JPEG, which
# every one of them reads.
SHARE_FILTER = "fill-1200x630|format-jpeg"

# Every filter spec the site's templates and prefetches ask for: made ahead for each uploaded image.
RENDITION_FILTERS = tuple(
    dict.fromkeys([*(spec for size in PICTURE_SIZES.values() for spec in size.filter_specs), SHARE_FILTER])
)


def picture(image, size, **attrs):
    """The `<picture>` of `image` at PICTURE_SIZES[`size`], by Wagtail's own Picture; `attrs` go on the
    `<img>` (alt, class, loading...)."""
    size = PICTURE_SIZES[size]
    # A file missing from the media folder gives a broken picture, not a 500 (as Wagtail's tags do).
    renditions = get_renditions_or_not_found(image, size.filter_specs)
    if size.sizes:
        attrs.setdefault("sizes", size.sizes)
    else:
        smallest = next(iter(renditions.values()))
        attrs.setdefault("sizes", f"{smallest.width}px")
    return Picture(renditions, attrs)


def kept_picture(request, image_id, load_image, size, alt="", **attrs):
    """`picture()` of the image `image_id` as HTML, kept with the content generation, which every change
    of an image renews: the same picture on the next page costs no rendition lookup, and the image
    itself (`load_image()`) is read only to make it."""
    key = f"picture|{image_id}|{size}|{alt}|{sorted(attrs.items())}"
    return mark_safe(kept(request, key, lambda: str(picture(load_image(), size, alt=alt, **attrs).__html__())))


def with_renditions(lookup, *sizes):
    """A prefetch of the images at `lookup` with their renditions at these PICTURE_SIZES names: two
    queries for a whole list, none per picture."""
    specs = [spec for size in sizes for spec in PICTURE_SIZES[size].filter_specs]
    return Prefetch(lookup, queryset=get_image_model().objects.prefetch_renditions(*specs))


def share_image_url(image, request):
    """The absolute URL of `image`'s sharing preview rendition (its path kept with the content
    generation, which every change of an image renews)."""
    path = kept(request, f"share-image|{image.pk}", lambda: get_rendition_or_not_found(image, SHARE_FILTER).url)
    return request.build_absolute_uri(path)
