"""The mixed load of issue 12 for locust (driven by bench/load.py, which sets the BENCH_* variables):

70 % case queries: case number + service password through the API (verification, lockout counts, the
     attempt row and two audit entries);
20 % order intake: an agent logs a complaint at the console, which the rules dispatch to the filing
     department's head (the order, its deadlines, the timeline, the outbox SMS, the audit);
10 % console and list pages: the agent's console, inbox and the ledger.

Each simulated user makes one request a second (constant_throughput), so users = requests per second.
"""

import os
import random
from urllib.parse import urlencode

from locust import FastHttpUser, constant_throughput, task

CASES = int(os.environ["BENCH_CASES"])
COURT = os.environ["BENCH_COURT"]
TOKEN = os.environ["BENCH_TOKEN"]
CSRF = "benchmarkcsrfsecret0123456789abc"[:32]
PASSWORD_BASE = 5_000_000_000  # bench/cases.py's passwords: PASSWORD_BASE + case * 2 + party
# The agent's session, made by bench/load.py, and a CSRF secret of our own (Django accepts the cookie's 32
# characters as the form's token).
AGENT = {"Cookie": f"sessionid={os.environ['BENCH_SESSION']}; csrftoken={CSRF}"}


class LineUser(FastHttpUser):  # the lighter client, as the generator shares the machine
    wait_time = constant_throughput(1)

    @task(70)
    def case_query(self):
        case = random.randrange(CASES)
        party = random.randrange(2)
        password = str(PASSWORD_BASE + case * 2 + party)
        body = {"case_number": f"（2026）{COURT}民初{case + 1}号", "password": password,
                "caller_number": f"139{random.randrange(10**8):08d}"}  # fmt: skip
        with self.client.post("/api/v1/cases/query", json=body, headers={"Authorization": f"Bearer {TOKEN}"},
                              name="case query", catch_response=True) as answer:  # fmt: skip
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code}: {answer.text[:200]}")

    @task(20)
    def intake(self):
        form = {"caller_number": f"137{random.randrange(10**8):08d}", "channel": "phone", "kind": "complaint",
                "sub_kind": "filing", "content": "立案窗口拖延立案，请转立案庭处理",
                "csrfmiddlewaretoken": CSRF}  # fmt: skip
        headers = {**AGENT, "Referer": f"{self.host}/console/",
                   "Content-Type": "application/x-www-form-urlencoded"}  # fmt: skip
        with self.client.post("/console/", data=urlencode(form), headers=headers, name="order intake",
                              allow_redirects=False, catch_response=True) as answer:  # fmt: skip
            if answer.status_code != 302:
                answer.failure(f"{answer.status_code}: not logged")

    @task(10)
    def pages(self):
        path, name = random.choice(
            [("/console/", "console"), ("/orders/", "inbox"), ("/reports/ledger/", "ledger")]
        )
        self.client.get(path, name=name, headers=AGENT)
