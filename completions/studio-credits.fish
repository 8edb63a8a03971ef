# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_studio_credits_global_optspecs
    string join \n json w/workspace= socket= q/quiet no-autostart timeout= h/help V/version
end

function __fish_studio_credits_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_studio_credits_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_studio_credits_using_subcommand
    set -l cmd (__fish_studio_credits_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c studio-credits -n "__fish_studio_credits_needs_command" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_needs_command" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_needs_command" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_needs_command" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -s V -l version -d 'Print version'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "balance" -d 'Show included (this month), top-up and spendable credits'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "spend" -d 'Spend credits: included first, then top-up. Exit 42 when both are empty'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "check" -d 'Would this spend fit? Exit 0 (yes) or 42 (no); nothing is debited'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "buy" -d 'Buy top-up credits through Stripe (non-refundable; they never expire)'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "ensure" -d 'Buy only if spendable credits are below a minimum; concurrent calls buy at most once'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "purchases" -d 'Top-up purchases: list, show, cancel an open checkout'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "auto-topup" -d 'The auto top-up rule: below X credits, buy $Y on the card on file, at most $Z a month'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "usage" -d 'Credits used per month and pool'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "advise" -d 'Top up or upgrade the plan? With the figures behind the answer'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "open" -d 'Open the billing page in a browser, signed in (a single-use link valid for a minute)'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "history" -d 'Journal entries, newest first'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "rollover" -d 'Apply due monthly resets, or check (for cron) that none is overdue'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "seats" -d 'Seats of the workspace'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "keys" -d 'Workspace API keys for the HTTP API (CI jobs, services): create (the token is shown once), list, revoke. A key acts for one workspace with its scopes'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "plan" -d 'The workspace\'s plan'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "workspace" -d 'Workspaces: several, one default; time zone, plan, Stripe customer'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "daemon" -d 'Run, start, stop or inspect the daemon'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "hold" -d 'Reserve credits now; settle or release them later (two-phase usage). Exit 42 when a hold does not fit'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "verify" -d 'Recompute every balance from the journal and check its hash chain'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "config" -d 'Show the effective configuration (secrets redacted) or its file\'s path'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c studio-credits -n "__fish_studio_credits_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand balance" -s s -l seat -d 'Seat to show (default: your own seat, or the only one)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand balance" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand balance" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand balance" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand balance" -l all-seats -d 'Show every seat of the workspace'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand balance" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand balance" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand balance" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand balance" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand spend" -s s -l seat -d 'Seat to charge (default: your own seat, or the only one)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand spend" -s m -l memo -d 'A note stored with the journal entry' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand spend" -l idempotency-key -d 'Makes retries safe: the same key returns the first result without spending again' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand spend" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand spend" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand spend" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand spend" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand spend" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand spend" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand spend" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand check" -s s -l seat -d 'Seat to check (default: your own seat, or the only one)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand check" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand check" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand check" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand check" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand check" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand check" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand check" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand buy" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand buy" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand buy" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand buy" -l card-on-file -d 'Charge the card on file (off-session, no browser) instead of opening Stripe Checkout'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand buy" -s y -l yes -d 'Do not ask for confirmation (required when stdin is not a terminal)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand buy" -l no-wait -d 'Return at once with the purchase id instead of waiting for Stripe\'s confirmation'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand buy" -l no-browser -d 'Print the checkout URL without opening a browser'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand buy" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand buy" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand buy" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand buy" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand ensure" -l min -d 'Buy only if spendable credits are below this many' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand ensure" -l buy -d 'How much to buy then, in dollars' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand ensure" -s s -l seat -d 'Seat whose spendable credits count (default: your own seat, or the only one; with several seats and none chosen, the shared top-up pool alone)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand ensure" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand ensure" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand ensure" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand ensure" -l card-on-file -d 'Charge the card on file (what CI wants) instead of opening Stripe Checkout'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand ensure" -s y -l yes -d 'Do not ask for confirmation (required when stdin is not a terminal)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand ensure" -l no-browser -d 'Print the checkout URL without opening a browser'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand ensure" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand ensure" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand ensure" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand ensure" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and not __fish_seen_subcommand_from list show cancel help" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and not __fish_seen_subcommand_from list show cancel help" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and not __fish_seen_subcommand_from list show cancel help" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and not __fish_seen_subcommand_from list show cancel help" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and not __fish_seen_subcommand_from list show cancel help" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and not __fish_seen_subcommand_from list show cancel help" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and not __fish_seen_subcommand_from list show cancel help" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and not __fish_seen_subcommand_from list show cancel help" -f -a "list" -d 'The workspace\'s purchases, newest first'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and not __fish_seen_subcommand_from list show cancel help" -f -a "show" -d 'One purchase, with its Stripe ids'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and not __fish_seen_subcommand_from list show cancel help" -f -a "cancel" -d 'Cancel a purchase whose checkout page is still open (it can no longer be paid)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and not __fish_seen_subcommand_from list show cancel help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from list" -s n -l limit -d 'At most this many' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from list" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from list" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from list" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from list" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from show" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from show" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from show" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from show" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from cancel" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from cancel" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from cancel" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from cancel" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from cancel" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from cancel" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from help" -f -a "list" -d 'The workspace\'s purchases, newest first'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from help" -f -a "show" -d 'One purchase, with its Stripe ids'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel a purchase whose checkout page is still open (it can no longer be paid)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and not __fish_seen_subcommand_from show set off help" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and not __fish_seen_subcommand_from show set off help" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and not __fish_seen_subcommand_from show set off help" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and not __fish_seen_subcommand_from show set off help" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and not __fish_seen_subcommand_from show set off help" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and not __fish_seen_subcommand_from show set off help" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and not __fish_seen_subcommand_from show set off help" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and not __fish_seen_subcommand_from show set off help" -f -a "show" -d 'The workspace\'s rule and what it bought this month'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and not __fish_seen_subcommand_from show set off help" -f -a "set" -d 'Below --below credits, buy --buy dollars on the card on file, at most --max-per-month'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and not __fish_seen_subcommand_from show set off help" -f -a "off" -d 'Turn auto top-up off'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and not __fish_seen_subcommand_from show set off help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from show" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from show" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from show" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from show" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from set" -l below -d 'Buy when the lowest spendable balance of any seat falls below this many credits' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from set" -l buy -d 'Dollars to buy each time' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from set" -l max-per-month -d 'At most this many dollars of auto top-ups per month' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from set" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from set" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from set" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from set" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from set" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from off" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from off" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from off" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from off" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from off" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from off" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from off" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from help" -f -a "show" -d 'The workspace\'s rule and what it bought this month'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from help" -f -a "set" -d 'Below --below credits, buy --buy dollars on the card on file, at most --max-per-month'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from help" -f -a "off" -d 'Turn auto top-up off'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand usage" -s m -l months -d 'How many months, newest first' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand usage" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand usage" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand usage" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand usage" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand usage" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand usage" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand usage" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand advise" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand advise" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand advise" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand advise" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand advise" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand advise" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand advise" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand open" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand open" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand open" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand open" -l no-browser -d 'Print the link instead of opening a browser (also the default when stdout is not a terminal)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand open" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand open" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand open" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand open" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand history" -l since -d 'Only entries at or after this date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM). Without an offset it is in the workspace\'s time zone; with one (`Z`, `+01:00`) as given' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand history" -l until -d 'Only entries before this date or time (read like --since)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand history" -s s -l seat -d 'Only this seat\'s entries' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand history" -l kind -d 'Only entries of this kind' -r -f -a "grant\t''
expire\t''
debit\t''
hold\t''
settle\t''
release\t''
purchase\t''
adjust\t''"
complete -c studio-credits -n "__fish_studio_credits_using_subcommand history" -s n -l limit -d 'At most this many entries' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand history" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand history" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand history" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand history" -l all -d 'Every matching entry, however many (to export the journal with --csv or --json)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand history" -l csv -d 'Print CSV instead of a table'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand history" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand history" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand history" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand history" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand rollover" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand rollover" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand rollover" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand rollover" -l check -d 'Only check: exit 0 when every workspace is on its current period, 20 when a reset is overdue or the clock went back behind a workspace\'s month, 3 when no daemon is running or it does not answer in time'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand rollover" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand rollover" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand rollover" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand rollover" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and not __fish_seen_subcommand_from list add remove token help" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and not __fish_seen_subcommand_from list add remove token help" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and not __fish_seen_subcommand_from list add remove token help" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and not __fish_seen_subcommand_from list add remove token help" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and not __fish_seen_subcommand_from list add remove token help" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and not __fish_seen_subcommand_from list add remove token help" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and not __fish_seen_subcommand_from list add remove token help" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and not __fish_seen_subcommand_from list add remove token help" -f -a "list" -d 'List seats with their included credits'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and not __fish_seen_subcommand_from list add remove token help" -f -a "add" -d 'Add seats. A new seat gets this month\'s full allowance; a seat removed and added again in the same month gets none until the next reset (one allowance per seat and month). Each name is added on its own: one that fails (it exists, it is invalid) is reported and the others are still added'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and not __fish_seen_subcommand_from list add remove token help" -f -a "remove" -d 'Remove a seat: its included credits of this month expire at once (the workspace\'s top-up credits stay) and its API token stops working. Asks first; --yes for scripts'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and not __fish_seen_subcommand_from list add remove token help" -f -a "token" -d 'Create a seat\'s HTTP API token (shown once, stored hashed); --rotate replaces it, --revoke removes it'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and not __fish_seen_subcommand_from list add remove token help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from list" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from list" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from list" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from list" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from add" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from add" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from add" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from add" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from remove" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from remove" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from remove" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Do not ask for confirmation (required when stdin is not a terminal)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from remove" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from remove" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from token" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from token" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from token" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from token" -l rotate -d 'Replace the seat\'s token; the old one stops working at once'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from token" -l revoke -d 'Remove the seat\'s token; requests with it get 401'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from token" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from token" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from token" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from token" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from help" -f -a "list" -d 'List seats with their included credits'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add seats. A new seat gets this month\'s full allowance; a seat removed and added again in the same month gets none until the next reset (one allowance per seat and month). Each name is added on its own: one that fails (it exists, it is invalid) is reported and the others are still added'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a seat: its included credits of this month expire at once (the workspace\'s top-up credits stay) and its API token stops working. Asks first; --yes for scripts'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from help" -f -a "token" -d 'Create a seat\'s HTTP API token (shown once, stored hashed); --rotate replaces it, --revoke removes it'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and not __fish_seen_subcommand_from create list revoke help" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and not __fish_seen_subcommand_from create list revoke help" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and not __fish_seen_subcommand_from create list revoke help" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and not __fish_seen_subcommand_from create list revoke help" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and not __fish_seen_subcommand_from create list revoke help" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and not __fish_seen_subcommand_from create list revoke help" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and not __fish_seen_subcommand_from create list revoke help" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and not __fish_seen_subcommand_from create list revoke help" -f -a "create" -d 'Create a key; its token is printed once and stored only as a hash'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and not __fish_seen_subcommand_from create list revoke help" -f -a "list" -d 'The workspace\'s keys: names, scopes, expiry (never the tokens)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and not __fish_seen_subcommand_from create list revoke help" -f -a "revoke" -d 'Revoke a key: requests with its token get 401 at once'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and not __fish_seen_subcommand_from create list revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from create" -l scope -d 'What the key may do: a comma-separated list of read, spend, buy, admin' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from create" -l expires -d 'How long the key works: 90d, 12h, 30m, 45s (default: until revoked)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from create" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from create" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from create" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from create" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from list" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from list" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from list" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from list" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from revoke" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a key; its token is printed once and stored only as a hash'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "list" -d 'The workspace\'s keys: names, scopes, expiry (never the tokens)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a key: requests with its token get 401 at once'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and not __fish_seen_subcommand_from show list set help" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and not __fish_seen_subcommand_from show list set help" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and not __fish_seen_subcommand_from show list set help" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and not __fish_seen_subcommand_from show list set help" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and not __fish_seen_subcommand_from show list set help" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and not __fish_seen_subcommand_from show list set help" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and not __fish_seen_subcommand_from show list set help" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and not __fish_seen_subcommand_from show list set help" -f -a "show" -d 'The workspace\'s plan (and a scheduled change)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and not __fish_seen_subcommand_from show list set help" -f -a "list" -d 'Every plan on offer'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and not __fish_seen_subcommand_from show list set help" -f -a "set" -d 'Change the plan from the next monthly reset (or at once with --now)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and not __fish_seen_subcommand_from show list set help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from show" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from show" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from show" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from show" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from list" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from list" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from list" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from list" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from set" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from set" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from set" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from set" -l now -d 'Apply now: each seat\'s allowance becomes the new plan\'s, less what it used this month'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from set" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from set" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from help" -f -a "show" -d 'The workspace\'s plan (and a scheduled change)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every plan on offer'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change the plan from the next monthly reset (or at once with --now)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and not __fish_seen_subcommand_from list add use show set help" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and not __fish_seen_subcommand_from list add use show set help" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and not __fish_seen_subcommand_from list add use show set help" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and not __fish_seen_subcommand_from list add use show set help" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and not __fish_seen_subcommand_from list add use show set help" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and not __fish_seen_subcommand_from list add use show set help" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and not __fish_seen_subcommand_from list add use show set help" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and not __fish_seen_subcommand_from list add use show set help" -f -a "list" -d 'Every workspace'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and not __fish_seen_subcommand_from list add use show set help" -f -a "add" -d 'Create a workspace; its first seat is you'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and not __fish_seen_subcommand_from list add use show set help" -f -a "use" -d 'Make a workspace the default'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and not __fish_seen_subcommand_from list add use show set help" -f -a "show" -d 'Show a workspace\'s settings'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and not __fish_seen_subcommand_from list add use show set help" -f -a "set" -d 'Change the time zone or bind an existing Stripe customer'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and not __fish_seen_subcommand_from list add use show set help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from list" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from list" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from list" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from list" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from add" -l plan -d 'Plan (free, pro, team, …)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from add" -l tz -d 'IANA time zone whose midnight on the 1st resets included credits' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from add" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from add" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from add" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from add" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from use" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from use" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from use" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from use" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from use" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from use" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from use" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from show" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from show" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from show" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from show" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from set" -l tz -d 'IANA time zone, e.g. Europe/Berlin' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from set" -l stripe-customer -d 'Existing Stripe customer id (cus_…) to charge' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from set" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from set" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from set" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from set" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from set" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every workspace'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "add" -d 'Create a workspace; its first seat is you'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "use" -d 'Make a workspace the default'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a workspace\'s settings'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change the time zone or bind an existing Stripe customer'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and not __fish_seen_subcommand_from run start stop restart status install uninstall help" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and not __fish_seen_subcommand_from run start stop restart status install uninstall help" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and not __fish_seen_subcommand_from run start stop restart status install uninstall help" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and not __fish_seen_subcommand_from run start stop restart status install uninstall help" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and not __fish_seen_subcommand_from run start stop restart status install uninstall help" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and not __fish_seen_subcommand_from run start stop restart status install uninstall help" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and not __fish_seen_subcommand_from run start stop restart status install uninstall help" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and not __fish_seen_subcommand_from run start stop restart status install uninstall help" -f -a "run" -d 'Run the daemon in the foreground, logging to stderr (what `daemon install` runs)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and not __fish_seen_subcommand_from run start stop restart status install uninstall help" -f -a "start" -d 'Start the daemon in the background if it is not running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and not __fish_seen_subcommand_from run start stop restart status install uninstall help" -f -a "stop" -d 'Stop the running daemon'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and not __fish_seen_subcommand_from run start stop restart status install uninstall help" -f -a "restart" -d 'Stop the running daemon (if any) and start a new one, which reads the configuration file and this shell\'s environment again (e.g. a Stripe key set since the daemon started). A daemon run by systemd or launchd: restart it there instead'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and not __fish_seen_subcommand_from run start stop restart status install uninstall help" -f -a "status" -d 'Is a daemon running? Its pid, version, socket, HTTP address and database'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and not __fish_seen_subcommand_from run start stop restart status install uninstall help" -f -a "install" -d 'Run the daemon as a user service (systemd on Linux, launchd on macOS) from login on'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and not __fish_seen_subcommand_from run start stop restart status install uninstall help" -f -a "uninstall" -d 'Remove the user service written by `daemon install`'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and not __fish_seen_subcommand_from run start stop restart status install uninstall help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from run" -l http-listen -d 'HTTP API address (default 127.0.0.1:4402; 127.0.0.1:0 picks a free port)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from run" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from run" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from run" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from run" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from run" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from start" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from start" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from start" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from start" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from start" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from start" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from stop" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from stop" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from stop" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from stop" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from stop" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from stop" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from stop" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from restart" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from restart" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from restart" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from restart" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from restart" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from restart" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from restart" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from status" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from status" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from status" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from status" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from status" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from install" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from install" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from install" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from install" -l systemd -d 'A systemd user unit in $XDG_CONFIG_HOME/systemd/user/ (the default on Linux)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from install" -l launchd -d 'A launchd agent in ~/Library/LaunchAgents/ (the default on macOS)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from install" -l print -d 'Print the unit instead of writing it'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from install" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from install" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from install" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from uninstall" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from uninstall" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from uninstall" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from uninstall" -l systemd -d 'A systemd user unit in $XDG_CONFIG_HOME/systemd/user/ (the default on Linux)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from uninstall" -l launchd -d 'A launchd agent in ~/Library/LaunchAgents/ (the default on macOS)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from uninstall" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from uninstall" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from uninstall" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from uninstall" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from help" -f -a "run" -d 'Run the daemon in the foreground, logging to stderr (what `daemon install` runs)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from help" -f -a "start" -d 'Start the daemon in the background if it is not running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from help" -f -a "stop" -d 'Stop the running daemon'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from help" -f -a "restart" -d 'Stop the running daemon (if any) and start a new one, which reads the configuration file and this shell\'s environment again (e.g. a Stripe key set since the daemon started). A daemon run by systemd or launchd: restart it there instead'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from help" -f -a "status" -d 'Is a daemon running? Its pid, version, socket, HTTP address and database'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from help" -f -a "install" -d 'Run the daemon as a user service (systemd on Linux, launchd on macOS) from login on'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from help" -f -a "uninstall" -d 'Remove the user service written by `daemon install`'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and not __fish_seen_subcommand_from list show settle release help" -l ttl -d 'How long the hold lives unsettled before it is released: 90s, 10m, 2h (default 15m, or `holds.ttl_seconds` in the config file)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and not __fish_seen_subcommand_from list show settle release help" -s s -l seat -d 'Seat to reserve for (default: your own seat, or the only one)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and not __fish_seen_subcommand_from list show settle release help" -s m -l memo -d 'A note stored with the hold' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and not __fish_seen_subcommand_from list show settle release help" -l idempotency-key -d 'Makes retries safe: the same key returns the first hold without reserving again' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and not __fish_seen_subcommand_from list show settle release help" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and not __fish_seen_subcommand_from list show settle release help" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and not __fish_seen_subcommand_from list show settle release help" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and not __fish_seen_subcommand_from list show settle release help" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and not __fish_seen_subcommand_from list show settle release help" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and not __fish_seen_subcommand_from list show settle release help" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and not __fish_seen_subcommand_from list show settle release help" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and not __fish_seen_subcommand_from list show settle release help" -a "list" -d 'Open holds of the workspace (or of one seat), soonest to expire first'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and not __fish_seen_subcommand_from list show settle release help" -a "show" -d 'One hold, open or closed: what it reserved, settled, released, and when it expires'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and not __fish_seen_subcommand_from list show settle release help" -a "settle" -d 'Consume AMOUNT (at most the held amount) and release the rest'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and not __fish_seen_subcommand_from list show settle release help" -a "release" -d 'Release the whole hold'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and not __fish_seen_subcommand_from list show settle release help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from list" -s s -l seat -d 'Only this seat\'s holds' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from list" -s n -l limit -d 'At most this many' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from list" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from list" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from list" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from list" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from show" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from show" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from show" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from show" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from settle" -l idempotency-key -d 'Makes retries safe' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from settle" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from settle" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from settle" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from settle" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from settle" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from settle" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from settle" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from release" -l idempotency-key -d 'Makes retries safe' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from release" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from release" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from release" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from release" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from release" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from release" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from release" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from help" -f -a "list" -d 'Open holds of the workspace (or of one seat), soonest to expire first'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from help" -f -a "show" -d 'One hold, open or closed: what it reserved, settled, released, and when it expires'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from help" -f -a "settle" -d 'Consume AMOUNT (at most the held amount) and release the rest'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from help" -f -a "release" -d 'Release the whole hold'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand verify" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand verify" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand verify" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand verify" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand verify" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand verify" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand verify" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "show" -d 'The effective configuration, secrets redacted'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "path" -d 'Where the config file lives'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from show" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from show" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from show" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from show" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from path" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from path" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from path" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from path" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from path" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'The effective configuration, secrets redacted'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'Where the config file lives'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand completions" -s w -l workspace -d 'Workspace to act on (default: the one chosen with `workspace use`)' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand completions" -l socket -d 'Path of the daemon\'s local socket' -r -F
complete -c studio-credits -n "__fish_studio_credits_using_subcommand completions" -l timeout -d 'Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120]' -r
complete -c studio-credits -n "__fish_studio_credits_using_subcommand completions" -l dynamic -d 'Print a small script that asks studio-credits itself on every Tab, which also completes workspace, seat and plan names from the running daemon'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand completions" -l json -d 'Print machine-readable JSON (errors too, as {"error": {"type", "message"}})'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand completions" -s q -l quiet -d 'Print nothing but errors (exit codes still tell the outcome)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand completions" -l no-autostart -d 'Fail with exit code 3 instead of starting a daemon when none is running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand completions" -s h -l help -d 'Print help'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "balance" -d 'Show included (this month), top-up and spendable credits'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "spend" -d 'Spend credits: included first, then top-up. Exit 42 when both are empty'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "check" -d 'Would this spend fit? Exit 0 (yes) or 42 (no); nothing is debited'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "buy" -d 'Buy top-up credits through Stripe (non-refundable; they never expire)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "ensure" -d 'Buy only if spendable credits are below a minimum; concurrent calls buy at most once'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "purchases" -d 'Top-up purchases: list, show, cancel an open checkout'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "auto-topup" -d 'The auto top-up rule: below X credits, buy $Y on the card on file, at most $Z a month'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "usage" -d 'Credits used per month and pool'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "advise" -d 'Top up or upgrade the plan? With the figures behind the answer'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "open" -d 'Open the billing page in a browser, signed in (a single-use link valid for a minute)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "history" -d 'Journal entries, newest first'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "rollover" -d 'Apply due monthly resets, or check (for cron) that none is overdue'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "seats" -d 'Seats of the workspace'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "keys" -d 'Workspace API keys for the HTTP API (CI jobs, services): create (the token is shown once), list, revoke. A key acts for one workspace with its scopes'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "plan" -d 'The workspace\'s plan'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "workspace" -d 'Workspaces: several, one default; time zone, plan, Stripe customer'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "daemon" -d 'Run, start, stop or inspect the daemon'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "hold" -d 'Reserve credits now; settle or release them later (two-phase usage). Exit 42 when a hold does not fit'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "verify" -d 'Recompute every balance from the journal and check its hash chain'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "config" -d 'Show the effective configuration (secrets redacted) or its file\'s path'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and not __fish_seen_subcommand_from balance spend check buy ensure purchases auto-topup usage advise open history rollover seats keys plan workspace daemon hold verify config completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from purchases" -f -a "list" -d 'The workspace\'s purchases, newest first'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from purchases" -f -a "show" -d 'One purchase, with its Stripe ids'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from purchases" -f -a "cancel" -d 'Cancel a purchase whose checkout page is still open (it can no longer be paid)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from auto-topup" -f -a "show" -d 'The workspace\'s rule and what it bought this month'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from auto-topup" -f -a "set" -d 'Below --below credits, buy --buy dollars on the card on file, at most --max-per-month'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from auto-topup" -f -a "off" -d 'Turn auto top-up off'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from seats" -f -a "list" -d 'List seats with their included credits'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from seats" -f -a "add" -d 'Add seats. A new seat gets this month\'s full allowance; a seat removed and added again in the same month gets none until the next reset (one allowance per seat and month). Each name is added on its own: one that fails (it exists, it is invalid) is reported and the others are still added'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from seats" -f -a "remove" -d 'Remove a seat: its included credits of this month expire at once (the workspace\'s top-up credits stay) and its API token stops working. Asks first; --yes for scripts'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from seats" -f -a "token" -d 'Create a seat\'s HTTP API token (shown once, stored hashed); --rotate replaces it, --revoke removes it'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "create" -d 'Create a key; its token is printed once and stored only as a hash'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "list" -d 'The workspace\'s keys: names, scopes, expiry (never the tokens)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "revoke" -d 'Revoke a key: requests with its token get 401 at once'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from plan" -f -a "show" -d 'The workspace\'s plan (and a scheduled change)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from plan" -f -a "list" -d 'Every plan on offer'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from plan" -f -a "set" -d 'Change the plan from the next monthly reset (or at once with --now)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from workspace" -f -a "list" -d 'Every workspace'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from workspace" -f -a "add" -d 'Create a workspace; its first seat is you'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from workspace" -f -a "use" -d 'Make a workspace the default'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from workspace" -f -a "show" -d 'Show a workspace\'s settings'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from workspace" -f -a "set" -d 'Change the time zone or bind an existing Stripe customer'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from daemon" -f -a "run" -d 'Run the daemon in the foreground, logging to stderr (what `daemon install` runs)'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from daemon" -f -a "start" -d 'Start the daemon in the background if it is not running'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from daemon" -f -a "stop" -d 'Stop the running daemon'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from daemon" -f -a "restart" -d 'Stop the running daemon (if any) and start a new one, which reads the configuration file and this shell\'s environment again (e.g. a Stripe key set since the daemon started). A daemon run by systemd or launchd: restart it there instead'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from daemon" -f -a "status" -d 'Is a daemon running? Its pid, version, socket, HTTP address and database'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from daemon" -f -a "install" -d 'Run the daemon as a user service (systemd on Linux, launchd on macOS) from login on'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from daemon" -f -a "uninstall" -d 'Remove the user service written by `daemon install`'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from hold" -f -a "list" -d 'Open holds of the workspace (or of one seat), soonest to expire first'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from hold" -f -a "show" -d 'One hold, open or closed: what it reserved, settled, released, and when it expires'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from hold" -f -a "settle" -d 'Consume AMOUNT (at most the held amount) and release the rest'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from hold" -f -a "release" -d 'Release the whole hold'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'The effective configuration, secrets redacted'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Where the config file lives'
complete -c studio-credits -n "__fish_studio_credits_using_subcommand balance" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand spend" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand check" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand buy" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand ensure" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from list" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from show" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand purchases; and __fish_seen_subcommand_from cancel" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from show" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from set" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand auto-topup; and __fish_seen_subcommand_from off" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand usage" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand advise" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand open" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand history" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand rollover" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from list" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from add" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from remove" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand seats; and __fish_seen_subcommand_from token" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from create" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from list" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand keys; and __fish_seen_subcommand_from revoke" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from show" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from list" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand plan; and __fish_seen_subcommand_from set" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from list" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from add" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from use" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from show" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand workspace; and __fish_seen_subcommand_from set" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from run" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from start" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from stop" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from restart" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from status" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from install" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand daemon; and __fish_seen_subcommand_from uninstall" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from list" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from show" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from settle" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand hold; and __fish_seen_subcommand_from release" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand verify" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from show" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand config; and __fish_seen_subcommand_from path" -f
complete -c studio-credits -n "__fish_studio_credits_using_subcommand completions" -f -a "bash elvish fish powershell zsh"
