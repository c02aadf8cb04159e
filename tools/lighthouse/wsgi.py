"""The site's WSGI application as nginx presents it in production, for `make lighthouse` only.

In production nginx (deploy/nginx/rhinocc.conf) serves /media/ and compresses the pages; here
gunicorn stands alone, so WhiteNoise serves MEDIA_ROOT and Django's GZipMiddleware, outermost,
compresses. `autorefresh` makes WhiteNoise look each media file up when asked: renditions are
written while the pages render, after the server has started.
"""

import django
from django.conf import settings

django.setup(set_prefix=False)
settings.MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *settings.MIDDLEWARE]

from django.core.wsgi import get_wsgi_application  # noqa: E402
from whitenoise import WhiteNoise  # noqa: E402

application = WhiteNoise(get_wsgi_application(), autorefresh=True)
application.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
