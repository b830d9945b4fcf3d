-- wrk script shared by every scenario: sets the method and the user token, optionally loads a scenario script
-- (BENCH_SCRIPT, which may define request()), and prints one machine-readable REPORT line for bench/run.sh.
local method = os.getenv("BENCH_METHOD") or "GET"
local token = os.getenv("USER_TOKEN") or ""
local extra = os.getenv("BENCH_SCRIPT") or ""

wrk.method = method
if token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
if extra ~= "" then
  dofile("scripts/" .. extra)
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("REPORT %.0f | %.2f | %.2f | %.2f | %d | %d |\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, errors))
end
