-- Fail, then succeed, counted in the shared dict, keyed by ?key= so that runs do not share a count.
--   key=NAME     the counter (default: the URI)
--   fails=N      how many requests fail before one succeeds (default 2)
--   status=S     the failing status (default 503)
--   ra=VALUE     Retry-After on each failure: seconds as given, or "dateN" for an HTTP-date N
--                seconds from now (ngx.http_time, RFC 9110 §5.6.7 IMF-fixdate)
local args = ngx.req.get_uri_args()
local key = args.key or ngx.var.uri
local fails = tonumber(args.fails) or 2
local n = ngx.shared.counters:incr(key, 1, 0)

if n <= fails then
    local ra = args.ra
    if ra then
        local date_in = ra:match("^date(%d+)$")
        if date_in then
            ngx.header["Retry-After"] = ngx.http_time(ngx.time() + tonumber(date_in))
        else
            ngx.header["Retry-After"] = ra
        end
    end
    ngx.status = tonumber(args.status) or 503
    ngx.say("failure ", n, " of ", fails, " for ", key)
    return ngx.exit(ngx.status)
end

ngx.say("ok ", key, " after ", n)
