#!/usr/bin/env python3
"""Load and soak run of `facealign serve` on loopback (docs/serve.md).

Starts the server, times sequential /v1/align requests (the baseline of the same run), then N concurrent requests
from a bounded client (one thread per request, N at most 256), checks every answer against the sequential one, and
then keeps a fixed number of clients busy for the soak time while sampling the server's resident memory.

  python3 bench/serve/load.py --facealign src/FaceAlign3D.Cli/bin/Release/net10.0/facealign \
      --photo ../shared/data/samples/obama_small.jpg --concurrent 200 --soak 300
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time


def post(port, body, timeout=600):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    start = time.perf_counter()
    connection.request("POST", "/v1/align", body, {"Content-Type": "application/octet-stream"})
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response.status, payload, time.perf_counter() - start


def landmarks(payload):
    return [face["landmarks68"] for face in json.loads(payload)["faces"]]


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def wait_ready(port, process):
    for _ in range(600):
        if process.poll() is not None:
            sys.exit(f"server exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit("server did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--facealign", required=True, help="the facealign executable")
    parser.add_argument("--photo", required=True)
    parser.add_argument("--port", type=int, default=5090)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--warmup", type=int, default=50, help="requests before timing (model load, JIT tiers)")
    parser.add_argument("--sequential", type=int, default=50, help="baseline requests, one at a time")
    parser.add_argument("--concurrent", type=int, default=200)
    parser.add_argument("--soak", type=float, default=300, help="seconds")
    parser.add_argument("--soak-clients", type=int, default=8)
    parser.add_argument("--output", help="write the figures as JSON here")
    args = parser.parse_args()
    if not 1 <= args.concurrent <= 256:
        sys.exit("--concurrent must be 1..256 (the server's default queue)")

    body = open(args.photo, "rb").read()
    server = subprocess.Popen([args.facealign, "serve", "--port", str(args.port), "--workers", str(args.workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    results = {"photo": os.path.basename(args.photo), "workers": args.workers, "cpus": os.cpu_count(),
               "load_average_at_start": os.getloadavg()[0]}
    try:
        wait_ready(args.port, server)
        status, reference, _ = post(args.port, body)  # first request loads the models
        assert status == 200, status
        expected = landmarks(reference)
        for _ in range(args.warmup):
            post(args.port, body)

        times = []
        for _ in range(args.sequential):
            status, payload, seconds = post(args.port, body)
            assert status == 200 and landmarks(payload) == expected
            times.append(seconds)
        results["sequential"] = {"requests": len(times), "p50_ms": 1000 * statistics.median(times),
                                 "throughput_per_s": len(times) / sum(times)}

        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.concurrent) as pool:
            answers = list(pool.map(lambda _: post(args.port, body), range(args.concurrent)))
        wall = time.perf_counter() - start
        correct = sum(1 for status, payload, _ in answers if status == 200 and landmarks(payload) == expected)
        latencies = [seconds for _, _, seconds in answers]
        results["concurrent"] = {
            "requests": args.concurrent, "correct": correct,
            "statuses": sorted({status for status, _, _ in answers}),
            "p50_ms": 1000 * percentile(latencies, 50), "p99_ms": 1000 * percentile(latencies, 99),
            "throughput_per_s": args.concurrent / wall,
            "throughput_vs_sequential": (args.concurrent / wall) / results["sequential"]["throughput_per_s"],
        }

        samples, counts, soak_latencies, stop = [], {"ok": 0, "failed": 0}, [], threading.Event()
        lock = threading.Lock()

        def client():
            while not stop.is_set():
                status, payload, seconds = post(args.port, body)
                good = status == 200 and landmarks(payload) == expected
                with lock:
                    counts["ok" if good else "failed"] += 1
                    soak_latencies.append(seconds)

        threads = [threading.Thread(target=client) for _ in range(args.soak_clients)]
        soak_start = time.perf_counter()
        for thread in threads:
            thread.start()
        while time.perf_counter() - soak_start < args.soak:
            samples.append((time.perf_counter() - soak_start, rss_mib(server.pid)))
            time.sleep(min(10, args.soak / 30))
        stop.set()
        for thread in threads:
            thread.join()
        soak_wall = time.perf_counter() - soak_start
        samples.append((soak_wall, rss_mib(server.pid)))
        half = [rss for t, rss in samples if t >= args.soak / 2]
        results["soak"] = {
            "seconds": args.soak, "clients": args.soak_clients, "requests_ok": counts["ok"], "requests_failed": counts["failed"],
            "throughput_per_s": (counts["ok"] + counts["failed"]) / soak_wall,
            "p50_ms": 1000 * percentile(soak_latencies, 50), "p99_ms": 1000 * percentile(soak_latencies, 99),
            "rss_mib_first": samples[0][1], "rss_mib_after_10pct": next(rss for t, rss in samples if t >= args.soak / 10),
            "rss_mib_max": max(rss for _, rss in samples), "rss_mib_last": samples[-1][1],
            "rss_mib_second_half_min": min(half), "rss_mib_second_half_max": max(half),
            "samples": [[round(t, 1), round(rss, 1)] for t, rss in samples],
        }
        results["load_average_at_end"] = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=30)

    text = json.dumps(results, indent=2)
    print(text)
    if args.output:
        with open(args.output, "w") as out:
            out.write(text + "\n")


if __name__ == "__main__":
    main()
