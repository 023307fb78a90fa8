# bash completion for rfetch(1).
# Installed as /usr/share/bash-completion/completions/rfetch. Works without the
# bash-completion package too; tests/docs/ checks it offers every option in --help.

_rfetch() {
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}

    local short_opts="-h -V -X -H -d -u -A -L -k -x -o -O -D -i -I -w -s -v -Z"
    local long_opts="--help --version --request --header --data --json --user --user-agent
        --location --max-redirs --insecure --cacert --compressed --proxy --traceparent
        --request-id --attempt-header --retries --delay --max-delay --multiplier --jitter --seed --retry-on
        --max-retry-after --ratelimit-reset --idempotency-key --retry-unsafe --hedge-after --hedge-max --until-status --until-body --until-json
        --interval --consecutive --stable --until-down --deadline --timeout --connect-timeout
        --stall-timeout --output --remote-name --output-dir --create-dirs --dump-header --include
        --head --result --write-out --buffer --silent --verbose --redact-header --max-filesize --no-fail --log
        --config --urls --parallel --parallel-max --rate --retry-budget --circuit-breaker --cooperate --state-dir --state-url --state-timeout
        --state --reset-state"
    # curl's spellings, with curl's meaning.
    short_opts+=" -f -S -q -m -G -e -b -c -r -C -J -U -n -4 -6 -0 -T -F -z -K -p -g"
    long_opts+=" --url --fail --fail-with-body --show-error --disable --retry --retry-delay
        --retry-max-time --retry-all-errors --retry-connrefused --max-time --data-binary
        --data-raw --data-urlencode --get --referer --cookie --cookie-jar --oauth2-bearer --range
        --continue-at
        --basic --digest --anyauth --proxy-user --netrc --netrc-optional --netrc-file --resolve
        --connect-to --noproxy --ipv4 --ipv6 --unix-socket --http1.0 --http1.1 --http2
        --http2-prior-knowledge --limit-rate --upload-file --form --form-string --form-escape --libcurl --time-cond
        --curl-config --next --http0.9 --no-http0.9 --remote-name-all --remote-header-name --clobber --no-clobber --ntlm --proxy-basic --proxy-digest --proxy-ntlm
        --proxy-anyauth --proxytunnel --raw --ignore-content-length --path-as-is
        --proxy1.0 --proxy-header --interface --haproxy-protocol --negotiate --no-basic
        --location-trusted --socks4 --socks4a --socks5 --socks5-hostname --alt-svc
        --request-target --globoff --etag-compare --etag-save --proto --proto-redir --proto-default
        --speed-limit --speed-time --keepalive-time --no-keepalive --keepalive --tcp-nodelay
        --no-tcp-nodelay --tcp-fastopen --expect100-timeout --happy-eyeballs-timeout-ms --post301
        --post302 --post303 --disallow-username-in-url --parallel-immediate --no-buffer"
    # curl's output and session flags.
    short_opts+=" -# -B -j -R -Y -y -N"
    long_opts+=" --no-remote-name --no-include --progress-bar --no-progress-meter --progress-meter --stderr
        --use-ascii --junk-session-cookies --remote-time --fail-early"
    # curl's client-certificate and TLS flags.
    short_opts+=" -E -1"
    long_opts+=" --cert --cert-type --key --key-type --pass --capath --crlfile --pinnedpubkey
        --ciphers --tls13-ciphers --tlsv1 --tlsv1.0 --tlsv1.1 --tlsv1.2 --tlsv1.3 --tls-max
        --cert-status --sessionid --no-sessionid --false-start --proxy-cacert --proxy-capath
        --proxy-insecure --proxy-cert --proxy-key"
    local retry_on_items="dns connect timeout reset tls empty partial 5xx 4xx 408 409 429 500 502 503 504"

    # --traceparent[=VALUE], --request-id[=ID], --attempt-header[=NAME] and
    # --reset-state[=ORIGIN] take an optional value, which has nothing to offer; the word after
    # them is completed as usual (it is often the URL, or an option).
    if [[ $cur == --traceparent=* || $cur == --request-id=* || $cur == --attempt-header=* ||
        $cur == --reset-state=* ]] ||
        [[ ($prev == --traceparent || $prev == --request-id || $prev == --attempt-header ||
            $prev == --reset-state) && $cur == = ]]; then
        return
    fi

    # --opt=value: complete the value after the '='.
    if [[ $cur == --*=* ]]; then
        prev=${cur%%=*}
        cur=${cur#*=}
    elif [[ $cur == = && $prev == --* ]]; then
        # COMP_WORDBREAKS splits '--log=' into '--log' '='.
        cur=""
    elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi

    case $prev in
        -X | --request)
            mapfile -t COMPREPLY < <(compgen -W "GET HEAD POST PUT PATCH DELETE OPTIONS" -- "$cur")
            return
            ;;
        --jitter)
            mapfile -t COMPREPLY < <(compgen -W "full equal decorrelated none" -- "$cur")
            return
            ;;
        --log)
            mapfile -t COMPREPLY < <(compgen -W "json text none auto" -- "$cur")
            return
            ;;
        --ratelimit-reset)
            mapfile -t COMPREPLY < <(compgen -W "seconds unix auto" -- "$cur")
            return
            ;;
        --rate)
            # N/UNIT is free-form; auto is the one word.
            mapfile -t COMPREPLY < <(compgen -W "auto" -- "$cur")
            return
            ;;
        --retry-on)
            # A comma-separated list: complete the item after the last comma, after its sign
            # (+ or -) when the list edits the default set.
            local done_part="" item=$cur
            if [[ $cur == *,* ]]; then
                done_part=${cur%,*},
                item=${cur##*,}
            fi
            if [[ $item == [+-]* ]]; then
                done_part+=${item:0:1}
                item=${item:1}
            fi
            mapfile -t COMPREPLY < <(compgen -P "$done_part" -W "$retry_on_items" -- "$item")
            compopt -o nospace 2>/dev/null
            return
            ;;
        --idempotency-key)
            mapfile -t COMPREPLY < <(compgen -W "auto" -- "$cur")
            return
            ;;
        --state-dir | --output-dir | --capath | --proxy-capath)
            if declare -F _filedir >/dev/null; then
                _filedir -d
            else
                mapfile -t COMPREPLY < <(compgen -d -- "$cur")
                compopt -o filenames 2>/dev/null
            fi
            return
            ;;
        -o | --output | -D | --dump-header | --cacert | --config | --urls | --stderr | -E | --cert | \
            --key | --crlfile | --proxy-cacert | --proxy-cert | --proxy-key)
            if declare -F _filedir >/dev/null; then
                _filedir
            else
                mapfile -t COMPREPLY < <(compgen -f -- "$cur")
                compopt -o filenames 2>/dev/null
            fi
            return
            ;;
        -x | --proxy)
            # A proxy URL: offer the schemes libcurl understands.
            mapfile -t COMPREPLY < <(compgen -W "http:// https:// socks4:// socks4a:// socks5:// socks5h://" -- "$cur")
            compopt -o nospace 2>/dev/null
            return
            ;;
        --hedge-max)
            mapfile -t COMPREPLY < <(compgen -W "1 2 3 4 5" -- "$cur")
            return
            ;;
        -d | --data | --json)
            # @FILE reads a file; complete the name after the '@'.
            if [[ $cur == @* ]]; then
                mapfile -t COMPREPLY < <(compgen -P @ -f -- "${cur#@}")
                compopt -o filenames 2>/dev/null
            fi
            return
            ;;
        -H | --header | -u | --user | -A | --user-agent | --max-redirs | --retries | --delay | \
            --max-delay | --multiplier | --seed | --max-retry-after | --hedge-after | --deadline | --timeout | \
            --connect-timeout | --stall-timeout | --until-status | --until-body | --until-json | \
            --interval | --consecutive | --stable | -w | --write-out | --buffer | --max-filesize | \
            --parallel-max | --retry-budget | --circuit-breaker | --redact-header | --state-url | \
            --state-timeout)
            # A free-form value (a condition, a format, a size, ...): nothing to offer.
            return
            ;;
        --url | --retry | --retry-delay | --retry-max-time | -m | --max-time | --data-raw | \
            --data-urlencode | -e | --referer | --oauth2-bearer | -r | --range | -C | --continue-at | -U | \
            --proxy-user | --resolve | --connect-to | --noproxy | --limit-rate | -F | --form | \
            --form-string | -z | --time-cond | --request-target | --pass | --pinnedpubkey | --ciphers | \
            --tls13-ciphers)
            return
            ;;
        --cert-type)
            mapfile -t COMPREPLY < <(compgen -W "PEM DER ENG P12" -- "$cur")
            return
            ;;
        --key-type)
            mapfile -t COMPREPLY < <(compgen -W "PEM DER ENG" -- "$cur")
            return
            ;;
        --tls-max)
            mapfile -t COMPREPLY < <(compgen -W "1.0 1.1 1.2 1.3 default" -- "$cur")
            return
            ;;
        --data-binary)
            if [[ $cur == @* ]]; then
                mapfile -t COMPREPLY < <(compgen -P @ -f -- "${cur#@}")
                compopt -o filenames 2>/dev/null
            fi
            return
            ;;
        -b | --cookie | -c | --cookie-jar | --netrc-file | --unix-socket | -T | --upload-file | \
            -K | --curl-config | --etag-compare | --etag-save | --libcurl)
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            compopt -o filenames 2>/dev/null
            return
            ;;
    esac

    case $cur in
        --*)
            mapfile -t COMPREPLY < <(compgen -W "$long_opts" -- "$cur")
            ;;
        -*)
            mapfile -t COMPREPLY < <(compgen -W "$short_opts $long_opts" -- "$cur")
            ;;
    esac
}

complete -F _rfetch rfetch
