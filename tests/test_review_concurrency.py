"""Two processes deciding on the same claims at once, on SQLite and on PostgreSQL: no event
is lost, every stale decision is refused with a message naming the other reviewer."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

from factcheck.models import Claim, Document, Status
from factcheck.store import Store

CLAIMS = 6

# One reviewer: read each claim, think a moment, decide with the version read. Ana
# verifies, Bob disputes, so every decision that lands changes the status.
WORKER = r"""
import json, random, sys, time
from pathlib import Path
from factcheck.errors import ConflictError
from factcheck.models import Status
from factcheck.review import record_verdict
from factcheck.store import Store

url, name, start_file, claims = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
status = Status.VERIFIED if name == "Ana" else Status.DISPUTED
rng = random.Random(name)
store = Store.open(url)
store.get_claim(1)
Path(str(start_file) + "." + name).touch()
while not start_file.exists():
    time.sleep(0.005)
done, refused = [], []
for rounds in range(15):
    for claim_id in range(1, claims + 1):
        seen = store.get_claim(claim_id)
        time.sleep(rng.random() * 0.01)
        try:
            decision = record_verdict(store, [claim_id], status, reviewer=name,
                                      note=f"{name} round {rounds}",
                                      expected_versions={claim_id: seen.version})
        except ConflictError as exc:
            refused.append(str(exc))
            continue
        done.extend(e.id for e in decision.events)
print(json.dumps({"done": done, "refused": refused}))
"""


def test_two_processes_lose_no_event(db_url: str, tmp_path: Path) -> None:
    text = "The port handled 1,500 containers that week.\n"
    with Store.open(db_url) as store:
        claim = Claim(start=17, end=22, mention="1,500", value=1500.0, sentence=text.strip())
        for i in range(CLAIMS):
            store.add_document(Document(text=f"{text}{i}\n", title=f"t{i}"), [claim])
    start = tmp_path / "start"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, db_url, name, str(start), str(CLAIMS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("Ana", "Bob")
    ]
    deadline = time.monotonic() + 60
    # both processes have imported factcheck and opened the tracker: start together
    while not all(Path(f"{start}.{n}").exists() for n in ("Ana", "Bob")):
        assert time.monotonic() < deadline, "the workers did not start"
        time.sleep(0.01)
    start.touch()
    results = {}
    for name, worker in zip(("Ana", "Bob"), workers, strict=True):
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        results[name] = json.loads(out)
    with Store.open(db_url) as store:
        events = store.events()
        # every decision a process was told it made is in the tracker, and nothing else
        assert sorted(e.id for e in events) == sorted(
            results["Ana"]["done"] + results["Bob"]["done"]
        )
        for claim_id in range(1, CLAIMS + 1):
            history = store.history(claim_id)
            current = store.get_claim(claim_id)
            # each event starts from the status the one before left: no overwrite unseen
            statuses = [Status.PENDING] + [e.new_status for e in history]
            assert [e.old_status for e in history] == statuses[:-1]
            assert current.status == statuses[-1]
            assert current.version == 1 + len(history)
    refused = results["Ana"]["refused"] + results["Bob"]["refused"]
    # the two really did collide, and each refusal names the other reviewer
    assert refused, "no conflict happened; the test did not exercise concurrency"
    for name, other in (("Ana", "Bob"), ("Bob", "Ana")):
        for message in results[name]["refused"]:
            assert re.match(
                rf"claim \d+ was changed by {other} since it was shown to you "
                rf"\((pending|verified|disputed) → (verified|disputed) at [\d-]+ [\d:]+: "
                rf'"{other} round \d+"\); it is now (verified|disputed)$',
                message,
            ), message
