"""The scoring rules of Mozilla's HTTP Observatory (MDN's version, github.com/mdn/mdn-http-observatory,
src/analyzer/tests/*.js and src/grader/charts.js), for the tests that headers alone decide.

`score(https_response, http_response)` takes a Django test-client response to the HTTPS request and
the one to the same address over plain HTTP, and returns a Scan: the modifier of every test, the
final score and grade. Like the Observatory, bonuses count only when the score without them is at
least 90. The HSTS preload list is not consulted (it only adds a bonus).
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

SIX_MONTHS = 15_552_000  # the Observatory's own "white lie" for six months
DANGEROUSLY_BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
NONCES_HASHES = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
PRIVATE_REFERRERS = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
UNSAFE_REFERRERS = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}
GRADES = [(100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"), (60, "C+"), (50, "C")]
GRADES += [(45, "C-"), (40, "D+"), (30, "D"), (25, "D-"), (0, "F")]
DIRECTIVE = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass
class Scan:
    results: dict = field(default_factory=dict)  # test name -> (expectation, modifier)

    def add(self, test, expectation, modifier):
        self.results[test] = (expectation, modifier)

    @property
    def penalties(self):
        return {name: result for name, result in self.results.items() if result[1] < 0}

    @property
    def score(self):
        uncurved = 100 + sum(modifier for _, modifier in self.results.values() if modifier < 0)
        if uncurved < 90:
            return max(uncurved, 0)
        return 100 + sum(modifier for _, modifier in self.results.values())

    @property
    def grade(self):
        rounded = min(self.score - self.score % 5, 100)
        return next(grade for floor, grade in GRADES if rounded >= floor)

    def __str__(self):
        lines = [f"{self.score} ({self.grade})"]
        lines += [f"  {name}: {expectation} ({modifier:+d})" for name, (expectation, modifier) in self.results.items()]
        return "\n".join(lines)


def parse_csp(values):
    """{directive: set(sources)} from the header's values; ValueError when it cannot be parsed."""
    policy = {}
    for value in values:
        for part in value.split(","):
            for directive in part.split(";"):
                tokens = directive.strip().split()
                if not tokens:
                    continue
                name = tokens[0].lower()
                if not DIRECTIVE.match(name):
                    raise ValueError(f"invalid directive {name!r}")
                # A later policy can only restrict; the Observatory keeps the first of duplicates.
                policy.setdefault(name, {token.lower() if token.startswith("'") else token for token in tokens[1:]})
    return policy


def _csp(scan, response, url):
    values = [v for k, v in response.items() if k.lower() == "content-security-policy"]
    if not values:
        scan.add("content-security-policy", "csp-not-implemented", -25)
        return {}
    try:
        csp = parse_csp(values)
    except ValueError:
        scan.add("content-security-policy", "csp-header-invalid", -25)
        return {}
    default = csp.get("default-src")
    script_src = set(csp.get("script-src") or default or {"*"})
    style_src = set(csp.get("style-src") or default or {"*"})
    object_src = csp.get("object-src") or default or {"*"}
    for sources in (script_src, style_src):
        if any(s.startswith(NONCES_HASHES) for s in sources):
            sources.discard("'unsafe-inline'")
    active = [s for name, sources in csp.items() if name not in ("img-src", "media-src", "script-src") for s in sources]
    active += script_src
    passive = [s for name in ("img-src", "media-src") for s in (csp.get(name) or default or set())]
    https = url.startswith("https:")

    result = None
    if script_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE) or set(object_src) & DANGEROUSLY_BROAD:
        result = result or ("csp-implemented-with-unsafe-inline", -20)
    if https and any(s.startswith(("http:", "ftp:")) for s in active):
        result = result or ("csp-implemented-with-insecure-scheme", -20)
    if "'unsafe-eval'" in script_src | style_src:
        result = result or ("csp-implemented-with-unsafe-eval", -10)
    if https and any(s.startswith(("http:", "ftp:")) for s in passive):
        result = result or ("csp-implemented-with-insecure-scheme-in-passive-content-only", -10)
    if style_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE):
        result = result or ("csp-implemented-with-unsafe-inline-in-style-src-only", 0)
    if default == {"'none'"}:
        result = result or ("csp-implemented-with-no-unsafe-default-src-none", 10)
    result = result or ("csp-implemented-with-no-unsafe", 5)
    scan.add("content-security-policy", *result)
    return csp


def _cookies(scan, responses, hsts):
    order = [
        "cookies-without-secure-flag-but-protected-by-hsts",
        "cookies-without-secure-flag",
        "cookies-session-without-secure-flag-but-protected-by-hsts",
        "cookies-samesite-flag-invalid",
        "cookies-anticsrf-without-samesite-flag",
        "cookies-session-without-httponly-flag",
        "cookies-session-without-secure-flag",
    ]
    modifiers = dict(zip(order, [-5, -20, -10, -20, -20, -30, -40], strict=True))
    worst = None

    def worse(expectation):
        nonlocal worst
        if worst is None or order.index(expectation) > order.index(worst):
            worst = expectation

    cookies = [morsel for response in responses for morsel in response.cookies.values()]
    if not cookies:
        scan.add("cookies", "cookies-not-found", 0)
        return
    missing_samesite = False
    for morsel in cookies:
        name = morsel.key.lower()
        session = "login" in name or "sess" in name
        secure, httponly = bool(morsel["secure"]), bool(morsel["httponly"])
        samesite = morsel["samesite"]
        if samesite and samesite.lower() not in ("lax", "strict", "none"):
            worse("cookies-samesite-flag-invalid")
        if not secure and samesite.lower() == "none":
            worse("cookies-samesite-flag-invalid")
        if not secure:
            worse("cookies-without-secure-flag-but-protected-by-hsts" if hsts else "cookies-without-secure-flag")
        if "csrf" in name and not samesite:
            worse("cookies-anticsrf-without-samesite-flag")
        if session and not secure:
            worse(
                "cookies-session-without-secure-flag-but-protected-by-hsts"
                if hsts
                else "cookies-session-without-secure-flag"
            )
        if session and not httponly:
            worse("cookies-session-without-httponly-flag")
        missing_samesite = missing_samesite or not samesite
    if worst:
        scan.add("cookies", worst, modifiers[worst])
    elif missing_samesite:
        scan.add("cookies", "cookies-secure-with-httponly-sessions", 0)
    else:
        scan.add("cookies", "cookies-secure-with-httponly-sessions-and-samesite", 5)


def _cors(scan, response):
    origin = response.get("Access-Control-Allow-Origin")
    if origin is None:
        scan.add("cross-origin-resource-sharing", "cross-origin-resource-sharing-not-implemented", 0)
    elif origin.strip() == "*":
        scan.add("cross-origin-resource-sharing", "cross-origin-resource-sharing-implemented-with-public-access", 0)
    elif response.get("Access-Control-Allow-Credentials", "").lower() == "true":
        universal = "cross-origin-resource-sharing-implemented-with-universal-access"
        scan.add("cross-origin-resource-sharing", universal, -50)
    else:
        scan.add("cross-origin-resource-sharing", "cross-origin-resource-sharing-implemented-with-restricted-access", 0)


def _redirection(scan, http_response, host):
    location = http_response.get("Location", "") if http_response.status_code in (301, 302, 303, 307, 308) else ""
    if not location:
        scan.add("redirection", "redirection-missing", -20)
    elif not location.startswith("https://"):
        scan.add("redirection", "redirection-not-to-https-on-initial-redirection", -10)
    elif urlsplit(location).hostname != host:
        scan.add("redirection", "redirection-off-host-from-http", -5)
    else:
        scan.add("redirection", "redirection-to-https", 0)


def _referrer(scan, response):
    header = response.get("Referrer-Policy")
    if header is None:
        scan.add("referrer-policy", "referrer-policy-not-implemented", 0)
        return
    known = [p.strip().lower() for p in header.split(",") if p.strip().lower() in PRIVATE_REFERRERS | UNSAFE_REFERRERS]
    policy = known[-1] if known else ""
    if policy in PRIVATE_REFERRERS:
        scan.add("referrer-policy", "referrer-policy-private", 5)
    elif policy in UNSAFE_REFERRERS:
        scan.add("referrer-policy", "referrer-policy-unsafe", -5)
    else:
        scan.add("referrer-policy", "referrer-policy-header-invalid", -5)


def _hsts(scan, response):
    header = response.get("Strict-Transport-Security")
    if header is None:
        scan.add("strict-transport-security", "hsts-not-implemented", -20)
        return False
    max_age = None
    for parameter in header.lower().split(";"):
        if parameter.strip().startswith("max-age="):
            max_age = int(parameter.strip()[8:] or -1)
    if "," in header or max_age is None:
        scan.add("strict-transport-security", "hsts-header-invalid", -20)
        return False
    if max_age < SIX_MONTHS:
        scan.add("strict-transport-security", "hsts-implemented-max-age-less-than-six-months", -10)
        return False
    scan.add("strict-transport-security", "hsts-implemented-max-age-at-least-six-months", 0)
    return True


def _sri(scan, response, host):
    if "html" not in response.get("Content-Type", ""):
        scan.add("subresource-integrity", "sri-not-implemented-response-not-html", 0)
        return
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode(errors="replace"), re.IGNORECASE)
    sources = [(re.search(r"""\bsrc\s*=\s*["']?([^"' >]+)""", tag), "integrity=" in tag.lower()) for tag in scripts]
    external = [(m.group(1), sri) for m, sri in sources if m and urlsplit(m.group(1)).netloc not in ("", host)]
    if not scripts:
        scan.add("subresource-integrity", "sri-not-implemented-but-no-scripts-loaded", 0)
    elif not external:
        scan.add("subresource-integrity", "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0)
    elif any(not src.startswith("https:") for src, _ in external):
        scan.add("subresource-integrity", "sri-not-implemented-and-external-scripts-not-loaded-securely", -50)
    elif all(sri for _, sri in external):
        scan.add("subresource-integrity", "sri-implemented-and-external-scripts-loaded-securely", 5)
    else:
        scan.add("subresource-integrity", "sri-not-implemented-but-external-scripts-loaded-securely", -5)


def _xcto(scan, response):
    header = response.get("X-Content-Type-Options")
    if header is None:
        scan.add("x-content-type-options", "x-content-type-options-not-implemented", -5)
    elif header.strip().lower() == "nosniff":
        scan.add("x-content-type-options", "x-content-type-options-nosniff", 0)
    else:
        scan.add("x-content-type-options", "x-content-type-options-header-invalid", -5)


def _xfo(scan, response, csp):
    header = (response.get("X-Frame-Options") or "").strip().lower()
    if "frame-ancestors" in csp:
        scan.add("x-frame-options", "x-frame-options-implemented-via-csp", 5)
    elif header in ("deny", "sameorigin"):
        scan.add("x-frame-options", "x-frame-options-sameorigin-or-deny", 0)
    elif header.startswith("allow-from"):
        scan.add("x-frame-options", "x-frame-options-allow-from-origin", 0)
    elif header:
        scan.add("x-frame-options", "x-frame-options-header-invalid", -20)
    else:
        scan.add("x-frame-options", "x-frame-options-not-implemented", -20)


def _corp(scan, response):
    header = (response.get("Cross-Origin-Resource-Policy") or "").strip().lower()
    results = {
        "": ("cross-origin-resource-policy-not-implemented", 0),
        "same-origin": ("cross-origin-resource-policy-implemented-with-same-origin", 10),
        "same-site": ("cross-origin-resource-policy-implemented-with-same-site", 10),
        "cross-origin": ("cross-origin-resource-policy-implemented-with-cross-origin", 0),
    }
    scan.add("cross-origin-resource-policy", *results.get(header, ("cross-origin-resource-policy-header-invalid", -5)))


def score(https_response, http_response, host="testserver", url="https://testserver/"):
    """Score one page: its HTTPS response and the answer to the same address over plain HTTP."""
    scan = Scan()
    csp = _csp(scan, https_response, url)
    hsts = _hsts(scan, https_response)
    _cookies(scan, [http_response, https_response], hsts)
    _cors(scan, https_response)
    _redirection(scan, http_response, host)
    _referrer(scan, https_response)
    _sri(scan, https_response, host)
    _xcto(scan, https_response)
    _xfo(scan, https_response, csp)
    _corp(scan, https_response)
    return scan
