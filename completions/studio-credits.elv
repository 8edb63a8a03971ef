
use builtin;
use str;

set edit:completion:arg-completer[studio-credits] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'studio-credits'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'studio-credits'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand balance 'Show included (this month), top-up and spendable credits'
            cand spend 'Spend credits: included first, then top-up. Exit 42 when both are empty'
            cand check 'Would this spend fit? Exit 0 (yes) or 42 (no); nothing is debited'
            cand buy 'Buy top-up credits through Stripe (non-refundable; they never expire)'
            cand ensure 'Buy only if spendable credits are below a minimum; concurrent calls buy at most once'
            cand reconcile 'Compare the ledger''s purchases with the payments Stripe shows for the workspace''s customer; with --fix, credit each paid payment the ledger has not credited, exactly once'
            cand purchases 'Top-up purchases: list, show, cancel an open checkout'
            cand auto-topup 'The auto top-up rule: below X credits, buy $Y on the card on file, at most $Z a month'
            cand usage 'Credits used per month and pool; the burn rate and, at that burn, when included credits run out and spendable credits reach zero'
            cand advise 'Top up or upgrade the plan? With the figures behind the answer'
            cand open 'Open the billing page in a browser, signed in (a single-use link valid for a minute)'
            cand history 'Journal entries, newest first'
            cand rollover 'Apply due monthly resets, or check (for cron) that none is overdue'
            cand seats 'Seats of the workspace'
            cand keys 'Workspace API keys for the HTTP API (CI jobs, services): create (the token is shown once), list, revoke. A key acts for one workspace with its scopes'
            cand webhooks 'Signed event webhooks: add an endpoint (its signing secret is shown once), list, remove, send a test event, see its delivery log, replay an event. See README "Notifications"'
            cand alerts 'Low-balance alerts: `balance.low` is sent once when a seat''s (or the workspace''s) balance goes below the threshold, and again only after it has been back at or above it'
            cand plan 'The workspace''s plan'
            cand workspace 'Workspaces: several, one default; time zone, plan, Stripe customer'
            cand daemon 'Run, start, stop or inspect the daemon'
            cand hold 'Reserve credits now; settle or release them later (two-phase usage). Exit 42 when a hold does not fit'
            cand verify 'Recompute every balance from the journal and check its hash chain'
            cand backup 'Write a verified snapshot of the SQLite ledger while the daemon keeps serving (mode 0600), or with --check tell cron whether the scheduled backups are current'
            cand restore 'Replace the SQLite ledger with a backup: verified first, the current file kept aside (credits.db.before-restore-TIME). The daemon must be stopped (or --stop-daemon)'
            cand store 'Move the whole ledger to another store: `store copy --to postgres://…` (or sqlite://PATH)'
            cand config 'Show the effective configuration (secrets redacted) or its file''s path'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;balance'= {
            cand -s 'Seat to show (default: your own seat, or the only one)'
            cand --seat 'Seat to show (default: your own seat, or the only one)'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --all-seats 'Show every seat of the workspace'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;spend'= {
            cand -s 'Seat to charge (default: your own seat, or the only one); with --batch, the seat of events that name none'
            cand --seat 'Seat to charge (default: your own seat, or the only one); with --batch, the seat of events that name none'
            cand -m 'A note stored with the journal entry'
            cand --memo 'A note stored with the journal entry'
            cand --idempotency-key 'Makes retries safe: the same key returns the first result without spending again'
            cand --batch 'Spend a batch of events read as JSON Lines from FILE (`-`: standard input), one object per line: {"amount": "1.5", "memo": "...", "idempotency_key": "...", "seat": "..."} (amount required). Each event is decided on its own, in order; 1,000 events per transaction'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;check'= {
            cand -s 'Seat to check (default: your own seat, or the only one)'
            cand --seat 'Seat to check (default: your own seat, or the only one)'
            cand --for 'Also the seat''s current burn for this long (7d, 12h, 90m, 45s): would AMOUNT plus that fit what it can spend now?'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;buy'= {
            cand --idempotency-key 'Makes a rerun safe: a purchase under the same key is answered again, never bought twice (default: a new key for each run)'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --card-on-file 'Charge the card on file (off-session, no browser) instead of opening Stripe Checkout'
            cand -y 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --no-wait 'Return at once with the purchase id instead of waiting for Stripe''s confirmation'
            cand --no-browser 'Print the checkout URL without opening a browser'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;ensure'= {
            cand --min 'Buy only if spendable credits are below this many'
            cand --buy 'How much to buy then, in dollars'
            cand -s 'Seat whose spendable credits count (default: your own seat, or the only one; with several seats and none chosen, the shared top-up pool alone)'
            cand --seat 'Seat whose spendable credits count (default: your own seat, or the only one; with several seats and none chosen, the shared top-up pool alone)'
            cand --idempotency-key 'Makes a rerun of the job safe: when an ensure under this key bought, its purchase is answered again instead of buying; use a key unique to the job run, such as its run id (default: a new key for each run)'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --card-on-file 'Charge the card on file (what CI wants) instead of opening Stripe Checkout'
            cand -y 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --no-browser 'Print the checkout URL without opening a browser'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;reconcile'= {
            cand --since 'Only payments and purchases created at or after this date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM); without an offset in the workspace''s time zone [default: all]'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --fix 'Credit every payment Stripe shows paid that the ledger has not credited (once each)'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;purchases'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'The workspace''s purchases, newest first'
            cand show 'One purchase, with its Stripe ids'
            cand cancel 'Cancel a purchase whose checkout page is still open (it can no longer be paid)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;purchases;list'= {
            cand -n 'At most this many'
            cand --limit 'At most this many'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;purchases;show'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;purchases;cancel'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;purchases;help'= {
            cand list 'The workspace''s purchases, newest first'
            cand show 'One purchase, with its Stripe ids'
            cand cancel 'Cancel a purchase whose checkout page is still open (it can no longer be paid)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;purchases;help;list'= {
        }
        &'studio-credits;purchases;help;show'= {
        }
        &'studio-credits;purchases;help;cancel'= {
        }
        &'studio-credits;purchases;help;help'= {
        }
        &'studio-credits;auto-topup'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'The workspace''s rule and what it bought this month'
            cand set 'Below --below credits, buy --buy dollars on the card on file, at most --max-per-month'
            cand off 'Turn auto top-up off'
            cand simulate 'Dry run: at the current burn (the forecast''s rate of each seat), how many times would the rule buy over the next days, and would the monthly cap stop it? Buys nothing. Simulates the workspace''s rule, or the one given with --below, --buy and --max-per-month'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;auto-topup;show'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;auto-topup;set'= {
            cand --below 'Buy when the lowest spendable balance of any seat falls below this many credits'
            cand --buy 'Dollars to buy each time'
            cand --max-per-month 'At most this many dollars of auto top-ups per month'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;auto-topup;off'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;auto-topup;simulate'= {
            cand --days 'How many days ahead (1 to 92)'
            cand --below 'Try this threshold instead of the rule''s (with --buy and --max-per-month)'
            cand --buy 'Try buying this many dollars each time (with --below and --max-per-month)'
            cand --max-per-month 'Try this monthly cap in dollars (with --below and --buy)'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;auto-topup;help'= {
            cand show 'The workspace''s rule and what it bought this month'
            cand set 'Below --below credits, buy --buy dollars on the card on file, at most --max-per-month'
            cand off 'Turn auto top-up off'
            cand simulate 'Dry run: at the current burn (the forecast''s rate of each seat), how many times would the rule buy over the next days, and would the monthly cap stop it? Buys nothing. Simulates the workspace''s rule, or the one given with --below, --buy and --max-per-month'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;auto-topup;help;show'= {
        }
        &'studio-credits;auto-topup;help;set'= {
        }
        &'studio-credits;auto-topup;help;off'= {
        }
        &'studio-credits;auto-topup;help;simulate'= {
        }
        &'studio-credits;auto-topup;help;help'= {
        }
        &'studio-credits;usage'= {
            cand -m 'How many months, newest first'
            cand --months 'How many months, newest first'
            cand -s 'Only this seat''s burn and forecast (the months stay the workspace''s)'
            cand --seat 'Only this seat''s burn and forecast (the months stay the workspace''s)'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;advise'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;open'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --no-browser 'Print the link instead of opening a browser (also the default when stdout is not a terminal)'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;history'= {
            cand --since 'Only entries at or after this date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM). Without an offset it is in the workspace''s time zone; with one (`Z`, `+01:00`) as given'
            cand --until 'Only entries before this date or time (read like --since)'
            cand -s 'Only this seat''s entries'
            cand --seat 'Only this seat''s entries'
            cand --kind 'Only entries of this kind'
            cand -n 'At most this many entries'
            cand --limit 'At most this many entries'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --all 'Every matching entry, however many (to export the journal with --csv or --json)'
            cand --csv 'Print CSV instead of a table'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;rollover'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --check 'Only check: exit 0 when every workspace is on its current period, 20 when a reset is overdue or the clock went back behind a workspace''s month, 3 when no daemon is running or it does not answer in time'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;seats'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List seats with their included credits'
            cand add 'Add seats. A new seat gets this month''s full allowance; a seat removed and added again in the same month gets none until the next reset (one allowance per seat and month). Each name is added on its own: one that fails (it exists, it is invalid) is reported and the others are still added'
            cand remove 'Remove a seat: its included credits of this month expire at once (the workspace''s top-up credits stay) and its API token stops working. Asks first; --yes for scripts'
            cand limit 'Limit the top-up credits a seat may draw in a month (its included credits are never limited). At the limit the seat gets exit 42 / HTTP 402 naming the limit, even while the workspace''s top-up pool has credits; open holds count, released ones give back. Limits start afresh at the monthly reset'
            cand token 'Create a seat''s HTTP API token (shown once, stored hashed); --rotate replaces it, --revoke removes it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;seats;list'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;seats;add'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;seats;remove'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand -y 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;seats;limit'= {
            cand --topup-per-month 'The most top-up credits the seat may draw in a calendar month of the workspace'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --no-topup 'No top-up credits at all: the seat spends its included credits only'
            cand --clear 'Remove the seat''s limit (the workspace''s budget, if any, still applies)'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;seats;token'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --rotate 'Replace the seat''s token; the old one stops working at once'
            cand --revoke 'Remove the seat''s token; requests with it get 401'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;seats;help'= {
            cand list 'List seats with their included credits'
            cand add 'Add seats. A new seat gets this month''s full allowance; a seat removed and added again in the same month gets none until the next reset (one allowance per seat and month). Each name is added on its own: one that fails (it exists, it is invalid) is reported and the others are still added'
            cand remove 'Remove a seat: its included credits of this month expire at once (the workspace''s top-up credits stay) and its API token stops working. Asks first; --yes for scripts'
            cand limit 'Limit the top-up credits a seat may draw in a month (its included credits are never limited). At the limit the seat gets exit 42 / HTTP 402 naming the limit, even while the workspace''s top-up pool has credits; open holds count, released ones give back. Limits start afresh at the monthly reset'
            cand token 'Create a seat''s HTTP API token (shown once, stored hashed); --rotate replaces it, --revoke removes it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;seats;help;list'= {
        }
        &'studio-credits;seats;help;add'= {
        }
        &'studio-credits;seats;help;remove'= {
        }
        &'studio-credits;seats;help;limit'= {
        }
        &'studio-credits;seats;help;token'= {
        }
        &'studio-credits;seats;help;help'= {
        }
        &'studio-credits;keys'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Create a key; its token is printed once and stored only as a hash'
            cand list 'The workspace''s keys: names, scopes, expiry (never the tokens)'
            cand revoke 'Revoke a key: requests with its token get 401 at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;keys;create'= {
            cand --scope 'What the key may do: a comma-separated list of read, spend, buy, admin'
            cand --expires 'How long the key works: 90d, 12h, 30m, 45s (default: until revoked)'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;keys;list'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;keys;revoke'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;keys;help'= {
            cand create 'Create a key; its token is printed once and stored only as a hash'
            cand list 'The workspace''s keys: names, scopes, expiry (never the tokens)'
            cand revoke 'Revoke a key: requests with its token get 401 at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;keys;help;create'= {
        }
        &'studio-credits;keys;help;list'= {
        }
        &'studio-credits;keys;help;revoke'= {
        }
        &'studio-credits;keys;help;help'= {
        }
        &'studio-credits;webhooks'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Add an endpoint; its signing secret is printed once. Refused (exit 2, nothing stored) when the URL''s host is not allowed by `[webhooks] allow_hosts` (default: any public host over https, loopback over http)'
            cand list 'The workspace''s endpoints (never their secrets)'
            cand remove 'Remove an endpoint: its pending deliveries are dropped'
            cand test 'Send a `webhook.test` event to one endpoint'
            cand deliveries 'An endpoint''s newest delivery attempts: event, attempt, HTTP status or error, state'
            cand replay 'Send an event again, now, to every endpoint that wants it (same event id)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;webhooks;add'= {
            cand --events 'Event types to send, comma-separated (default: every type)'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;webhooks;list'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;webhooks;remove'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;webhooks;test'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;webhooks;deliveries'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;webhooks;replay'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;webhooks;help'= {
            cand add 'Add an endpoint; its signing secret is printed once. Refused (exit 2, nothing stored) when the URL''s host is not allowed by `[webhooks] allow_hosts` (default: any public host over https, loopback over http)'
            cand list 'The workspace''s endpoints (never their secrets)'
            cand remove 'Remove an endpoint: its pending deliveries are dropped'
            cand test 'Send a `webhook.test` event to one endpoint'
            cand deliveries 'An endpoint''s newest delivery attempts: event, attempt, HTTP status or error, state'
            cand replay 'Send an event again, now, to every endpoint that wants it (same event id)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;webhooks;help;add'= {
        }
        &'studio-credits;webhooks;help;list'= {
        }
        &'studio-credits;webhooks;help;remove'= {
        }
        &'studio-credits;webhooks;help;test'= {
        }
        &'studio-credits;webhooks;help;deliveries'= {
        }
        &'studio-credits;webhooks;help;replay'= {
        }
        &'studio-credits;webhooks;help;help'= {
        }
        &'studio-credits;alerts'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand set 'Set (or with --off remove, if there is one) the low-balance alert of a seat, or of the workspace''s total'
            cand list 'The workspace''s alerts and whether each is armed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;alerts;set'= {
            cand --below 'Send `balance.low` when the balance goes below this many credits'
            cand -s 'The seat whose spendable balance (its included plus the top-up pool) is watched (default: the workspace''s total)'
            cand --seat 'The seat whose spendable balance (its included plus the top-up pool) is watched (default: the workspace''s total)'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --off 'Remove the alert'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;alerts;list'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;alerts;help'= {
            cand set 'Set (or with --off remove, if there is one) the low-balance alert of a seat, or of the workspace''s total'
            cand list 'The workspace''s alerts and whether each is armed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;alerts;help;set'= {
        }
        &'studio-credits;alerts;help;list'= {
        }
        &'studio-credits;alerts;help;help'= {
        }
        &'studio-credits;plan'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'The workspace''s plan (and a scheduled change)'
            cand list 'Every plan on offer'
            cand set 'Change the plan from the next monthly reset (or at once with --now)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;plan;show'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;plan;list'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;plan;set'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --now 'Apply now: each seat''s allowance becomes the new plan''s, less what it used this month'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;plan;help'= {
            cand show 'The workspace''s plan (and a scheduled change)'
            cand list 'Every plan on offer'
            cand set 'Change the plan from the next monthly reset (or at once with --now)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;plan;help;show'= {
        }
        &'studio-credits;plan;help;list'= {
        }
        &'studio-credits;plan;help;set'= {
        }
        &'studio-credits;plan;help;help'= {
        }
        &'studio-credits;workspace'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'Every workspace'
            cand add 'Create a workspace; its first seat is you'
            cand use 'Make a workspace the default'
            cand show 'Show a workspace''s settings'
            cand set 'Change the time zone, bind an existing Stripe customer, or set the monthly top-up budget'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;workspace;list'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;workspace;add'= {
            cand --plan 'Plan (free, pro, team, …)'
            cand --tz 'IANA time zone whose midnight on the 1st resets included credits'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;workspace;use'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;workspace;show'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;workspace;set'= {
            cand --tz 'IANA time zone, e.g. Europe/Berlin'
            cand --stripe-customer 'Existing Stripe customer id (cus_…) to charge'
            cand --topup-budget-per-month 'The most top-up credits all seats together may draw in a calendar month; past it every seat gets exit 42 / HTTP 402 naming the budget. Starts afresh at the reset'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --no-topup-budget 'Remove the monthly top-up budget'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;workspace;help'= {
            cand list 'Every workspace'
            cand add 'Create a workspace; its first seat is you'
            cand use 'Make a workspace the default'
            cand show 'Show a workspace''s settings'
            cand set 'Change the time zone, bind an existing Stripe customer, or set the monthly top-up budget'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;workspace;help;list'= {
        }
        &'studio-credits;workspace;help;add'= {
        }
        &'studio-credits;workspace;help;use'= {
        }
        &'studio-credits;workspace;help;show'= {
        }
        &'studio-credits;workspace;help;set'= {
        }
        &'studio-credits;workspace;help;help'= {
        }
        &'studio-credits;daemon'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand run 'Run the daemon in the foreground, logging to stderr (what `daemon install` runs)'
            cand start 'Start the daemon in the background if it is not running'
            cand stop 'Stop the running daemon'
            cand restart 'Stop the running daemon (if any) and start a new one, which reads the configuration file and this shell''s environment again (e.g. a Stripe key set since the daemon started). A daemon run by systemd or launchd: restart it there instead'
            cand status 'Is a daemon running? Its pid, version, socket, HTTP address and database'
            cand install 'Run the daemon as a user service (systemd on Linux, launchd on macOS) from login on'
            cand uninstall 'Remove the user service written by `daemon install`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;daemon;run'= {
            cand --http-listen 'HTTP API address (default 127.0.0.1:4402; 127.0.0.1:0 picks a free port)'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;daemon;start'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;daemon;stop'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;daemon;restart'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;daemon;status'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;daemon;install'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --systemd 'A systemd user unit in $XDG_CONFIG_HOME/systemd/user/ (the default on Linux)'
            cand --launchd 'A launchd agent in ~/Library/LaunchAgents/ (the default on macOS)'
            cand --print 'Print the unit instead of writing it'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;daemon;uninstall'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --systemd 'A systemd user unit in $XDG_CONFIG_HOME/systemd/user/ (the default on Linux)'
            cand --launchd 'A launchd agent in ~/Library/LaunchAgents/ (the default on macOS)'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;daemon;help'= {
            cand run 'Run the daemon in the foreground, logging to stderr (what `daemon install` runs)'
            cand start 'Start the daemon in the background if it is not running'
            cand stop 'Stop the running daemon'
            cand restart 'Stop the running daemon (if any) and start a new one, which reads the configuration file and this shell''s environment again (e.g. a Stripe key set since the daemon started). A daemon run by systemd or launchd: restart it there instead'
            cand status 'Is a daemon running? Its pid, version, socket, HTTP address and database'
            cand install 'Run the daemon as a user service (systemd on Linux, launchd on macOS) from login on'
            cand uninstall 'Remove the user service written by `daemon install`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;daemon;help;run'= {
        }
        &'studio-credits;daemon;help;start'= {
        }
        &'studio-credits;daemon;help;stop'= {
        }
        &'studio-credits;daemon;help;restart'= {
        }
        &'studio-credits;daemon;help;status'= {
        }
        &'studio-credits;daemon;help;install'= {
        }
        &'studio-credits;daemon;help;uninstall'= {
        }
        &'studio-credits;daemon;help;help'= {
        }
        &'studio-credits;hold'= {
            cand --ttl 'How long the hold lives unsettled before it is released: 90s, 10m, 2h (default 15m, or `holds.ttl_seconds` in the config file)'
            cand -s 'Seat to reserve for (default: your own seat, or the only one)'
            cand --seat 'Seat to reserve for (default: your own seat, or the only one)'
            cand -m 'A note stored with the hold'
            cand --memo 'A note stored with the hold'
            cand --idempotency-key 'Makes retries safe: the same key returns the first hold without reserving again'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'Open holds of the workspace (or of one seat), soonest to expire first'
            cand show 'One hold, open or closed: what it reserved, settled, released, and when it expires'
            cand settle 'Consume AMOUNT (at most the held amount) and release the rest'
            cand release 'Release the whole hold'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;hold;list'= {
            cand -s 'Only this seat''s holds'
            cand --seat 'Only this seat''s holds'
            cand -n 'At most this many'
            cand --limit 'At most this many'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;hold;show'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;hold;settle'= {
            cand --idempotency-key 'Makes retries safe'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;hold;release'= {
            cand --idempotency-key 'Makes retries safe'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;hold;help'= {
            cand list 'Open holds of the workspace (or of one seat), soonest to expire first'
            cand show 'One hold, open or closed: what it reserved, settled, released, and when it expires'
            cand settle 'Consume AMOUNT (at most the held amount) and release the rest'
            cand release 'Release the whole hold'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;hold;help;list'= {
        }
        &'studio-credits;hold;help;show'= {
        }
        &'studio-credits;hold;help;settle'= {
        }
        &'studio-credits;hold;help;release'= {
        }
        &'studio-credits;hold;help;help'= {
        }
        &'studio-credits;verify'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;backup'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --check 'For cron: exit 0 when the newest scheduled backup is younger than twice [backup] every, 21 when it is older or there is none. Needs no daemon'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;restore'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --force 'Restore even a backup whose verify fails (the problems are still listed)'
            cand --stop-daemon 'Stop the running daemon first (otherwise a running daemon is an error)'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;store'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand copy 'Copy every workspace, seat, journal entry, purchase, hold and setting into an empty store'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;store;copy'= {
            cand --to 'The target store: postgres://USER@HOST/DB or sqlite:///PATH (a relative path is from here)'
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --stop-daemon 'Stop the daemon serving the source first (otherwise a running daemon is an error)'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;store;help'= {
            cand copy 'Copy every workspace, seat, journal entry, purchase, hold and setting into an empty store'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;store;help;copy'= {
        }
        &'studio-credits;store;help;help'= {
        }
        &'studio-credits;config'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'The effective configuration, secrets redacted'
            cand path 'Where the config file lives'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;config;show'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;config;path'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;config;help'= {
            cand show 'The effective configuration, secrets redacted'
            cand path 'Where the config file lives'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;config;help;show'= {
        }
        &'studio-credits;config;help;path'= {
        }
        &'studio-credits;config;help;help'= {
        }
        &'studio-credits;completions'= {
            cand -w 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --workspace 'Workspace to act on (default: the one chosen with `workspace use`)'
            cand --socket 'Path of the daemon''s local socket'
            cand --timeout 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]'
            cand --server 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs'
            cand --store 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode'
            cand --dynamic 'Print a small script that asks studio-credits itself on every Tab, which also completes workspace, seat and plan names from the running daemon'
            cand --json 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
            cand -q 'Print nothing but errors (exit codes still tell the outcome)'
            cand --quiet 'Print nothing but errors (exit codes still tell the outcome)'
            cand --no-autostart 'Fail with exit code 3 instead of starting a daemon when none is running'
            cand --insecure-http 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'studio-credits;help'= {
            cand balance 'Show included (this month), top-up and spendable credits'
            cand spend 'Spend credits: included first, then top-up. Exit 42 when both are empty'
            cand check 'Would this spend fit? Exit 0 (yes) or 42 (no); nothing is debited'
            cand buy 'Buy top-up credits through Stripe (non-refundable; they never expire)'
            cand ensure 'Buy only if spendable credits are below a minimum; concurrent calls buy at most once'
            cand reconcile 'Compare the ledger''s purchases with the payments Stripe shows for the workspace''s customer; with --fix, credit each paid payment the ledger has not credited, exactly once'
            cand purchases 'Top-up purchases: list, show, cancel an open checkout'
            cand auto-topup 'The auto top-up rule: below X credits, buy $Y on the card on file, at most $Z a month'
            cand usage 'Credits used per month and pool; the burn rate and, at that burn, when included credits run out and spendable credits reach zero'
            cand advise 'Top up or upgrade the plan? With the figures behind the answer'
            cand open 'Open the billing page in a browser, signed in (a single-use link valid for a minute)'
            cand history 'Journal entries, newest first'
            cand rollover 'Apply due monthly resets, or check (for cron) that none is overdue'
            cand seats 'Seats of the workspace'
            cand keys 'Workspace API keys for the HTTP API (CI jobs, services): create (the token is shown once), list, revoke. A key acts for one workspace with its scopes'
            cand webhooks 'Signed event webhooks: add an endpoint (its signing secret is shown once), list, remove, send a test event, see its delivery log, replay an event. See README "Notifications"'
            cand alerts 'Low-balance alerts: `balance.low` is sent once when a seat''s (or the workspace''s) balance goes below the threshold, and again only after it has been back at or above it'
            cand plan 'The workspace''s plan'
            cand workspace 'Workspaces: several, one default; time zone, plan, Stripe customer'
            cand daemon 'Run, start, stop or inspect the daemon'
            cand hold 'Reserve credits now; settle or release them later (two-phase usage). Exit 42 when a hold does not fit'
            cand verify 'Recompute every balance from the journal and check its hash chain'
            cand backup 'Write a verified snapshot of the SQLite ledger while the daemon keeps serving (mode 0600), or with --check tell cron whether the scheduled backups are current'
            cand restore 'Replace the SQLite ledger with a backup: verified first, the current file kept aside (credits.db.before-restore-TIME). The daemon must be stopped (or --stop-daemon)'
            cand store 'Move the whole ledger to another store: `store copy --to postgres://…` (or sqlite://PATH)'
            cand config 'Show the effective configuration (secrets redacted) or its file''s path'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'studio-credits;help;balance'= {
        }
        &'studio-credits;help;spend'= {
        }
        &'studio-credits;help;check'= {
        }
        &'studio-credits;help;buy'= {
        }
        &'studio-credits;help;ensure'= {
        }
        &'studio-credits;help;reconcile'= {
        }
        &'studio-credits;help;purchases'= {
            cand list 'The workspace''s purchases, newest first'
            cand show 'One purchase, with its Stripe ids'
            cand cancel 'Cancel a purchase whose checkout page is still open (it can no longer be paid)'
        }
        &'studio-credits;help;purchases;list'= {
        }
        &'studio-credits;help;purchases;show'= {
        }
        &'studio-credits;help;purchases;cancel'= {
        }
        &'studio-credits;help;auto-topup'= {
            cand show 'The workspace''s rule and what it bought this month'
            cand set 'Below --below credits, buy --buy dollars on the card on file, at most --max-per-month'
            cand off 'Turn auto top-up off'
            cand simulate 'Dry run: at the current burn (the forecast''s rate of each seat), how many times would the rule buy over the next days, and would the monthly cap stop it? Buys nothing. Simulates the workspace''s rule, or the one given with --below, --buy and --max-per-month'
        }
        &'studio-credits;help;auto-topup;show'= {
        }
        &'studio-credits;help;auto-topup;set'= {
        }
        &'studio-credits;help;auto-topup;off'= {
        }
        &'studio-credits;help;auto-topup;simulate'= {
        }
        &'studio-credits;help;usage'= {
        }
        &'studio-credits;help;advise'= {
        }
        &'studio-credits;help;open'= {
        }
        &'studio-credits;help;history'= {
        }
        &'studio-credits;help;rollover'= {
        }
        &'studio-credits;help;seats'= {
            cand list 'List seats with their included credits'
            cand add 'Add seats. A new seat gets this month''s full allowance; a seat removed and added again in the same month gets none until the next reset (one allowance per seat and month). Each name is added on its own: one that fails (it exists, it is invalid) is reported and the others are still added'
            cand remove 'Remove a seat: its included credits of this month expire at once (the workspace''s top-up credits stay) and its API token stops working. Asks first; --yes for scripts'
            cand limit 'Limit the top-up credits a seat may draw in a month (its included credits are never limited). At the limit the seat gets exit 42 / HTTP 402 naming the limit, even while the workspace''s top-up pool has credits; open holds count, released ones give back. Limits start afresh at the monthly reset'
            cand token 'Create a seat''s HTTP API token (shown once, stored hashed); --rotate replaces it, --revoke removes it'
        }
        &'studio-credits;help;seats;list'= {
        }
        &'studio-credits;help;seats;add'= {
        }
        &'studio-credits;help;seats;remove'= {
        }
        &'studio-credits;help;seats;limit'= {
        }
        &'studio-credits;help;seats;token'= {
        }
        &'studio-credits;help;keys'= {
            cand create 'Create a key; its token is printed once and stored only as a hash'
            cand list 'The workspace''s keys: names, scopes, expiry (never the tokens)'
            cand revoke 'Revoke a key: requests with its token get 401 at once'
        }
        &'studio-credits;help;keys;create'= {
        }
        &'studio-credits;help;keys;list'= {
        }
        &'studio-credits;help;keys;revoke'= {
        }
        &'studio-credits;help;webhooks'= {
            cand add 'Add an endpoint; its signing secret is printed once. Refused (exit 2, nothing stored) when the URL''s host is not allowed by `[webhooks] allow_hosts` (default: any public host over https, loopback over http)'
            cand list 'The workspace''s endpoints (never their secrets)'
            cand remove 'Remove an endpoint: its pending deliveries are dropped'
            cand test 'Send a `webhook.test` event to one endpoint'
            cand deliveries 'An endpoint''s newest delivery attempts: event, attempt, HTTP status or error, state'
            cand replay 'Send an event again, now, to every endpoint that wants it (same event id)'
        }
        &'studio-credits;help;webhooks;add'= {
        }
        &'studio-credits;help;webhooks;list'= {
        }
        &'studio-credits;help;webhooks;remove'= {
        }
        &'studio-credits;help;webhooks;test'= {
        }
        &'studio-credits;help;webhooks;deliveries'= {
        }
        &'studio-credits;help;webhooks;replay'= {
        }
        &'studio-credits;help;alerts'= {
            cand set 'Set (or with --off remove, if there is one) the low-balance alert of a seat, or of the workspace''s total'
            cand list 'The workspace''s alerts and whether each is armed'
        }
        &'studio-credits;help;alerts;set'= {
        }
        &'studio-credits;help;alerts;list'= {
        }
        &'studio-credits;help;plan'= {
            cand show 'The workspace''s plan (and a scheduled change)'
            cand list 'Every plan on offer'
            cand set 'Change the plan from the next monthly reset (or at once with --now)'
        }
        &'studio-credits;help;plan;show'= {
        }
        &'studio-credits;help;plan;list'= {
        }
        &'studio-credits;help;plan;set'= {
        }
        &'studio-credits;help;workspace'= {
            cand list 'Every workspace'
            cand add 'Create a workspace; its first seat is you'
            cand use 'Make a workspace the default'
            cand show 'Show a workspace''s settings'
            cand set 'Change the time zone, bind an existing Stripe customer, or set the monthly top-up budget'
        }
        &'studio-credits;help;workspace;list'= {
        }
        &'studio-credits;help;workspace;add'= {
        }
        &'studio-credits;help;workspace;use'= {
        }
        &'studio-credits;help;workspace;show'= {
        }
        &'studio-credits;help;workspace;set'= {
        }
        &'studio-credits;help;daemon'= {
            cand run 'Run the daemon in the foreground, logging to stderr (what `daemon install` runs)'
            cand start 'Start the daemon in the background if it is not running'
            cand stop 'Stop the running daemon'
            cand restart 'Stop the running daemon (if any) and start a new one, which reads the configuration file and this shell''s environment again (e.g. a Stripe key set since the daemon started). A daemon run by systemd or launchd: restart it there instead'
            cand status 'Is a daemon running? Its pid, version, socket, HTTP address and database'
            cand install 'Run the daemon as a user service (systemd on Linux, launchd on macOS) from login on'
            cand uninstall 'Remove the user service written by `daemon install`'
        }
        &'studio-credits;help;daemon;run'= {
        }
        &'studio-credits;help;daemon;start'= {
        }
        &'studio-credits;help;daemon;stop'= {
        }
        &'studio-credits;help;daemon;restart'= {
        }
        &'studio-credits;help;daemon;status'= {
        }
        &'studio-credits;help;daemon;install'= {
        }
        &'studio-credits;help;daemon;uninstall'= {
        }
        &'studio-credits;help;hold'= {
            cand list 'Open holds of the workspace (or of one seat), soonest to expire first'
            cand show 'One hold, open or closed: what it reserved, settled, released, and when it expires'
            cand settle 'Consume AMOUNT (at most the held amount) and release the rest'
            cand release 'Release the whole hold'
        }
        &'studio-credits;help;hold;list'= {
        }
        &'studio-credits;help;hold;show'= {
        }
        &'studio-credits;help;hold;settle'= {
        }
        &'studio-credits;help;hold;release'= {
        }
        &'studio-credits;help;verify'= {
        }
        &'studio-credits;help;backup'= {
        }
        &'studio-credits;help;restore'= {
        }
        &'studio-credits;help;store'= {
            cand copy 'Copy every workspace, seat, journal entry, purchase, hold and setting into an empty store'
        }
        &'studio-credits;help;store;copy'= {
        }
        &'studio-credits;help;config'= {
            cand show 'The effective configuration, secrets redacted'
            cand path 'Where the config file lives'
        }
        &'studio-credits;help;config;show'= {
        }
        &'studio-credits;help;config;path'= {
        }
        &'studio-credits;help;completions'= {
        }
        &'studio-credits;help;help'= {
        }
    ]
    $completions[$command]
}
