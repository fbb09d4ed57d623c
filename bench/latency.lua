-- wrk script: send the session cookie and print one JSON line with the figures we report.
local cookie = os.getenv("BENCH_COOKIE") or ""
wrk.headers["Cookie"] = cookie

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.2f, "bytes": %d, "errors": %d, ' ..
    '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes, errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
