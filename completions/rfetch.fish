# fish completion for rfetch(1).
# Installed in fish's vendor_completions.d; tests/docs/ checks that the -l names
# below are exactly the long options in --help.

complete -c rfetch -f

# Comma-separated --retry-on items: complete the item after the last comma, and after its
# sign (+ or -) when the list edits the default set.
function __rfetch_retry_on
    set -l token (commandline -ct)
    set -l token (string replace -r -- '^--retry-on=' '' $token)
    set -l done_part (string match -r -- '^.*,[+-]?|^[+-]' $token)
    for item in dns connect timeout reset tls empty partial 4xx 5xx 408 409 429 500 502 503 504
        echo $done_part$item
    end
end

# -d and --json read a file given as @FILE: complete the name after the '@'.
function __rfetch_at_file
    set -l token (commandline -ct)
    string match -q -- '@*' $token; or return
    for path in (__fish_complete_path (string sub -s 2 -- $token))
        echo @$path
    end
end

complete -c rfetch -s h -l help -d 'Print the options and exit'
complete -c rfetch -s V -l version -d 'Print the version and exit'

# Request
complete -c rfetch -s X -l request -x -a 'GET HEAD POST PUT PATCH DELETE OPTIONS' -d 'Request method'
complete -c rfetch -s H -l header -x -d "Extra header 'Name: value'; repeatable"
complete -c rfetch -s d -l data -x -a '(__rfetch_at_file)' -d 'Body: DATA, @FILE or @- for stdin; repeated, joined with &; implies POST'
complete -c rfetch -l json -x -a '(__rfetch_at_file)' -d 'JSON body: DATA, @FILE or @-; repeated, appended; implies POST'
complete -c rfetch -s u -l user -x -d 'Credentials USER:PASSWORD for basic auth'
complete -c rfetch -s A -l user-agent -x -d 'User-Agent header'
complete -c rfetch -s L -l location -d 'Follow redirects'
complete -c rfetch -l max-redirs -x -d 'Most redirects to follow, -1 for no limit (default 10)'
complete -c rfetch -s k -l insecure -d "Do not verify the server's TLS certificate"
complete -c rfetch -l cacert -r -F -d 'CA certificates to verify the server with'
complete -c rfetch -l compressed -d 'Ask for a compressed response and decode it'
complete -c rfetch -s x -l proxy -x -a 'http:// https:// socks4:// socks4a:// socks5:// socks5h://' -d 'Proxy URL (default: http_proxy, https_proxy, no_proxy)'
# These three take an optional value (best written --request-id=ID), with nothing to offer for it.
complete -c rfetch -l traceparent -d 'Send a W3C traceparent; =VALUE continues that trace'
complete -c rfetch -l request-id -d 'Send the same X-Request-Id on every attempt; =ID or a new UUID'
complete -c rfetch -l attempt-header -d 'Send attempt=N; max=M on every attempt; =NAME or RFetch-Attempt'

# Retry policy
complete -c rfetch -l retries -x -d 'Retries after the first attempt (default 5; unlimited when polling)'
complete -c rfetch -l delay -x -d 'Base of the exponential backoff (default 1s)'
complete -c rfetch -l max-delay -x -d 'Cap on one backoff wait (default 30s)'
complete -c rfetch -l multiplier -x -d 'Backoff growth per retry (default 2)'
complete -c rfetch -l jitter -x -a 'full equal decorrelated none' -d 'Jitter mode (default full)'
complete -c rfetch -l seed -x -d "Seed for the jitter, to reproduce a run's waits"
complete -c rfetch -l retry-on -x -a '(__rfetch_retry_on)' -d 'Replace the retryable set, or edit it: +429,-503'
complete -c rfetch -l max-retry-after -x -d 'Longest Retry-After or rate-limit wait to honour (default 2m)'
complete -c rfetch -l ratelimit-reset -x -a 'seconds unix auto' -d 'X-RateLimit-Reset unit (default auto)'
complete -c rfetch -l idempotency-key -x -a auto -d 'Idempotency-Key on every attempt, or auto'
complete -c rfetch -l retry-unsafe -d 'Retry non-idempotent requests without a key'
complete -c rfetch -l hedge-after -x -d 'Hedge an attempt unanswered after DUR (GET, HEAD or with a key)'
complete -c rfetch -l hedge-max -x -a '1 2 3 4 5' -d 'At most N hedges per attempt (default 1)'

# Polling
complete -c rfetch -l until-status -x -d 'Poll until the status is in LIST (200,204 or 2xx)'
complete -c rfetch -l until-body -x -d 'Poll until the body matches REGEX (ECMAScript)'
complete -c rfetch -l until-json -x -d "Poll until the JSON body meets 'POINTER OP VALUE'; repeatable"
complete -c rfetch -l interval -x -d 'Fixed wait between polls'
complete -c rfetch -l consecutive -x -d 'Polls in a row that must meet the condition (default 1)'
complete -c rfetch -l stable -x -d 'Time over which the condition must have held'
complete -c rfetch -l until-down -d 'Poll until the target stops answering, or answers outside --until-status'

# Time limits
complete -c rfetch -l deadline -x -d 'Hard limit on the whole run (default none; 60s when polling)'
complete -c rfetch -l timeout -x -d 'Limit on one attempt'
complete -c rfetch -l connect-timeout -x -d 'Limit on connecting (default 10s)'
complete -c rfetch -l stall-timeout -x -d 'Abort an attempt that receives nothing this long (default 30s)'

# Output
complete -c rfetch -s o -l output -r -F -d 'Write the body to FILE, whole or not at all'
complete -c rfetch -s O -l remote-name -d "Write the body to a file named like the URL's last path segment"
complete -c rfetch -l output-dir -x -a '(__fish_complete_directories)' -d 'Directory for -o and -O files'
complete -c rfetch -l create-dirs -d 'Create the missing directories of the output file'
complete -c rfetch -s D -l dump-header -r -F -d "Write the final response's head to FILE; - puts it before the body"
complete -c rfetch -s i -l include -d "Write the final response's head before its body"
complete -c rfetch -s I -l head -d "Send HEAD and write the response's head"
complete -c rfetch -l result -d 'Write one JSON document in place of the body'
complete -c rfetch -s w -l write-out -x -d 'After the run, write FORMAT with %{variables} to stdout'
complete -c rfetch -l buffer -x -d 'Hold up to SIZE of the body in memory before writing (default 8M)'
complete -c rfetch -s s -l silent -d 'No attempt log (same as --log none)'
complete -c rfetch -s v -l verbose -d 'Show the request and response heads on stderr'
complete -c rfetch -l redact-header -x -d 'Hide the value of this header in -v, the log and --result'
complete -c rfetch -l max-filesize -x -d 'Fail (exit 63) when the decoded body is larger than SIZE'
complete -c rfetch -l no-fail -d 'Exit 0 and write the body when the final status is >= 400'
complete -c rfetch -l log -x -a 'json text none auto' -d 'Attempt log format (default auto)'

# Configuration
complete -c rfetch -l config -r -F -d 'Read settings from this TOML file'

# Many URLs
complete -c rfetch -l urls -r -F -d 'Fetch the URLs in FILE too, one per line; - reads stdin'
complete -c rfetch -s Z -l parallel -d 'Fetch the URLs at once, each body written whole'
complete -c rfetch -l parallel-max -x -d 'With -Z, at most N URLs under way at once, up to 500 (default 50)'
complete -c rfetch -l rate -x -a 'auto' -d 'Start at most N attempts per s, m, h or d, or auto: adapt per origin'

# Shared across runs
complete -c rfetch -l retry-budget -x -d 'Per-origin retry budget across runs: MAX:RATIO (default off)'
complete -c rfetch -l circuit-breaker -x -d 'Per-origin circuit breaker across runs: N:COOLDOWN (default off)'
complete -c rfetch -l cooperate -d 'Act as one client with the runs that share the state'
complete -c rfetch -l state-url -x -d 'Keep the shared state in Redis: redis://host[:port][/db] or unix:///path'
complete -c rfetch -l state-timeout -x -d 'Longest wait for each Redis command (default 100ms)'
complete -c rfetch -l state-dir -x -a '(__fish_complete_directories)' -d 'Where runs keep the shared state'
complete -c rfetch -l state -d "Print every origin's shared state as JSON and exit"
# An optional value (best written --reset-state=ORIGIN), with nothing to offer for it.
complete -c rfetch -l reset-state -d 'Clear the shared state of ORIGIN, or of every origin, and exit'

# curl's spellings, with curl's meaning
complete -c rfetch -l url -x -d 'A URL to fetch, after those given without a flag'
complete -c rfetch -s f -l fail -d "Exit 22 and write nothing on a final status >= 400 (rfetch's default)"
complete -c rfetch -l fail-with-body -d 'Exit 22 and write the body on a final status >= 400'
complete -c rfetch -s S -l show-error -d 'With -s, one line when a run fails'
complete -c rfetch -s q -l disable -d 'Read no config file (first argument only)'
complete -c rfetch -l retry -x -d 'Retries after the first attempt, as --retries'
complete -c rfetch -l retry-delay -x -d 'A fixed wait before each retry'
complete -c rfetch -l retry-max-time -x -d 'Start no retry later than DUR after the start'
complete -c rfetch -l retry-all-errors -d 'Retry every status >= 400 and every failure kind'
complete -c rfetch -l retry-connrefused -d 'Accepted: refused connections are retried anyway'
complete -c rfetch -s m -l max-time -x -d 'Limit on one attempt, as --timeout; 0 for no limit'
complete -c rfetch -l data-binary -x -d 'Body piece DATA, @FILE or @-, byte for byte'
complete -c rfetch -l data-raw -x -d 'Body piece DATA, a leading @ taken as it is'
complete -c rfetch -l data-urlencode -x -d 'Body piece, URL-encoded as curl does'
complete -c rfetch -s G -l get -d 'Send the body as the query of a GET'
complete -c rfetch -s e -l referer -x -d 'Referer header URL (;auto on redirects)'
complete -c rfetch -s b -l cookie -r -F -d 'Cookies NAME=VALUE to send, or a cookie file'
complete -c rfetch -s c -l cookie-jar -r -F -d 'Write every cookie to FILE after the run'
complete -c rfetch -l oauth2-bearer -x -d 'Send Authorization: Bearer TOKEN'
complete -c rfetch -s r -l range -x -d 'Ask for only these bytes'
complete -c rfetch -l basic -d 'Send credentials with Basic auth (default)'
complete -c rfetch -l digest -d 'Send credentials with Digest auth'
complete -c rfetch -l anyauth -d 'Send credentials as the server asks'
complete -c rfetch -s U -l proxy-user -x -d 'Credentials for the proxy'
complete -c rfetch -s n -l netrc -d 'Credentials from ~/.netrc'
complete -c rfetch -l netrc-optional -d "Credentials from ~/.netrc, the URL's winning"
complete -c rfetch -l netrc-file -r -F -d 'Credentials from this netrc file'
complete -c rfetch -l resolve -x -d 'Connect to ADDRESS for HOST:PORT, without DNS'
complete -c rfetch -l connect-to -x -d 'Connect to HOST2:PORT2 for HOST1:PORT1'
complete -c rfetch -l noproxy -x -d 'Hosts reached without the proxy'
complete -c rfetch -s 4 -l ipv4 -d 'Connect over IPv4 only'
complete -c rfetch -s 6 -l ipv6 -d 'Connect over IPv6 only'
complete -c rfetch -l unix-socket -r -F -d 'Connect through this Unix socket'
complete -c rfetch -s 0 -l http1.0 -d 'Speak HTTP/1.0'
complete -c rfetch -l http1.1 -d 'Speak HTTP/1.1'
complete -c rfetch -l http2 -d 'Ask for HTTP/2'
complete -c rfetch -l http2-prior-knowledge -d 'Speak HTTP/2 at once'
complete -c rfetch -l limit-rate -x -d 'Receive at most SIZE bytes a second'
complete -c rfetch -s C -l continue-at -x -d 'Resume at byte OFFSET, or - for the -o file size'
complete -c rfetch -s T -l upload-file -r -F -d 'PUT the bytes of FILE to the Nth URL, the same on every attempt'
complete -c rfetch -s F -l form -x -d 'Multipart form part NAME=VALUE, NAME=@FILE or NAME=<FILE'
complete -c rfetch -l form-string -x -d 'Multipart form part, taken as it is'
complete -c rfetch -l libcurl -r -F -d 'Write a C program that makes the first request with libcurl'
complete -c rfetch -l form-escape -d 'Escape " and \\ in form names with a backslash'
complete -c rfetch -s z -l time-cond -r -F -d "Only if modified since DATE or FILE's time"
complete -c rfetch -s K -l curl-config -r -F -d "Read options in curl's config syntax from FILE"
complete -c rfetch -l remote-name-all -d "Name every URL's file like its last path segment"
complete -c rfetch -l next -d 'Start another command line with its own URLs and options (not the global ones)'
complete -c rfetch -l http0.9 -d 'Take a reply with no head as the body'
complete -c rfetch -l no-http0.9 -d 'Refuse a reply with no head (the default)'
complete -c rfetch -s J -l remote-header-name -d 'With -O, name the file after Content-Disposition'
complete -c rfetch -l clobber -d 'Replace an existing output file, also one named by -J'
complete -c rfetch -l no-clobber -d 'Never replace an existing file: write FILE.1 ... beside it'
complete -c rfetch -l ntlm -d 'Send credentials with NTLM auth'
complete -c rfetch -l proxy-basic -d 'Send proxy credentials with Basic auth (default)'
complete -c rfetch -l proxy-digest -d 'Send proxy credentials with Digest auth'
complete -c rfetch -l proxy-ntlm -d 'Send proxy credentials with NTLM auth'
complete -c rfetch -l proxy-anyauth -d 'Send proxy credentials as the proxy asks'
complete -c rfetch -s p -l proxytunnel -d 'Tunnel through the proxy with CONNECT'
complete -c rfetch -l proxy1.0 -x -d 'Use this HTTP proxy, with HTTP/1.0 CONNECT'
complete -c rfetch -l proxy-header -x -d 'Header for the proxy alone'
complete -c rfetch -l interface -x -d 'Send from this interface, address or host'
complete -c rfetch -l haproxy-protocol -d 'Open each connection with a PROXY line'
complete -c rfetch -l proto -x -d 'Use only these protocols (curl syntax)'
complete -c rfetch -l proto-redir -x -d 'Follow redirects only to these protocols'
complete -c rfetch -l proto-default -x -a 'http https' -d 'Scheme of a URL without one'
complete -c rfetch -s N -l no-buffer -d 'Write the body as it arrives (--buffer 0)'
complete -c rfetch -s Y -l speed-limit -x -d 'Cut an attempt slower than BYTES/s'
complete -c rfetch -s y -l speed-time -x -d 'Seconds over which --speed-limit is measured'
complete -c rfetch -l keepalive-time -x -d 'Seconds before TCP keepalive probes'
complete -c rfetch -l no-keepalive -d 'Send no TCP keepalive probes'
complete -c rfetch -l keepalive -d 'Send TCP keepalive probes (default)'
complete -c rfetch -l tcp-nodelay -d 'Set TCP_NODELAY (default)'
complete -c rfetch -l no-tcp-nodelay -d 'Let Nagle gather small packets'
complete -c rfetch -l tcp-fastopen -d 'Open connections with TCP Fast Open'
complete -c rfetch -l expect100-timeout -x -d 'Seconds to wait for 100 Continue'
complete -c rfetch -l happy-eyeballs-timeout-ms -x -d 'Try IPv4 this many ms after IPv6'
complete -c rfetch -l post301 -d 'Keep POST after a 301'
complete -c rfetch -l post302 -d 'Keep POST after a 302'
complete -c rfetch -l post303 -d 'Keep POST after a 303'
complete -c rfetch -l disallow-username-in-url -d 'Refuse a URL with a user name'
complete -c rfetch -l parallel-immediate -d 'Accepted: -Z never waits to share a connection'
complete -c rfetch -l negotiate -d 'Send credentials with Negotiate (SPNEGO) auth'
complete -c rfetch -l no-basic -d 'Never Basic after --anyauth'
complete -c rfetch -l location-trusted -d 'Follow redirects, sending credentials to every host'
complete -c rfetch -l socks4 -x -d 'Use this SOCKS4 proxy'
complete -c rfetch -l alt-svc -r -F -d 'Read and write the alt-svc cache FILE'
complete -c rfetch -l socks4a -x -d 'Use this SOCKS4a proxy, which resolves names'
complete -c rfetch -l socks5 -x -d 'Use this SOCKS5 proxy'
complete -c rfetch -l socks5-hostname -x -d 'Use this SOCKS5 proxy, which resolves names'
complete -c rfetch -l raw -d 'Write the body undecoded'
complete -c rfetch -l ignore-content-length -d 'Read the body to the end of the connection'
complete -c rfetch -l path-as-is -d 'Send /../ and /./ in the path as they are'
complete -c rfetch -l request-target -x -d 'Send TARGET in the request line'
complete -c rfetch -s g -l globoff -d 'Take {} and [] in URLs as they are'
complete -c rfetch -l etag-compare -r -F -d 'Send If-None-Match with the ETag in FILE'
complete -c rfetch -l etag-save -r -F -d "Write the final response's ETag to FILE"
complete -c rfetch -l no-include -d 'Write no head before the body'
complete -c rfetch -s '#' -l progress-bar -d 'Draw the progress line on any stderr'
complete -c rfetch -l no-progress-meter -d 'Draw no progress line'
complete -c rfetch -l progress-meter -d 'Draw the progress line on a terminal'
complete -c rfetch -l stderr -r -F -d 'Write what goes to stderr to FILE'
complete -c rfetch -s B -l use-ascii -d 'Accepted: ASCII transfer, nothing over HTTP'
complete -c rfetch -s j -l junk-session-cookies -d 'Leave out the session cookies of the -b files'
complete -c rfetch -s R -l remote-time -d "Give the file the response's Last-Modified time"
complete -c rfetch -l no-remote-name -d "Write this URL's body to stdout, in place of an -o or -O"
complete -c rfetch -l fail-early -d 'After the first URL that fails, send no other'
# curl's client-certificate and TLS flags.
complete -c rfetch -s E -l cert -r -F -d 'Client certificate FILE, then :PASSWORD'
complete -c rfetch -l cert-type -x -a 'PEM DER ENG P12' -d "The client certificate's type"
complete -c rfetch -l key -r -F -d "The client certificate's private key FILE"
complete -c rfetch -l key-type -x -a 'PEM DER ENG' -d "The private key's type"
complete -c rfetch -l pass -x -d "The private key's pass phrase"
complete -c rfetch -l capath -x -a '(__fish_complete_directories)' -d 'Directory of hashed CA certificates'
complete -c rfetch -l crlfile -r -F -d 'Certificate revocation list FILE'
complete -c rfetch -l pinnedpubkey -x -d "Require the server's public key or sha256// hashes"
complete -c rfetch -l ciphers -x -d 'Cipher suites for TLS 1.2 and older'
complete -c rfetch -l tls13-ciphers -x -d 'Cipher suites for TLS 1.3'
complete -c rfetch -s 1 -l tlsv1 -d 'Speak TLS 1.0 or newer'
complete -c rfetch -l tlsv1.0 -d 'Speak TLS 1.0 or newer'
complete -c rfetch -l tlsv1.1 -d 'Speak TLS 1.1 or newer'
complete -c rfetch -l tlsv1.2 -d 'Speak TLS 1.2 or newer'
complete -c rfetch -l tlsv1.3 -d 'Speak TLS 1.3 or newer'
complete -c rfetch -l tls-max -x -a '1.0 1.1 1.2 1.3 default' -d 'The newest TLS version to speak'
complete -c rfetch -l cert-status -d 'Require a stapled OCSP response'
complete -c rfetch -l sessionid -d 'Resume TLS sessions (the default)'
complete -c rfetch -l no-sessionid -d 'Resume no TLS session'
complete -c rfetch -l false-start -d 'Accepted and ignored'
complete -c rfetch -l proxy-cacert -r -F -d 'CA certificates for the HTTPS proxy'
complete -c rfetch -l proxy-capath -x -a '(__fish_complete_directories)' -d 'Hashed CA directory for the HTTPS proxy'
complete -c rfetch -l proxy-insecure -d 'Do not verify the HTTPS proxy'
complete -c rfetch -l proxy-cert -r -F -d 'Client certificate FILE for the HTTPS proxy'
complete -c rfetch -l proxy-key -r -F -d 'Private key FILE for the HTTPS proxy'
