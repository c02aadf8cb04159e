"""The static files' storage: WhiteNoise's compressed manifest storage, whose URLs each process keeps."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """A static file's URL is fixed by the manifest this process loaded at start: every page asks for
    the same few (stylesheet, icons, scripts), each time through the manifest's name cleaning and
    hashing lookups. Kept per name: bounded by the names the templates use."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = self._urls[name] = super().url(name)
        return url
