"""Opening hours (OpenStreetMap `opening_hours` syntax): whether a place is open, in plain French.

The truth comes from opening-hours-py, the maintained parser the import already validates with:
every state and change of state is its answer, in Europe/Paris time, with its calendar of French
public holidays (`country="FR"`: the national ones, so `PH off` closes on 14 July and on Easter
Monday; Occitanie has no regional holiday). The places of the site are on Paris time; sunrise and
sunset are computed for the middle of the region unless the caller gives the place's coordinates.

The French description is ours: the library gives no syntax tree, so `describe()` reads the
library's canonical text of the hours (`str()`: days, times and modifiers spelled one way) with a
small grammar of the common patterns, and answers None for anything else (week numbers, "nth
weekday", sunrise, open ends, fallback rules...): the caller then shows the raw text. When a later
rule overrides the days of an earlier one ("Mo-Fr 09:00-18:00; We 09:00-12:00"), the two lines read
as if both applied, so the description is made from the library's normalised form instead, whose
rules never overlap.
"""

import datetime
import functools
import math
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import opening_hours

PARIS = ZoneInfo("Europe/Paris")
COUNTRY = "FR"
# Middle of Occitanie, for sunrise/sunset when the place's own coordinates are not given.
REGION_COORDS = (43.7, 2.1)
# A change further away than this counts as "no change": it bounds the work on rare rules.
MAX_INTERVAL_DAYS = 366

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_NAMES = dict(zip(DAYS, ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"), strict=True))
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = dict(
    zip(
        MONTHS,
        (
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ),
        strict=True,
    )
)


class Unsupported(Exception):
    """A pattern the French description does not cover (the caller shows the raw text)."""


@dataclass(frozen=True)
class OpenState:
    """Whether a place is open at an instant, and until when, in French: `headline` (« Ouvert
    maintenant ») and `detail` (« ferme à 18 h 30 »), joined in `label`.

    `is_open` is None when the hours say nothing sure (unparseable, "unknown", a comment only)."""

    is_open: bool | None
    next_change: datetime.datetime | None
    headline: str
    detail: str = ""
    comment: str = ""

    @property
    def label(self):
        return f"{self.headline}, {self.detail}" if self.detail else self.headline

    @property
    def css_state(self):
        return {True: "open", False: "closed"}.get(self.is_open, "unknown")


class Hours:
    """Parsed opening hours: the library's object, and the French description on demand."""

    def __init__(self, text, parsed):
        self.text = text
        self.parsed = parsed

    def __repr__(self):
        return f"Hours({self.text!r})"

    def canonical(self):
        return str(self.parsed)

    def state_at(self, at=None):
        """(state, comment, next change) at `at` (an aware datetime, now by default)."""
        at = paris_time(at)
        state, comment = self.parsed.state(at)
        return state, comment, self.parsed.next_change(at)

    def describe(self):
        """French lines (« du lundi au vendredi, de 9 h à 12 h »), or None when a pattern is not
        covered and the raw text should be shown instead."""
        try:
            rules = _read_rules(self.canonical())
            if _later_rule_overrides(rules):
                rules = _read_rules(str(self.parsed.normalize()))
            return [_describe_rule(rule) for rule in rules]
        except Unsupported:
            return None


def paris_time(at=None):
    """`at` (aware, any zone; naive is read as Paris time) as a Europe/Paris datetime."""
    if at is None:
        return datetime.datetime.now(PARIS)
    if at.tzinfo is None:
        return at.replace(tzinfo=PARIS)
    return at.astimezone(PARIS)


@functools.lru_cache(maxsize=2048)
def _compile(text, coords):
    return opening_hours.OpeningHours(
        text,
        timezone=PARIS,
        country=COUNTRY,
        coords=coords,
        auto_country=False,
        auto_timezone=False,
        max_interval_days=MAX_INTERVAL_DAYS,
    )


def parse(text, coords=None):
    """The hours of `text`, or None when it is empty or not in the OpenStreetMap syntax."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        parsed = _compile(text, tuple(coords) if coords else REGION_COORDS)
    except (opening_hours.ParserError, opening_hours.InvalidCoordinatesError, SyntaxError, ValueError):
        return None
    return Hours(text, parsed)


def describe(text):
    """French lines for `text`, or None (unparseable or a pattern not covered)."""
    hours = parse(text)
    return hours.describe() if hours else None


# --- Open now -------------------------------------------------------------------------------


def format_time(moment):
    """9 h, 18 h 30, minuit."""
    if moment.hour == 0 and moment.minute == 0:
        return "minuit"
    return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"


def format_when(moment, now):
    """« à 18 h 30 », « demain à 9 h », « lundi à 9 h », « le 1er septembre à 9 h »."""
    days = (moment.date() - now.date()).days
    at = f"à {format_time(moment)}"
    if moment.hour == 0 and moment.minute == 0 and days >= 1:
        # Midnight ends the previous day: « ferme à minuit », not « ferme demain à minuit ».
        days -= 1
        moment -= datetime.timedelta(minutes=1)
    if days == 0:
        return at
    if days == 1:
        return f"demain {at}"
    if days < 7:
        return f"{DAY_NAMES[DAYS[moment.weekday()]]} {at}"
    day = "1er" if moment.day == 1 else str(moment.day)
    return f"le {day} {MONTH_NAMES[MONTHS[moment.month - 1]]} {at}"


def open_state(text, at=None, coords=None):
    """Whether the place with hours `text` is open at `at` (now by default), in Paris time."""
    hours = parse(text, coords)
    if hours is None:
        return OpenState(None, None, "")
    now = paris_time(at)
    state, comment, change = hours.state_at(now)
    if state == opening_hours.State.OPEN and comment and change is None:
        # A comment alone ("sur rendez-vous") reads as "always open" to the library: say the comment.
        return OpenState(None, None, _capitalised(comment), comment=comment)
    if state == opening_hours.State.OPEN:
        detail = f"ferme {format_when(change, now)}" if change else ""
        return OpenState(True, change, "Ouvert maintenant", detail, comment)
    if state == opening_hours.State.CLOSED:
        detail = f"ouvre {format_when(change, now)}" if change else ""
        return OpenState(False, change, "Fermé maintenant", detail, comment)
    return OpenState(None, change, _capitalised(comment) or "Ouverture à confirmer", comment=comment)


def _capitalised(text):
    return text[:1].upper() + text[1:]


def cache_seconds(texts, at=None):
    """Seconds until the earliest change of state among these hours (None when none changes):
    the longest a page showing their open/closed state may be kept. It ends at midnight at the
    latest, since the labels speak of days relative to today (« ouvre demain à 9 h »)."""
    now = paris_time(at)
    soonest = None
    for text in texts:
        hours = parse(text)
        if hours is None:
            continue
        change = hours.parsed.next_change(now)
        if change is not None and (soonest is None or change < soonest):
            soonest = change
    if soonest is None:
        return None
    midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=PARIS)
    soonest = min(soonest, midnight)
    # In UTC: Python subtracts two datetimes of the same zone by their wall clocks, an hour off
    # across a daylight-saving change.
    seconds = (soonest.astimezone(datetime.UTC) - now.astimezone(datetime.UTC)).total_seconds()
    return max(1, math.ceil(seconds))


# --- French description ---------------------------------------------------------------------


@dataclass
class Rule:
    months: list  # [(first, last)] month indexes, or [] for the whole year
    dates: list  # [((month, day), (month, day))] date ranges
    days: list  # [(first, last)] weekday indexes
    holidays: bool  # PH
    times: list  # [(start minutes, end minutes)]
    modifier: str  # "", "closed", "unknown"
    comment: str
    always: bool  # 24/7

    @property
    def has_wide_selector(self):
        return bool(self.months or self.dates)


def _split_outside_quotes(text, separator):
    parts, current, quoted, index = [], [], False, 0
    while index < len(text):
        if text[index] == '"':
            quoted = not quoted
        if not quoted and text.startswith(separator, index):
            parts.append("".join(current))
            current = []
            index += len(separator)
            continue
        current.append(text[index])
        index += 1
    parts.append("".join(current))
    return parts


def _read_rules(canonical):
    if "||" in re.sub(r'"[^"]*"', "", canonical):
        raise Unsupported("fallback rule")
    rules = []
    for text in _split_outside_quotes(canonical, "; "):
        for additional in _split_outside_quotes(text, ", "):
            rules.append(_read_rule(additional.strip()))
    return rules


COMMENT_RE = re.compile(r'\s*"([^"]*)"$')
MODIFIER_RE = re.compile(r"\s*\b(closed|off|open|unknown)$")
TIME_RE = re.compile(r"(\d\d):(\d\d)-(\d\d):(\d\d)")
DATE_RE = re.compile(r"(?P<m1>[A-Z][a-z]{2}) (?P<d1>\d{1,2})(?:-(?:(?P<m2>[A-Z][a-z]{2}) )?(?P<d2>\d{1,2}))?")
MONTH_RANGE_RE = re.compile(r"(?P<m1>[A-Z][a-z]{2})(?:-(?P<m2>[A-Z][a-z]{2}))?")


def _month(name):
    if name not in MONTHS:
        raise Unsupported(name)
    return MONTHS.index(name)


def _day(name):
    if name not in DAYS:
        raise Unsupported(name)
    return DAYS.index(name)


def _read_rule(text):
    rule = Rule([], [], [], False, [], "", "", False)
    match = COMMENT_RE.search(text)
    if match:
        rule.comment, text = match.group(1).strip(), text[: match.start()]
    match = MODIFIER_RE.search(text)
    if match:
        rule.modifier = {"off": "closed", "open": ""}.get(match.group(1), match.group(1))
        text = text[: match.start()]
    tokens = text.split()
    if tokens[:1] == ["24/7"]:
        rule.always = True
        tokens = tokens[1:]
    # Wide selectors: "Aug", "Jul-Aug,Dec", "Dec 25", "Dec 24-Jan 2", "Aug 1-Aug 15".
    while tokens and tokens[0][:3] in MONTHS:
        selector = tokens.pop(0)
        while tokens and tokens[0][:1].isdigit() and not TIME_RE.fullmatch(tokens[0]):
            selector += " " + tokens.pop(0)
        for item in selector.split(","):
            date = DATE_RE.fullmatch(item)
            month = MONTH_RANGE_RE.fullmatch(item)
            if date:
                first = (_month(date["m1"]), int(date["d1"]))
                last = (_month(date["m2"] or date["m1"]), int(date["d2"] or date["d1"]))
                rule.dates.append((first, last))
            elif month:
                rule.months.append((_month(month["m1"]), _month(month["m2"] or month["m1"])))
            else:
                raise Unsupported(item)
    # Weekdays and public holidays: "Mo-Fr", "Tu,Th", "Su,PH".
    if tokens and tokens[0][:2] in (*DAYS, "PH"):
        for item in tokens.pop(0).split(","):
            if item == "PH":
                rule.holidays = True
            elif re.fullmatch(r"[A-Z][a-z](-[A-Z][a-z])?", item):
                first, _, last = item.partition("-")
                rule.days.append((_day(first), _day(last or first)))
            else:
                raise Unsupported(item)
    # Times: "09:00-12:00,14:00-18:30".
    if tokens:
        for item in tokens.pop(0).split(","):
            match = TIME_RE.fullmatch(item)
            if not match:
                raise Unsupported(item)
            hours1, minutes1, hours2, minutes2 = (int(group) for group in match.groups())
            rule.times.append((hours1 * 60 + minutes1, hours2 * 60 + minutes2))
    if tokens:
        raise Unsupported(" ".join(tokens))
    return rule


def _day_set(rule):
    days = set()
    for first, last in rule.days or [(0, 6)]:
        index = first
        days.add(index)
        while index != last:
            index = (index + 1) % 7
            days.add(index)
    return days


def _later_rule_overrides(rules):
    """Whether a later open rule takes days from an earlier one (both over the whole year)."""
    seen = set()
    for index, rule in enumerate(rules):
        if index and not (rule.has_wide_selector or rule.days or rule.holidays):
            return True  # a later rule for every day ("…; 24/7 off", '…; "sur rendez-vous"')
        if rule.has_wide_selector or rule.modifier or rule.holidays and not rule.days:
            continue
        days = _day_set(rule)
        if seen & days:
            return True
        seen |= days
    return False


def _join(parts):
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} et {parts[-1]}"


def _days_text(rule, with_articles=False):
    the = "le " if with_articles else ""
    parts = []
    for first, last in rule.days:
        span = (last - first) % 7
        if span == 6:
            parts.append("tous les jours")
        elif span >= 2:
            parts.append(f"du {DAY_NAMES[DAYS[first]]} au {DAY_NAMES[DAYS[last]]}")
        else:
            # Two days in a row read as two days: « vendredi et samedi ».
            parts.extend(f"{the}{DAY_NAMES[DAYS[day]]}" for day in dict.fromkeys((first, last)))
    if rule.holidays:
        parts.append("les jours fériés")
    return _join(parts) if parts else ""


def _date_text(month, day):
    return f"{'1er' if day == 1 else day} {MONTH_NAMES[MONTHS[month]]}"


def _wide_text(rule):
    parts = []
    for first, last in rule.months:
        span = (last - first) % 12
        if span == 0:
            parts.append(f"en {MONTH_NAMES[MONTHS[first]]}")
        elif span == 1:
            parts.append(f"en {MONTH_NAMES[MONTHS[first]]} et {MONTH_NAMES[MONTHS[last]]}")
        else:
            parts.append(f"de {MONTH_NAMES[MONTHS[first]]} à {MONTH_NAMES[MONTHS[last]]}")
    for first, last in rule.dates:
        if first == last:
            parts.append(f"le {_date_text(*first)}")
        elif first[0] == last[0] and first[1] < last[1]:
            parts.append(f"du {'1er' if first[1] == 1 else first[1]} au {_date_text(*last)}")
        else:
            parts.append(f"du {_date_text(*first)} au {_date_text(*last)}")
    return _join(parts) if parts else ""


def _clock(minutes):
    hours, minutes = divmod(minutes, 60)
    if hours in (0, 24) and not minutes:
        return "minuit"
    hours %= 24
    return f"{hours} h {minutes:02d}" if minutes else f"{hours} h"


def _times_text(rule):
    spans = []
    for start, end in rule.times:
        if (start, end) == (0, 24 * 60):
            spans.append("toute la journée")
            continue
        next_day = end > 24 * 60 or end < start
        spans.append(f"de {_clock(start)} à {_clock(end)}{' le lendemain' if next_day else ''}")
    return _join(spans)


def _describe_rule(rule):
    if rule.modifier == "closed":
        if rule.times:
            raise Unsupported("closed with times")
        where = ", ".join(part for part in (_wide_text(rule), _days_text(rule, with_articles=True)) if part)
        line = f"fermé {where}" if where else "fermé"
    else:
        selectors = [part for part in (_wide_text(rule), _days_text(rule)) if part]
        if rule.modifier == "unknown":
            line = ", ".join(selectors) if selectors else ""
            if not rule.comment:
                line = f"{line}, horaires à confirmer" if line else "horaires à confirmer"
        elif rule.always and not (selectors or rule.times):
            line = "ouvert 24 h sur 24, 7 jours sur 7" if not rule.comment else ""
        elif not rule.times and not selectors:
            line = ""  # a comment alone
        else:
            when = _times_text(rule) if rule.times else "toute la journée"
            line = ", ".join([*(selectors or ["tous les jours"]), when])
    if rule.comment:
        line = f"{line} ({rule.comment})" if line else rule.comment
    return line
