from datetime import UTC, datetime

from participation import ical


def test_text_is_escaped():
    assert ical.escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_long_lines_fold_at_75_octets_never_inside_a_character():
    line = "DESCRIPTION:" + "å" * 100
    folded = ical.fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line


def test_calendar_structure():
    moment = datetime(2027, 3, 1, 17, 0, tzinfo=UTC)
    body = ical.calendar(
        name="Test",
        product="Exempelby kommun",
        events=[
            {
                "uid": "activity-1@example",
                "stamp": moment,
                "start": moment,
                "end": None,
                "summary": "Möte",
                "status": "cancelled",
            }
        ],
    )
    lines = body.split("\r\n")
    assert lines[:3] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Exempelby kommun//Delaktig//SV",
    ]
    assert "DTSTART:20270301T170000Z" in lines and "STATUS:CANCELLED" in lines
    assert not any(line.startswith("DTEND") for line in lines)
    assert lines[-2:] == ["END:VCALENDAR", ""]
