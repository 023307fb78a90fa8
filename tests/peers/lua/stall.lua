-- Promise a 1000-byte body, send 100 bytes of it, then send nothing for 30 seconds: a stalled
-- transfer that only a stall timeout or an attempt timeout ends.
local body = string.rep("0123456789", 100)
ngx.header["Content-Length"] = #body
ngx.print(body:sub(1, 100))
ngx.flush(true)
ngx.sleep(30)
ngx.print(body:sub(101))
