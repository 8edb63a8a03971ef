
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'studio-credits' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'studio-credits'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'studio-credits' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('balance', 'balance', [CompletionResultType]::ParameterValue, 'Show included (this month), top-up and spendable credits')
            [CompletionResult]::new('spend', 'spend', [CompletionResultType]::ParameterValue, 'Spend credits: included first, then top-up. Exit 42 when both are empty')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Would this spend fit? Exit 0 (yes) or 42 (no); nothing is debited')
            [CompletionResult]::new('buy', 'buy', [CompletionResultType]::ParameterValue, 'Buy top-up credits through Stripe (non-refundable; they never expire)')
            [CompletionResult]::new('ensure', 'ensure', [CompletionResultType]::ParameterValue, 'Buy only if spendable credits are below a minimum; concurrent calls buy at most once')
            [CompletionResult]::new('reconcile', 'reconcile', [CompletionResultType]::ParameterValue, 'Compare the ledger''s purchases with the payments Stripe shows for the workspace''s customer; with --fix, credit each paid payment the ledger has not credited, exactly once')
            [CompletionResult]::new('purchases', 'purchases', [CompletionResultType]::ParameterValue, 'Top-up purchases: list, show, cancel an open checkout')
            [CompletionResult]::new('auto-topup', 'auto-topup', [CompletionResultType]::ParameterValue, 'The auto top-up rule: below X credits, buy $Y on the card on file, at most $Z a month')
            [CompletionResult]::new('usage', 'usage', [CompletionResultType]::ParameterValue, 'Credits used per month and pool; the burn rate and, at that burn, when included credits run out and spendable credits reach zero')
            [CompletionResult]::new('advise', 'advise', [CompletionResultType]::ParameterValue, 'Top up or upgrade the plan? With the figures behind the answer')
            [CompletionResult]::new('open', 'open', [CompletionResultType]::ParameterValue, 'Open the billing page in a browser, signed in (a single-use link valid for a minute)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Journal entries, newest first')
            [CompletionResult]::new('rollover', 'rollover', [CompletionResultType]::ParameterValue, 'Apply due monthly resets, or check (for cron) that none is overdue')
            [CompletionResult]::new('seats', 'seats', [CompletionResultType]::ParameterValue, 'Seats of the workspace')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Workspace API keys for the HTTP API (CI jobs, services): create (the token is shown once), list, revoke. A key acts for one workspace with its scopes')
            [CompletionResult]::new('webhooks', 'webhooks', [CompletionResultType]::ParameterValue, 'Signed event webhooks: add an endpoint (its signing secret is shown once), list, remove, send a test event, see its delivery log, replay an event. See README "Notifications"')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'Low-balance alerts: `balance.low` is sent once when a seat''s (or the workspace''s) balance goes below the threshold, and again only after it has been back at or above it')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'The workspace''s plan')
            [CompletionResult]::new('workspace', 'workspace', [CompletionResultType]::ParameterValue, 'Workspaces: several, one default; time zone, plan, Stripe customer')
            [CompletionResult]::new('daemon', 'daemon', [CompletionResultType]::ParameterValue, 'Run, start, stop or inspect the daemon')
            [CompletionResult]::new('hold', 'hold', [CompletionResultType]::ParameterValue, 'Reserve credits now; settle or release them later (two-phase usage). Exit 42 when a hold does not fit')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Recompute every balance from the journal and check its hash chain')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Write a verified snapshot of the SQLite ledger while the daemon keeps serving (mode 0600), or with --check tell cron whether the scheduled backups are current')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Replace the SQLite ledger with a backup: verified first, the current file kept aside (credits.db.before-restore-TIME). The daemon must be stopped (or --stop-daemon)')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Move the whole ledger to another store: `store copy --to postgres://…` (or sqlite://PATH)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration (secrets redacted) or its file''s path')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;balance' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Seat to show (default: your own seat, or the only one)')
            [CompletionResult]::new('--seat', '--seat', [CompletionResultType]::ParameterName, 'Seat to show (default: your own seat, or the only one)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--all-seats', '--all-seats', [CompletionResultType]::ParameterName, 'Show every seat of the workspace')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;spend' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Seat to charge (default: your own seat, or the only one); with --batch, the seat of events that name none')
            [CompletionResult]::new('--seat', '--seat', [CompletionResultType]::ParameterName, 'Seat to charge (default: your own seat, or the only one); with --batch, the seat of events that name none')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'A note stored with the journal entry')
            [CompletionResult]::new('--memo', '--memo', [CompletionResultType]::ParameterName, 'A note stored with the journal entry')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Makes retries safe: the same key returns the first result without spending again')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Spend a batch of events read as JSON Lines from FILE (`-`: standard input), one object per line: {"amount": "1.5", "memo": "...", "idempotency_key": "...", "seat": "..."} (amount required). Each event is decided on its own, in order; 1,000 events per transaction')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;check' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Seat to check (default: your own seat, or the only one)')
            [CompletionResult]::new('--seat', '--seat', [CompletionResultType]::ParameterName, 'Seat to check (default: your own seat, or the only one)')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Also the seat''s current burn for this long (7d, 12h, 90m, 45s): would AMOUNT plus that fit what it can spend now?')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;buy' {
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Makes a rerun safe: a purchase under the same key is answered again, never bought twice (default: a new key for each run)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--card-on-file', '--card-on-file', [CompletionResultType]::ParameterName, 'Charge the card on file (off-session, no browser) instead of opening Stripe Checkout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Return at once with the purchase id instead of waiting for Stripe''s confirmation')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Print the checkout URL without opening a browser')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;ensure' {
            [CompletionResult]::new('--min', '--min', [CompletionResultType]::ParameterName, 'Buy only if spendable credits are below this many')
            [CompletionResult]::new('--buy', '--buy', [CompletionResultType]::ParameterName, 'How much to buy then, in dollars')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Seat whose spendable credits count (default: your own seat, or the only one; with several seats and none chosen, the shared top-up pool alone)')
            [CompletionResult]::new('--seat', '--seat', [CompletionResultType]::ParameterName, 'Seat whose spendable credits count (default: your own seat, or the only one; with several seats and none chosen, the shared top-up pool alone)')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Makes a rerun of the job safe: when an ensure under this key bought, its purchase is answered again instead of buying; use a key unique to the job run, such as its run id (default: a new key for each run)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--card-on-file', '--card-on-file', [CompletionResultType]::ParameterName, 'Charge the card on file (what CI wants) instead of opening Stripe Checkout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Print the checkout URL without opening a browser')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;reconcile' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only payments and purchases created at or after this date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM); without an offset in the workspace''s time zone [default: all]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--fix', '--fix', [CompletionResultType]::ParameterName, 'Credit every payment Stripe shows paid that the ledger has not credited (once each)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;purchases' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The workspace''s purchases, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One purchase, with its Stripe ids')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a purchase whose checkout page is still open (it can no longer be paid)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;purchases;list' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'At most this many')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;purchases;show' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;purchases;cancel' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;purchases;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The workspace''s purchases, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One purchase, with its Stripe ids')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a purchase whose checkout page is still open (it can no longer be paid)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;purchases;help;list' {
            break
        }
        'studio-credits;purchases;help;show' {
            break
        }
        'studio-credits;purchases;help;cancel' {
            break
        }
        'studio-credits;purchases;help;help' {
            break
        }
        'studio-credits;auto-topup' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The workspace''s rule and what it bought this month')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Below --below credits, buy --buy dollars on the card on file, at most --max-per-month')
            [CompletionResult]::new('off', 'off', [CompletionResultType]::ParameterValue, 'Turn auto top-up off')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Dry run: at the current burn (the forecast''s rate of each seat), how many times would the rule buy over the next days, and would the monthly cap stop it? Buys nothing. Simulates the workspace''s rule, or the one given with --below, --buy and --max-per-month')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;auto-topup;show' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;auto-topup;set' {
            [CompletionResult]::new('--below', '--below', [CompletionResultType]::ParameterName, 'Buy when the lowest spendable balance of any seat falls below this many credits')
            [CompletionResult]::new('--buy', '--buy', [CompletionResultType]::ParameterName, 'Dollars to buy each time')
            [CompletionResult]::new('--max-per-month', '--max-per-month', [CompletionResultType]::ParameterName, 'At most this many dollars of auto top-ups per month')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;auto-topup;off' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;auto-topup;simulate' {
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'How many days ahead (1 to 92)')
            [CompletionResult]::new('--below', '--below', [CompletionResultType]::ParameterName, 'Try this threshold instead of the rule''s (with --buy and --max-per-month)')
            [CompletionResult]::new('--buy', '--buy', [CompletionResultType]::ParameterName, 'Try buying this many dollars each time (with --below and --max-per-month)')
            [CompletionResult]::new('--max-per-month', '--max-per-month', [CompletionResultType]::ParameterName, 'Try this monthly cap in dollars (with --below and --buy)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;auto-topup;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The workspace''s rule and what it bought this month')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Below --below credits, buy --buy dollars on the card on file, at most --max-per-month')
            [CompletionResult]::new('off', 'off', [CompletionResultType]::ParameterValue, 'Turn auto top-up off')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Dry run: at the current burn (the forecast''s rate of each seat), how many times would the rule buy over the next days, and would the monthly cap stop it? Buys nothing. Simulates the workspace''s rule, or the one given with --below, --buy and --max-per-month')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;auto-topup;help;show' {
            break
        }
        'studio-credits;auto-topup;help;set' {
            break
        }
        'studio-credits;auto-topup;help;off' {
            break
        }
        'studio-credits;auto-topup;help;simulate' {
            break
        }
        'studio-credits;auto-topup;help;help' {
            break
        }
        'studio-credits;usage' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'How many months, newest first')
            [CompletionResult]::new('--months', '--months', [CompletionResultType]::ParameterName, 'How many months, newest first')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Only this seat''s burn and forecast (the months stay the workspace''s)')
            [CompletionResult]::new('--seat', '--seat', [CompletionResultType]::ParameterName, 'Only this seat''s burn and forecast (the months stay the workspace''s)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;advise' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;open' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Print the link instead of opening a browser (also the default when stdout is not a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;history' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only entries at or after this date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM). Without an offset it is in the workspace''s time zone; with one (`Z`, `+01:00`) as given')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only entries before this date or time (read like --since)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Only this seat''s entries')
            [CompletionResult]::new('--seat', '--seat', [CompletionResultType]::ParameterName, 'Only this seat''s entries')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only entries of this kind')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'At most this many entries')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many entries')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every matching entry, however many (to export the journal with --csv or --json)')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Print CSV instead of a table')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;rollover' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Only check: exit 0 when every workspace is on its current period, 20 when a reset is overdue or the clock went back behind a workspace''s month, 3 when no daemon is running or it does not answer in time')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;seats' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List seats with their included credits')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add seats. A new seat gets this month''s full allowance; a seat removed and added again in the same month gets none until the next reset (one allowance per seat and month). Each name is added on its own: one that fails (it exists, it is invalid) is reported and the others are still added')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a seat: its included credits of this month expire at once (the workspace''s top-up credits stay) and its API token stops working. Asks first; --yes for scripts')
            [CompletionResult]::new('limit', 'limit', [CompletionResultType]::ParameterValue, 'Limit the top-up credits a seat may draw in a month (its included credits are never limited). At the limit the seat gets exit 42 / HTTP 402 naming the limit, even while the workspace''s top-up pool has credits; open holds count, released ones give back. Limits start afresh at the monthly reset')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Create a seat''s HTTP API token (shown once, stored hashed); --rotate replaces it, --revoke removes it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;seats;list' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;seats;add' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;seats;remove' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;seats;limit' {
            [CompletionResult]::new('--topup-per-month', '--topup-per-month', [CompletionResultType]::ParameterName, 'The most top-up credits the seat may draw in a calendar month of the workspace')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--no-topup', '--no-topup', [CompletionResultType]::ParameterName, 'No top-up credits at all: the seat spends its included credits only')
            [CompletionResult]::new('--clear', '--clear', [CompletionResultType]::ParameterName, 'Remove the seat''s limit (the workspace''s budget, if any, still applies)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;seats;token' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--rotate', '--rotate', [CompletionResultType]::ParameterName, 'Replace the seat''s token; the old one stops working at once')
            [CompletionResult]::new('--revoke', '--revoke', [CompletionResultType]::ParameterName, 'Remove the seat''s token; requests with it get 401')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;seats;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List seats with their included credits')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add seats. A new seat gets this month''s full allowance; a seat removed and added again in the same month gets none until the next reset (one allowance per seat and month). Each name is added on its own: one that fails (it exists, it is invalid) is reported and the others are still added')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a seat: its included credits of this month expire at once (the workspace''s top-up credits stay) and its API token stops working. Asks first; --yes for scripts')
            [CompletionResult]::new('limit', 'limit', [CompletionResultType]::ParameterValue, 'Limit the top-up credits a seat may draw in a month (its included credits are never limited). At the limit the seat gets exit 42 / HTTP 402 naming the limit, even while the workspace''s top-up pool has credits; open holds count, released ones give back. Limits start afresh at the monthly reset')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Create a seat''s HTTP API token (shown once, stored hashed); --rotate replaces it, --revoke removes it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;seats;help;list' {
            break
        }
        'studio-credits;seats;help;add' {
            break
        }
        'studio-credits;seats;help;remove' {
            break
        }
        'studio-credits;seats;help;limit' {
            break
        }
        'studio-credits;seats;help;token' {
            break
        }
        'studio-credits;seats;help;help' {
            break
        }
        'studio-credits;keys' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a key; its token is printed once and stored only as a hash')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The workspace''s keys: names, scopes, expiry (never the tokens)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a key: requests with its token get 401 at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;keys;create' {
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'What the key may do: a comma-separated list of read, spend, buy, admin')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'How long the key works: 90d, 12h, 30m, 45s (default: until revoked)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;keys;list' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;keys;revoke' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;keys;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a key; its token is printed once and stored only as a hash')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The workspace''s keys: names, scopes, expiry (never the tokens)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a key: requests with its token get 401 at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;keys;help;create' {
            break
        }
        'studio-credits;keys;help;list' {
            break
        }
        'studio-credits;keys;help;revoke' {
            break
        }
        'studio-credits;keys;help;help' {
            break
        }
        'studio-credits;webhooks' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an endpoint; its signing secret is printed once. Refused (exit 2, nothing stored) when the URL''s host is not allowed by `[webhooks] allow_hosts` (default: any public host over https, loopback over http)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The workspace''s endpoints (never their secrets)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an endpoint: its pending deliveries are dropped')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a `webhook.test` event to one endpoint')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'An endpoint''s newest delivery attempts: event, attempt, HTTP status or error, state')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send an event again, now, to every endpoint that wants it (same event id)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;webhooks;add' {
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Event types to send, comma-separated (default: every type)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;webhooks;list' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;webhooks;remove' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;webhooks;test' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;webhooks;deliveries' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;webhooks;replay' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;webhooks;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an endpoint; its signing secret is printed once. Refused (exit 2, nothing stored) when the URL''s host is not allowed by `[webhooks] allow_hosts` (default: any public host over https, loopback over http)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The workspace''s endpoints (never their secrets)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an endpoint: its pending deliveries are dropped')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a `webhook.test` event to one endpoint')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'An endpoint''s newest delivery attempts: event, attempt, HTTP status or error, state')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send an event again, now, to every endpoint that wants it (same event id)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;webhooks;help;add' {
            break
        }
        'studio-credits;webhooks;help;list' {
            break
        }
        'studio-credits;webhooks;help;remove' {
            break
        }
        'studio-credits;webhooks;help;test' {
            break
        }
        'studio-credits;webhooks;help;deliveries' {
            break
        }
        'studio-credits;webhooks;help;replay' {
            break
        }
        'studio-credits;webhooks;help;help' {
            break
        }
        'studio-credits;alerts' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set (or with --off remove, if there is one) the low-balance alert of a seat, or of the workspace''s total')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The workspace''s alerts and whether each is armed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;alerts;set' {
            [CompletionResult]::new('--below', '--below', [CompletionResultType]::ParameterName, 'Send `balance.low` when the balance goes below this many credits')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The seat whose spendable balance (its included plus the top-up pool) is watched (default: the workspace''s total)')
            [CompletionResult]::new('--seat', '--seat', [CompletionResultType]::ParameterName, 'The seat whose spendable balance (its included plus the top-up pool) is watched (default: the workspace''s total)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--off', '--off', [CompletionResultType]::ParameterName, 'Remove the alert')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;alerts;list' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;alerts;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set (or with --off remove, if there is one) the low-balance alert of a seat, or of the workspace''s total')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The workspace''s alerts and whether each is armed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;alerts;help;set' {
            break
        }
        'studio-credits;alerts;help;list' {
            break
        }
        'studio-credits;alerts;help;help' {
            break
        }
        'studio-credits;plan' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The workspace''s plan (and a scheduled change)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every plan on offer')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change the plan from the next monthly reset (or at once with --now)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;plan;show' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;plan;list' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;plan;set' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Apply now: each seat''s allowance becomes the new plan''s, less what it used this month')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;plan;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The workspace''s plan (and a scheduled change)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every plan on offer')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change the plan from the next monthly reset (or at once with --now)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;plan;help;show' {
            break
        }
        'studio-credits;plan;help;list' {
            break
        }
        'studio-credits;plan;help;set' {
            break
        }
        'studio-credits;plan;help;help' {
            break
        }
        'studio-credits;workspace' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every workspace')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a workspace; its first seat is you')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a workspace the default')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a workspace''s settings')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change the time zone, bind an existing Stripe customer, or set the monthly top-up budget')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;workspace;list' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;workspace;add' {
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Plan (free, pro, team, …)')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'IANA time zone whose midnight on the 1st resets included credits')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;workspace;use' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;workspace;show' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;workspace;set' {
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'IANA time zone, e.g. Europe/Berlin')
            [CompletionResult]::new('--stripe-customer', '--stripe-customer', [CompletionResultType]::ParameterName, 'Existing Stripe customer id (cus_…) to charge')
            [CompletionResult]::new('--topup-budget-per-month', '--topup-budget-per-month', [CompletionResultType]::ParameterName, 'The most top-up credits all seats together may draw in a calendar month; past it every seat gets exit 42 / HTTP 402 naming the budget. Starts afresh at the reset')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--no-topup-budget', '--no-topup-budget', [CompletionResultType]::ParameterName, 'Remove the monthly top-up budget')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;workspace;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every workspace')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a workspace; its first seat is you')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a workspace the default')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a workspace''s settings')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change the time zone, bind an existing Stripe customer, or set the monthly top-up budget')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;workspace;help;list' {
            break
        }
        'studio-credits;workspace;help;add' {
            break
        }
        'studio-credits;workspace;help;use' {
            break
        }
        'studio-credits;workspace;help;show' {
            break
        }
        'studio-credits;workspace;help;set' {
            break
        }
        'studio-credits;workspace;help;help' {
            break
        }
        'studio-credits;daemon' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run the daemon in the foreground, logging to stderr (what `daemon install` runs)')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Start the daemon in the background if it is not running')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop the running daemon')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Stop the running daemon (if any) and start a new one, which reads the configuration file and this shell''s environment again (e.g. a Stripe key set since the daemon started). A daemon run by systemd or launchd: restart it there instead')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Is a daemon running? Its pid, version, socket, HTTP address and database')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Run the daemon as a user service (systemd on Linux, launchd on macOS) from login on')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove the user service written by `daemon install`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;daemon;run' {
            [CompletionResult]::new('--http-listen', '--http-listen', [CompletionResultType]::ParameterName, 'HTTP API address (default 127.0.0.1:4402; 127.0.0.1:0 picks a free port)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;daemon;start' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;daemon;stop' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;daemon;restart' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;daemon;status' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;daemon;install' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--systemd', '--systemd', [CompletionResultType]::ParameterName, 'A systemd user unit in $XDG_CONFIG_HOME/systemd/user/ (the default on Linux)')
            [CompletionResult]::new('--launchd', '--launchd', [CompletionResultType]::ParameterName, 'A launchd agent in ~/Library/LaunchAgents/ (the default on macOS)')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the unit instead of writing it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;daemon;uninstall' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--systemd', '--systemd', [CompletionResultType]::ParameterName, 'A systemd user unit in $XDG_CONFIG_HOME/systemd/user/ (the default on Linux)')
            [CompletionResult]::new('--launchd', '--launchd', [CompletionResultType]::ParameterName, 'A launchd agent in ~/Library/LaunchAgents/ (the default on macOS)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;daemon;help' {
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run the daemon in the foreground, logging to stderr (what `daemon install` runs)')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Start the daemon in the background if it is not running')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop the running daemon')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Stop the running daemon (if any) and start a new one, which reads the configuration file and this shell''s environment again (e.g. a Stripe key set since the daemon started). A daemon run by systemd or launchd: restart it there instead')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Is a daemon running? Its pid, version, socket, HTTP address and database')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Run the daemon as a user service (systemd on Linux, launchd on macOS) from login on')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove the user service written by `daemon install`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;daemon;help;run' {
            break
        }
        'studio-credits;daemon;help;start' {
            break
        }
        'studio-credits;daemon;help;stop' {
            break
        }
        'studio-credits;daemon;help;restart' {
            break
        }
        'studio-credits;daemon;help;status' {
            break
        }
        'studio-credits;daemon;help;install' {
            break
        }
        'studio-credits;daemon;help;uninstall' {
            break
        }
        'studio-credits;daemon;help;help' {
            break
        }
        'studio-credits;hold' {
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'How long the hold lives unsettled before it is released: 90s, 10m, 2h (default 15m, or `holds.ttl_seconds` in the config file)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Seat to reserve for (default: your own seat, or the only one)')
            [CompletionResult]::new('--seat', '--seat', [CompletionResultType]::ParameterName, 'Seat to reserve for (default: your own seat, or the only one)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'A note stored with the hold')
            [CompletionResult]::new('--memo', '--memo', [CompletionResultType]::ParameterName, 'A note stored with the hold')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Makes retries safe: the same key returns the first hold without reserving again')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Open holds of the workspace (or of one seat), soonest to expire first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One hold, open or closed: what it reserved, settled, released, and when it expires')
            [CompletionResult]::new('settle', 'settle', [CompletionResultType]::ParameterValue, 'Consume AMOUNT (at most the held amount) and release the rest')
            [CompletionResult]::new('release', 'release', [CompletionResultType]::ParameterValue, 'Release the whole hold')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;hold;list' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Only this seat''s holds')
            [CompletionResult]::new('--seat', '--seat', [CompletionResultType]::ParameterName, 'Only this seat''s holds')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'At most this many')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;hold;show' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;hold;settle' {
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Makes retries safe')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;hold;release' {
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Makes retries safe')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;hold;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Open holds of the workspace (or of one seat), soonest to expire first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One hold, open or closed: what it reserved, settled, released, and when it expires')
            [CompletionResult]::new('settle', 'settle', [CompletionResultType]::ParameterValue, 'Consume AMOUNT (at most the held amount) and release the rest')
            [CompletionResult]::new('release', 'release', [CompletionResultType]::ParameterValue, 'Release the whole hold')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;hold;help;list' {
            break
        }
        'studio-credits;hold;help;show' {
            break
        }
        'studio-credits;hold;help;settle' {
            break
        }
        'studio-credits;hold;help;release' {
            break
        }
        'studio-credits;hold;help;help' {
            break
        }
        'studio-credits;verify' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;backup' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'For cron: exit 0 when the newest scheduled backup is younger than twice [backup] every, 21 when it is older or there is none. Needs no daemon')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;restore' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Restore even a backup whose verify fails (the problems are still listed)')
            [CompletionResult]::new('--stop-daemon', '--stop-daemon', [CompletionResultType]::ParameterName, 'Stop the running daemon first (otherwise a running daemon is an error)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;store' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy every workspace, seat, journal entry, purchase, hold and setting into an empty store')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;store;copy' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The target store: postgres://USER@HOST/DB or sqlite:///PATH (a relative path is from here)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--stop-daemon', '--stop-daemon', [CompletionResultType]::ParameterName, 'Stop the daemon serving the source first (otherwise a running daemon is an error)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;store;help' {
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy every workspace, seat, journal entry, purchase, hold and setting into an empty store')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;store;help;copy' {
            break
        }
        'studio-credits;store;help;help' {
            break
        }
        'studio-credits;config' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The effective configuration, secrets redacted')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Where the config file lives')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;config;show' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;config;path' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The effective configuration, secrets redacted')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Where the config file lives')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;config;help;show' {
            break
        }
        'studio-credits;config;help;path' {
            break
        }
        'studio-credits;config;help;help' {
            break
        }
        'studio-credits;completions' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act on (default: the one chosen with `workspace use`)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Path of the daemon''s local socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is missing, invalid, expired, revoked or lacks the scope the command needs')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the ledger lives, for the daemon this command starts and for `daemon run`: sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS). Wins over [store] url. A password in this flag is visible to other local users (shell history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in remote mode')
            [CompletionResult]::new('--dynamic', '--dynamic', [CompletionResultType]::ParameterName, 'Print a small script that asks studio-credits itself on every Tab, which also completes workspace, seat and plan names from the running daemon')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (exit codes still tell the outcome)')
            [CompletionResult]::new('--no-autostart', '--no-autostart', [CompletionResultType]::ParameterName, 'Fail with exit code 3 instead of starting a daemon when none is running')
            [CompletionResult]::new('--insecure-http', '--insecure-http', [CompletionResultType]::ParameterName, 'Remote mode: allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio-credits;help' {
            [CompletionResult]::new('balance', 'balance', [CompletionResultType]::ParameterValue, 'Show included (this month), top-up and spendable credits')
            [CompletionResult]::new('spend', 'spend', [CompletionResultType]::ParameterValue, 'Spend credits: included first, then top-up. Exit 42 when both are empty')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Would this spend fit? Exit 0 (yes) or 42 (no); nothing is debited')
            [CompletionResult]::new('buy', 'buy', [CompletionResultType]::ParameterValue, 'Buy top-up credits through Stripe (non-refundable; they never expire)')
            [CompletionResult]::new('ensure', 'ensure', [CompletionResultType]::ParameterValue, 'Buy only if spendable credits are below a minimum; concurrent calls buy at most once')
            [CompletionResult]::new('reconcile', 'reconcile', [CompletionResultType]::ParameterValue, 'Compare the ledger''s purchases with the payments Stripe shows for the workspace''s customer; with --fix, credit each paid payment the ledger has not credited, exactly once')
            [CompletionResult]::new('purchases', 'purchases', [CompletionResultType]::ParameterValue, 'Top-up purchases: list, show, cancel an open checkout')
            [CompletionResult]::new('auto-topup', 'auto-topup', [CompletionResultType]::ParameterValue, 'The auto top-up rule: below X credits, buy $Y on the card on file, at most $Z a month')
            [CompletionResult]::new('usage', 'usage', [CompletionResultType]::ParameterValue, 'Credits used per month and pool; the burn rate and, at that burn, when included credits run out and spendable credits reach zero')
            [CompletionResult]::new('advise', 'advise', [CompletionResultType]::ParameterValue, 'Top up or upgrade the plan? With the figures behind the answer')
            [CompletionResult]::new('open', 'open', [CompletionResultType]::ParameterValue, 'Open the billing page in a browser, signed in (a single-use link valid for a minute)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Journal entries, newest first')
            [CompletionResult]::new('rollover', 'rollover', [CompletionResultType]::ParameterValue, 'Apply due monthly resets, or check (for cron) that none is overdue')
            [CompletionResult]::new('seats', 'seats', [CompletionResultType]::ParameterValue, 'Seats of the workspace')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Workspace API keys for the HTTP API (CI jobs, services): create (the token is shown once), list, revoke. A key acts for one workspace with its scopes')
            [CompletionResult]::new('webhooks', 'webhooks', [CompletionResultType]::ParameterValue, 'Signed event webhooks: add an endpoint (its signing secret is shown once), list, remove, send a test event, see its delivery log, replay an event. See README "Notifications"')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'Low-balance alerts: `balance.low` is sent once when a seat''s (or the workspace''s) balance goes below the threshold, and again only after it has been back at or above it')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'The workspace''s plan')
            [CompletionResult]::new('workspace', 'workspace', [CompletionResultType]::ParameterValue, 'Workspaces: several, one default; time zone, plan, Stripe customer')
            [CompletionResult]::new('daemon', 'daemon', [CompletionResultType]::ParameterValue, 'Run, start, stop or inspect the daemon')
            [CompletionResult]::new('hold', 'hold', [CompletionResultType]::ParameterValue, 'Reserve credits now; settle or release them later (two-phase usage). Exit 42 when a hold does not fit')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Recompute every balance from the journal and check its hash chain')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Write a verified snapshot of the SQLite ledger while the daemon keeps serving (mode 0600), or with --check tell cron whether the scheduled backups are current')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Replace the SQLite ledger with a backup: verified first, the current file kept aside (credits.db.before-restore-TIME). The daemon must be stopped (or --stop-daemon)')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Move the whole ledger to another store: `store copy --to postgres://…` (or sqlite://PATH)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration (secrets redacted) or its file''s path')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio-credits;help;balance' {
            break
        }
        'studio-credits;help;spend' {
            break
        }
        'studio-credits;help;check' {
            break
        }
        'studio-credits;help;buy' {
            break
        }
        'studio-credits;help;ensure' {
            break
        }
        'studio-credits;help;reconcile' {
            break
        }
        'studio-credits;help;purchases' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The workspace''s purchases, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One purchase, with its Stripe ids')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a purchase whose checkout page is still open (it can no longer be paid)')
            break
        }
        'studio-credits;help;purchases;list' {
            break
        }
        'studio-credits;help;purchases;show' {
            break
        }
        'studio-credits;help;purchases;cancel' {
            break
        }
        'studio-credits;help;auto-topup' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The workspace''s rule and what it bought this month')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Below --below credits, buy --buy dollars on the card on file, at most --max-per-month')
            [CompletionResult]::new('off', 'off', [CompletionResultType]::ParameterValue, 'Turn auto top-up off')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Dry run: at the current burn (the forecast''s rate of each seat), how many times would the rule buy over the next days, and would the monthly cap stop it? Buys nothing. Simulates the workspace''s rule, or the one given with --below, --buy and --max-per-month')
            break
        }
        'studio-credits;help;auto-topup;show' {
            break
        }
        'studio-credits;help;auto-topup;set' {
            break
        }
        'studio-credits;help;auto-topup;off' {
            break
        }
        'studio-credits;help;auto-topup;simulate' {
            break
        }
        'studio-credits;help;usage' {
            break
        }
        'studio-credits;help;advise' {
            break
        }
        'studio-credits;help;open' {
            break
        }
        'studio-credits;help;history' {
            break
        }
        'studio-credits;help;rollover' {
            break
        }
        'studio-credits;help;seats' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List seats with their included credits')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add seats. A new seat gets this month''s full allowance; a seat removed and added again in the same month gets none until the next reset (one allowance per seat and month). Each name is added on its own: one that fails (it exists, it is invalid) is reported and the others are still added')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a seat: its included credits of this month expire at once (the workspace''s top-up credits stay) and its API token stops working. Asks first; --yes for scripts')
            [CompletionResult]::new('limit', 'limit', [CompletionResultType]::ParameterValue, 'Limit the top-up credits a seat may draw in a month (its included credits are never limited). At the limit the seat gets exit 42 / HTTP 402 naming the limit, even while the workspace''s top-up pool has credits; open holds count, released ones give back. Limits start afresh at the monthly reset')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Create a seat''s HTTP API token (shown once, stored hashed); --rotate replaces it, --revoke removes it')
            break
        }
        'studio-credits;help;seats;list' {
            break
        }
        'studio-credits;help;seats;add' {
            break
        }
        'studio-credits;help;seats;remove' {
            break
        }
        'studio-credits;help;seats;limit' {
            break
        }
        'studio-credits;help;seats;token' {
            break
        }
        'studio-credits;help;keys' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a key; its token is printed once and stored only as a hash')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The workspace''s keys: names, scopes, expiry (never the tokens)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a key: requests with its token get 401 at once')
            break
        }
        'studio-credits;help;keys;create' {
            break
        }
        'studio-credits;help;keys;list' {
            break
        }
        'studio-credits;help;keys;revoke' {
            break
        }
        'studio-credits;help;webhooks' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an endpoint; its signing secret is printed once. Refused (exit 2, nothing stored) when the URL''s host is not allowed by `[webhooks] allow_hosts` (default: any public host over https, loopback over http)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The workspace''s endpoints (never their secrets)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an endpoint: its pending deliveries are dropped')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a `webhook.test` event to one endpoint')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'An endpoint''s newest delivery attempts: event, attempt, HTTP status or error, state')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send an event again, now, to every endpoint that wants it (same event id)')
            break
        }
        'studio-credits;help;webhooks;add' {
            break
        }
        'studio-credits;help;webhooks;list' {
            break
        }
        'studio-credits;help;webhooks;remove' {
            break
        }
        'studio-credits;help;webhooks;test' {
            break
        }
        'studio-credits;help;webhooks;deliveries' {
            break
        }
        'studio-credits;help;webhooks;replay' {
            break
        }
        'studio-credits;help;alerts' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set (or with --off remove, if there is one) the low-balance alert of a seat, or of the workspace''s total')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The workspace''s alerts and whether each is armed')
            break
        }
        'studio-credits;help;alerts;set' {
            break
        }
        'studio-credits;help;alerts;list' {
            break
        }
        'studio-credits;help;plan' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The workspace''s plan (and a scheduled change)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every plan on offer')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change the plan from the next monthly reset (or at once with --now)')
            break
        }
        'studio-credits;help;plan;show' {
            break
        }
        'studio-credits;help;plan;list' {
            break
        }
        'studio-credits;help;plan;set' {
            break
        }
        'studio-credits;help;workspace' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every workspace')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a workspace; its first seat is you')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a workspace the default')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a workspace''s settings')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change the time zone, bind an existing Stripe customer, or set the monthly top-up budget')
            break
        }
        'studio-credits;help;workspace;list' {
            break
        }
        'studio-credits;help;workspace;add' {
            break
        }
        'studio-credits;help;workspace;use' {
            break
        }
        'studio-credits;help;workspace;show' {
            break
        }
        'studio-credits;help;workspace;set' {
            break
        }
        'studio-credits;help;daemon' {
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run the daemon in the foreground, logging to stderr (what `daemon install` runs)')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Start the daemon in the background if it is not running')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop the running daemon')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Stop the running daemon (if any) and start a new one, which reads the configuration file and this shell''s environment again (e.g. a Stripe key set since the daemon started). A daemon run by systemd or launchd: restart it there instead')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Is a daemon running? Its pid, version, socket, HTTP address and database')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Run the daemon as a user service (systemd on Linux, launchd on macOS) from login on')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove the user service written by `daemon install`')
            break
        }
        'studio-credits;help;daemon;run' {
            break
        }
        'studio-credits;help;daemon;start' {
            break
        }
        'studio-credits;help;daemon;stop' {
            break
        }
        'studio-credits;help;daemon;restart' {
            break
        }
        'studio-credits;help;daemon;status' {
            break
        }
        'studio-credits;help;daemon;install' {
            break
        }
        'studio-credits;help;daemon;uninstall' {
            break
        }
        'studio-credits;help;hold' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Open holds of the workspace (or of one seat), soonest to expire first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One hold, open or closed: what it reserved, settled, released, and when it expires')
            [CompletionResult]::new('settle', 'settle', [CompletionResultType]::ParameterValue, 'Consume AMOUNT (at most the held amount) and release the rest')
            [CompletionResult]::new('release', 'release', [CompletionResultType]::ParameterValue, 'Release the whole hold')
            break
        }
        'studio-credits;help;hold;list' {
            break
        }
        'studio-credits;help;hold;show' {
            break
        }
        'studio-credits;help;hold;settle' {
            break
        }
        'studio-credits;help;hold;release' {
            break
        }
        'studio-credits;help;verify' {
            break
        }
        'studio-credits;help;backup' {
            break
        }
        'studio-credits;help;restore' {
            break
        }
        'studio-credits;help;store' {
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy every workspace, seat, journal entry, purchase, hold and setting into an empty store')
            break
        }
        'studio-credits;help;store;copy' {
            break
        }
        'studio-credits;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The effective configuration, secrets redacted')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Where the config file lives')
            break
        }
        'studio-credits;help;config;show' {
            break
        }
        'studio-credits;help;config;path' {
            break
        }
        'studio-credits;help;completions' {
            break
        }
        'studio-credits;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
