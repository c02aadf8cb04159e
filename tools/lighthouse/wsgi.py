"""The site's WSGI application plus its media files, for `make lighthouse` only.

In production nginx serves /media/ (deploy/nginx/rhinocc.conf); here gunicorn stands alone, so
WhiteNoise serves MEDIA_ROOT too. `autorefresh` makes it look each file up when asked: renditions
are written while the pages render, after the server has started.
"""

from django.conf import settings
from whitenoise import WhiteNoise

from rhinocc.wsgi import application as site_application

application = WhiteNoise(site_application, autorefresh=True)
application.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
