"""iCalendar (RFC 5545) for the public activities, written out by hand: no library is installed
for it, and the few properties needed are simple.

The rules kept: CRLF after every content line (3.1); lines folded at 75 octets, never inside a
UTF-8 character, continued with a space (3.1); TEXT values escape backslash, semicolon, comma and
newline (3.3.11); times in UTC with a Z (3.3.5); every VEVENT has UID and DTSTAMP (3.6.1).
"""

from datetime import UTC, datetime

CRLF = "\r\n"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets; each continuation starts with a
    space, which counts in its 75."""
    pieces, current, size, limit = [], [], 0, MAX_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def _line(name: str, value: str) -> str:
    return fold(f"{name}:{value}") + CRLF


STATUS = {"planned": "CONFIRMED", "held": "CONFIRMED", "cancelled": "CANCELLED"}


def calendar(*, name: str, events: list[dict], product: str) -> str:
    """A VCALENDAR of `events`, each a dict: uid, start, end (or None), stamp, summary,
    location, description, url, status (the activity's)."""
    out = [
        _line("BEGIN", "VCALENDAR"),
        _line("VERSION", "2.0"),
        _line("PRODID", f"-//{escape_text(product)}//Delaktig//SV"),
        _line("CALSCALE", "GREGORIAN"),
        _line("METHOD", "PUBLISH"),
        _line("X-WR-CALNAME", escape_text(name)),
    ]
    for event in events:
        out.append(_line("BEGIN", "VEVENT"))
        out.append(_line("UID", event["uid"]))
        out.append(_line("DTSTAMP", utc(event["stamp"])))
        out.append(_line("DTSTART", utc(event["start"])))
        if event.get("end"):
            out.append(_line("DTEND", utc(event["end"])))
        out.append(_line("SUMMARY", escape_text(event["summary"])))
        if event.get("location"):
            out.append(_line("LOCATION", escape_text(event["location"])))
        if event.get("description"):
            out.append(_line("DESCRIPTION", escape_text(event["description"])))
        if event.get("url"):
            # A URI value, not TEXT: no escaping (3.3.13).
            out.append(_line("URL", event["url"]))
        out.append(_line("STATUS", STATUS.get(event.get("status"), "CONFIRMED")))
        out.append(_line("END", "VEVENT"))
    out.append(_line("END", "VCALENDAR"))
    return "".join(out)
