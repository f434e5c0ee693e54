"""Filling the steps' forms over HTTP, as the official does on the pages (for the full walks)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from dialog.models import DecisionPoint, InputItem, Method


def _post(client, name, dialogue, data) -> None:
    url = reverse(f"dialog:{name}", args=[dialogue.pk])
    assert client.get(url).status_code == 200, name
    response = client.post(url, data)
    assert response.status_code == 302, (name, response.content.decode()[:2000])


def plan_over_http(client, dialogue, official) -> None:
    """An activity, a communication plan item on the feedback, and the final decision's date."""
    starts = timezone.localtime() + timedelta(days=14)
    _post(
        client,
        "add_activity",
        dialogue,
        {
            "title": "Dialogcafé i stadshuset",
            "method": Method.objects.get(name="Dialogcafé").pk,
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Stadshuset, sal 2",
            "target_groups": "Unga 13-19 år och äldre",
            "responsible": official.pk,
            "status": "planned",
        },
    )
    _post(
        client,
        "add_communication",
        dialogue,
        {
            "channel": "Kommunens webbplats",
            "message": "Vi berättar på webben i juni vad vi hörde och vad som beslutades.",
            "date": (timezone.localdate() + timedelta(days=90)).isoformat(),
            "audience": "Alla som deltagit",
            "tells_feedback": "on",
        },
    )
    _post(
        client,
        "add_decision_point",
        dialogue,
        {
            "point": DecisionPoint.FINAL,
            "planned_on": (timezone.localdate() + timedelta(days=180)).isoformat(),
            "body": dialogue.body_id,
        },
    )


def hold_activities_over_http(client, dialogue) -> None:
    """Mark each planned activity held, dated now: after the launch decision, not in the future
    (issue 9), as the compilation needs every activity held or cancelled."""
    now = timezone.localtime()
    for activity in dialogue.activities.filter(status="planned"):
        url = reverse("dialog:edit_activity", args=[dialogue.pk, activity.pk])
        response = client.post(
            url,
            {
                "title": activity.title,
                "method": activity.method_id or "",
                "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
                "ends_at": "",
                "place": activity.place,
                "link": activity.link,
                "target_groups": activity.target_groups,
                "responsible": activity.responsible_id or "",
                "politicians": [p.pk for p in activity.politicians.all()],
                "status": "held",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]


def execute_over_http(client, dialogue) -> None:
    hold_activities_over_http(client, dialogue)
    _post(
        client,
        "add_input",
        dialogue,
        {
            "text": "Bättre belysning vid busstationen, tack.",
            "source": InputItem.Source.ACTIVITY,
            "activity": dialogue.activities.first().pk,
            "received_on": timezone.localdate().isoformat(),
            "age_band": "18-24",
            "gender": "woman",
            "area": "Centrum",
            "within_purpose": "on",
        },
    )
