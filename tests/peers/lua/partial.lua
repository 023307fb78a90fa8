-- Promise a 1000-byte body, send 100 bytes of it, flush, and close the connection (444): libcurl
-- sees a FIN before the end of the body (CURLE_PARTIAL_FILE, 18).
--   key=NAME   the counter (default: the URI)
--   times=N    how many requests are cut short before one gets the whole body (default 1)
local args = ngx.req.get_uri_args()
local key = args.key or ngx.var.uri
local times = tonumber(args.times) or 1
local n = ngx.shared.counters:incr(key, 1, 0)

local body = string.rep("0123456789", 100)
ngx.header["Content-Length"] = #body

if n <= times then
    ngx.print(body:sub(1, 100))
    ngx.flush(true)
    return ngx.exit(444)
end

ngx.print(body)
