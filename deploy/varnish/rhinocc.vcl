vcl 4.1;
# RhinOcc's caching proxy: nginx (TLS, static and media files, its own French error pages)
#   → Varnish (this file, 127.0.0.1:6081) → gunicorn on each app server → PostgreSQL, Redis, media.
#
# The app decides what may be shared (core/cache.py): an anonymous public page says
# `Cache-Control: public, max-age=0, s-maxage=N`; anything else (a logged-in visitor, a reserved
# page, a form with its CSRF cookie) says `private, no-store`. This file keeps only the former, for
# N seconds, and forgets every page when the app sends `BAN /` after a change (core/proxy.py) on the
# purge address, which nginx never forwards to. Example to adapt: app servers at 127.0.0.1:8001
# and :8002, the checkout in /srv/rhinocc, the site rhinocc.fr. Started by varnish.service with
# deploy/systemd/varnish.service.d/rhinocc.conf. bench/cluster.py (make cluster-test) runs this
# very file in front of two gunicorn instances.

import directors;
import std;

# --- App servers (one backend per gunicorn) -----------------------------------------------------
probe rhinocc_health {
    # The app's health check: database and cache reachable (core/views.py). Plain HTTP is exempt
    # from the HTTPS redirect; the Host must be one of ALLOWED_HOSTS.
    .request = "GET /sante/ HTTP/1.1"
               "Host: rhinocc.fr"
               "Connection: close";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
}

backend app1 {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = rhinocc_health;
    .connect_timeout = 1s;
    .first_byte_timeout = 35s;  # gunicorn's timeout (30 s) first: its answer is our own 502 page
}

backend app2 {
    .host = "127.0.0.1";
    .port = "8002";
    .probe = rhinocc_health;
    .connect_timeout = 1s;
    .first_byte_timeout = 35s;
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}
# --- End of app servers -------------------------------------------------------------------------

# Who may ban or purge: the app servers (PROXY_PURGE_URLS), on the purge address only.
acl rhinocc_purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = app.backend();

    # Bans and purges arrive on the listen address named "purge" (varnishd -a purge=...): the
    # public address, which nginx feeds, refuses them like any other unknown method.
    if (req.method == "BAN" || req.method == "PURGE") {
        if (local.socket != "purge" || client.ip !~ rhinocc_purgers) {
            return (synth(405, "Method Not Allowed"));
        }
        if (req.method == "PURGE") {
            return (purge);  # one address, e.g. from wagtail.contrib.frontend_cache
        }
        # The whole site: listings, feeds, exports and query-string variants show every page.
        ban("obj.status != 0");
        return (synth(200, "Ban added"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, the login pages and private documents belong to one visitor.
    if (req.url ~ "^/(admin|connexion|documents|sante)(/|$)") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # A session (a logged-in member), a pending message or any unknown cookie: the app answers.
    # The CSRF cookie alone does not change a public page: the lookup ignores it, the app still
    # receives it (vcl_backend_fetch), so that an open form keeps its token.
    if (req.http.Cookie) {
        set req.http.X-Rhinocc-Cookie = req.http.Cookie;
        set req.http.Cookie = regsuball(req.http.Cookie, "(^|;\s*)csrftoken=[^;]*", "");
        if (req.http.Cookie ~ "[^;\s]") {
            set req.http.Cookie = req.http.X-Rhinocc-Cookie;
            unset req.http.X-Rhinocc-Cookie;
            return (pass);
        }
        unset req.http.Cookie;
    }
    # Query strings matter (filters, pages of a list, the search): they stay in the key.
    # The site speaks only French: one copy whatever the browser's languages.
    unset req.http.Accept-Language;
    # A copy past its lifetime is served only while every app server is down.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
    }
    return (hash);
}

sub vcl_backend_fetch {
    if (bereq.http.X-Rhinocc-Cookie) {
        set bereq.http.Cookie = bereq.http.X-Rhinocc-Cookie;
        unset bereq.http.X-Rhinocc-Cookie;
    }
}

sub vcl_backend_response {
    # Compression: HTML, feeds, CSV/JSON exports and other text (static files come compressed).
    if (!beresp.http.Content-Encoding
        && beresp.http.Content-Type ~ "^(text/|application/(json|xml|rss\+xml|atom\+xml|javascript)|image/svg\+xml)") {
        set beresp.do_gzip = true;
    }
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Static files (when no nginx serves them): WhiteNoise's hashed names, cached a year.
    if (bereq.url ~ "^/static/" && beresp.status == 200 && beresp.http.Cache-Control ~ "public"
        && !beresp.http.Set-Cookie) {
        return (deliver);
    }
    # Only what the app declares shareable, for the time it says: never a response that sets a
    # cookie, nor a private, no-store or no-cache one, nor one without s-maxage.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Cache-Control !~ "public"
        || beresp.http.Cache-Control !~ "s-maxage=[1-9]") {
        # Remember for a while that this address is not cached (hit-for-miss).
        set beresp.ttl = 60s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    set beresp.grace = 1h;
    return (deliver);
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Proxy-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Proxy-Cache = "HIT";
    } else {
        set resp.http.X-Proxy-Cache = "MISS";
    }
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}

# Every app server down or too slow: the French page of deploy/errors/, never Varnish's own.
sub vcl_backend_error {
    set beresp.status = 503;
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Cache-Control = "no-store";
    set beresp.http.Retry-After = "60";
    set beresp.ttl = 0s;
    synthetic(std.fileread("/srv/rhinocc/deploy/errors/indisponible.html"));
    return (deliver);
}

sub vcl_synth {
    if (resp.status == 503) {
        set resp.http.Content-Type = "text/html; charset=utf-8";
        set resp.http.Cache-Control = "no-store";
        synthetic(std.fileread("/srv/rhinocc/deploy/errors/indisponible.html"));
        return (deliver);
    }
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.http.Cache-Control = "no-store";
    synthetic(resp.reason + {"
"});
    return (deliver);
}
