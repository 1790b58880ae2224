// The help text of the command, and the exit codes it documents.

/** The exit codes of every command. */
export const EXIT = {
  /** Done. */
  OK: 0,
  /** An error, or some of several keys could not be revoked. */
  ERROR: 1,
  /** A bad command line: the usage is printed. */
  USAGE: 2,
  /** `rotate` made the new key but could not revoke the old one: both are valid. */
  ROTATION_INCOMPLETE: 3,
  /** Ctrl-C while revoking: stopped after the current request. */
  INTERRUPTED: 130,
};

/** The number of days a key made by `create` lasts when --expiry is not given. */
export const DEFAULT_CREATE_EXPIRY_DAYS = 30;

/** What `--help` prints, and a bad command line after its error. */
export const USAGE = `Usage: balena-api-key-wasm <command> [options]

Manage balena API keys.

Commands:
  list      [--fleet SLUG|UUID|ID | --device UUID|ID] [--json]
            your named API keys; with --fleet the fleet's provisioning keys,
            with --device the device's keys
  create    NAME [--expiry DAYS|YYYY-MM-DD|never] [--description TEXT] [--json]
            a new named key, printed once: the key alone on stdout, the rest on
            stderr (KEY=$(balena-api-key-wasm create ci) works); the expiry
            defaults to ${DEFAULT_CREATE_EXPIRY_DAYS} days
  update    ID [--name NAME] [--description TEXT] [--expiry DAYS|YYYY-MM-DD|never]
  revoke    ID[,ID...]
            a key that fails does not stop the others
  rotate    ID [--expiry DAYS|YYYY-MM-DD|never] [--json]
            a new key with the same name and description (and, without
            --expiry, the same lifetime from now), then the old key revoked
  expiring  [--days N] [--kind user|provisioning|device] [--fleet SLUG|UUID|ID]
            [--revoke [--dry-run]] [--json]
            keys that have expired or expire within N days (default 7; 0:
            expired only), across your named keys, your fleets' provisioning
            keys and your devices' keys; --kind may be repeated or a comma
            list; --revoke revokes them, --dry-run shows what it would revoke
            and sends nothing but reads

Global options:
  --api-url URL      the balena API (default: $BALENA_API_URL, else
                     https://api.balena-cloud.com/)
  --token TOKEN      a session token or API key (default: $BALENA_TOKEN, else the
                     token the balena CLI keeps in $BALENARC_DATA_DIRECTORY or
                     ~/.balena); a token given here is kept in memory only
  --timeout SECONDS  how long one request may take (default 59)
  -h, --help         this text
  -v, --version      the version

--expiry takes a number of days from now, a date (YYYY-MM-DD, UTC midnight) or
"never". --json prints one JSON value on stdout: list and expiring an array of
keys, create {"key","id"}, rotate {"id","key","revoked"} (the id is null when
the new key could not be told apart from another of the same name).

Exit codes:
  0    done
  1    an error (one line on stderr: error: <message> (<code>)), or some of
       several keys could not be revoked
  2    a bad command line
  3    rotate made the new key (printed) but could not revoke the old one:
       both keys are valid
  130  interrupted while revoking (stopped after the current request)
`;
