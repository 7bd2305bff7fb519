-- wrk script: POST the batch's own signed eBao quotations, one after the
-- other, as `insure quote --batch` sends them (issue 13: wrk "posting the
-- same signed bodies to the same sandbox").
-- EBAO_REQUESTS names a file of "PATH?QUERY<TAB>BODY" lines, the
-- signature in each query (bench/batch-compare.sh writes it: md5 of the
-- body and the secret, as docs/providers/ebao.md describes). Every request
-- is formatted once, in init; request() hands them out in turn, starting
-- again after the last.
local requests = {}
local next_request = 0

init = function(args)
  for line in io.lines(os.getenv("EBAO_REQUESTS")) do
    local tab = line:find("\t", 1, true)
    requests[#requests + 1] = wrk.format("POST", line:sub(1, tab - 1),
      { ["Content-Type"] = "application/json" }, line:sub(tab + 1))
  end
end

request = function()
  next_request = next_request % #requests + 1
  return requests[next_request]
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx/3xx answers: %d\n", summary.errors.status))
end
