"""dmarc-check survey --dask: the same survey on a local Dask cluster of two worker processes."""

from __future__ import annotations

import math

import distributed   # the dask dependency group: scripts/setup.sh installs it
import pytest

from tests.dnsfixture import load_zones
from tests.survey_support import EXPECTED, bulk_zone, read_jsonl, run_survey, write_list

BATCH = 4


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40) as local:
        with distributed.Client(local) as client:
            yield local, client


def test_survey_runs_in_batches_on_two_workers_into_one_results_file(cluster, dns_server, tmp_path):
    local, client = cluster
    db, healthy = bulk_zone(25)
    db.merge(load_zones("survey_cases.zone"))
    dns_server.load(db)
    domains = [*EXPECTED, *healthy]
    listed = write_list(tmp_path / "domains.txt", domains)
    out, summary = tmp_path / "out.jsonl", tmp_path / "summary.json"
    done = run_survey(str(listed), "--dask", local.scheduler_address, "--batch-size", str(BATCH), "--out", str(out),
                      "--summary", str(summary), "--retries", "1", "--timeout", "2",
                      "--nameserver", dns_server.nameserver)
    assert done.returncode == 3, done.stderr          # two cases of the zone stay not known
    lines = read_jsonl(out)
    assert sorted(line["domain"] for line in lines) == sorted(domains)
    got = {line["domain"]: (line["dmarc"], line["spf"]) for line in lines}
    assert {d: got[d] for d in EXPECTED} == EXPECTED
    assert all(got[d] == ("reject", "valid") for d in healthy)

    executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert sum(executed.values()) == math.ceil(len(domains) / BATCH)   # one task per batch, not per domain
    assert len(executed) == 2 and all(count > 0 for count in executed.values())

