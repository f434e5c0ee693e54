"""Run as `python -m tests.live_writers THREADS ROUNDS` against a file database (DATABASE_URL):
THREADS threads save the initiative and the mandate forms' content through the services ROUNDS
times each, enqueueing a background task now and then for the worker to take, and print one JSON
line: the saves made, the errors met, and how many of the tasks the worker finished."""

import json
import sys
import threading
import time

import django

django.setup()

from django.db import connection  # noqa: E402

from dialog import services  # noqa: E402
from reports.tasks import render_report  # noqa: E402
from tests.factories import Cast, make_dialogue  # noqa: E402


def main(threads: int, rounds: int) -> dict:
    cast = Cast()
    dialogues = [make_dialogue(cast, title=f"Dialog {n}") for n in range(threads)]
    connection.close()
    errors: list[str] = []
    saves = [0] * threads
    task_ids: list[str] = []
    start = threading.Barrier(threads)

    def write(n: int) -> None:
        dialogue = dialogues[n]
        start.wait()
        try:
            for i in range(rounds):
                try:
                    services.update_mandate(
                        dialogue_id=dialogue.pk,
                        user=cast.official,
                        data={"purpose": f"Syfte {n}.{i}: det som skrevs ska sparas."},
                    )
                    saves[n] += 1
                    services.update_initiative(
                        dialogue_id=dialogue.pk,
                        user=cast.official,
                        data={"question": f"Fråga {n}.{i}: vad tycker du?"},
                    )
                    saves[n] += 1
                    if i % 5 == 0:
                        # A report id that does not exist: the task ends at once ("missing").
                        task_ids.append(str(render_report.enqueue(0).id))
                except Exception as exc:  # every error is what the test looks for
                    errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    workers = [threading.Thread(target=write, args=(n,)) for n in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()

    # The worker was polling all along; wait for it to finish the queued tasks.
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + 60
    finished = 0
    while time.monotonic() < deadline:
        finished = DBTaskResult.objects.filter(id__in=task_ids, status="SUCCESSFUL").count()
        if finished == len(task_ids):
            break
        time.sleep(0.5)
    return {"saves": sum(saves), "errors": errors, "tasks": len(task_ids), "finished": finished}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
