-- wrk script: POST one signed eBao quotation, over and over.
-- The body comes from the file named by EBAO_BODY; the signature is in the
-- URL wrk is given (bench/sandbox-wrk.sh computes it once with
-- `insure sign ebao`). The script checks one answer with curl first;
-- wrk counts any non-2xx/3xx answer and done() prints the count.
local f = assert(io.open(os.getenv("EBAO_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

done = function(summary, latency, requests)
  io.write(string.format("non-2xx/3xx answers: %d\n", summary.errors.status))
end
