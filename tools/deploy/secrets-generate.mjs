#!/usr/bin/env node
// `npm run secrets:generate [-- <path>] [--public-url https://...] [--force]`: writes the
// production environment docker/compose.yml reads (docker/.env by default), with every
// secret generated here. It never replaces an existing file without --force (its keys are
// what decrypt the data), and it prints the names it wrote, never their values.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const USAGE = 'npm run secrets:generate -- [path, default docker/.env] [--public-url https://hotline.example.org] [--force]';

function parse(argv) {
  const options = { path: 'docker/.env', publicUrl: '', force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--force') options.force = true;
    else if (arg === '--public-url') options.publicUrl = argv[++i] ?? '';
    else if (arg.startsWith('--public-url=')) options.publicUrl = arg.slice('--public-url='.length);
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith('-')) throw new Error(`Unknown option ${arg}\nUsage: ${USAGE}`);
    else options.path = arg;
  }
  if (options.publicUrl && !/^https:\/\/[^/\s]+/.test(options.publicUrl))
    throw new Error(`--public-url must be the https:// address staff and Twilio reach, got "${options.publicUrl}"`);
  return options;
}

const base64 = (bytes) => randomBytes(bytes).toString('base64');
// Passwords go inside DATABASE_URL and REDIS_URL: hex needs no escaping there.
const hex = (bytes) => randomBytes(bytes).toString('hex');

function render({ publicUrl }) {
  return `# Mayak production environment, written by \`npm run secrets:generate\` on ${new Date().toISOString()}.
# docker compose reads it (docker/.env, or --env-file <path>) and hands each value to the api,
# worker and migrate containers; see .env.example for what every variable does and
# docs/operations.md for the deployment. Keep this file out of version control, readable by
# the operators only, and backed up apart from the database: without ENCRYPTION_KEYS and
# IDENTIFIER_HASH_KEY the data cannot be read or matched, without AUDIT_CHAIN_KEY the audit
# chain cannot be verified.

# Names the containers, networks and volumes (mayak_pgdata, ...) whichever folder compose runs from.
COMPOSE_PROJECT_NAME=mayak

# --- Generated secrets ------------------------------------------------------------------
# The database and Redis passwords (Postgres takes POSTGRES_PASSWORD when its volume is first created).
POSTGRES_PASSWORD=${hex(24)}
REDIS_PASSWORD=${hex(24)}
# AES-256-GCM keys for identifiers at rest ("id:<32 bytes base64>", newest first when rotating).
ENCRYPTION_KEYS=k1:${base64(32)}
ENCRYPTION_ACTIVE_KEY_ID=k1
# HMAC key for matching phone numbers and names without plaintext: set once, kept for good.
IDENTIFIER_HASH_KEY=${base64(32)}
# HMAC key of the audit log's hash chain and of its checkpoints ("id:<32 bytes base64>", newest
# first when rotating; keep old ids listed so older seals still verify). Never one of the keys above.
AUDIT_CHAIN_KEY=a1:${base64(32)}
AUDIT_CHAIN_ACTIVE_KEY_ID=a1
# Signs the local telephony adapter's webhooks (only used with TELEPHONY_PROVIDER=local).
TELEPHONY_DEV_TOKEN=${randomBytes(32).toString('base64url')}
# Telegram sends it back with every webhook (used once TELEGRAM_BOT_TOKEN is set).
TELEGRAM_WEBHOOK_SECRET=${randomBytes(32).toString('base64url')}
# Bearer token for Prometheus at {PUBLIC_URL}/api/metrics (or scrape the metrics ports on the compose network).
METRICS_TOKEN=${hex(32)}

# --- Yours to set -------------------------------------------------------------------------
# The https:// address staff open and Twilio calls (TLS ends at your load balancer or proxy).
PUBLIC_URL=${publicUrl}

# Telephony: production refuses the local adapter unless chosen here, with the token above.
# For a live line, fill in the Twilio account and number and set TELEPHONY_PROVIDER=twilio,
# and the softphone's API key and TwiML App (the console answers calls in the browser).
TELEPHONY_PROVIDER=local
TWILIO_ACCOUNT_SID=
TWILIO_AUTH_TOKEN=
TWILIO_API_KEY=
TWILIO_API_SECRET=
TWILIO_TWIML_APP_SID=
TELEPHONY_HOTLINE_NUMBER=
# "+E164=OFFICECODE,..." routes numbers to offices; others go to TELEPHONY_DEFAULT_OFFICE.
TELEPHONY_LINES=
TELEPHONY_DEFAULT_OFFICE=

# E-mail to partners, case workers and supervisors (docs/operations.md, E-mail). Production
# refuses to start with mail on and no SMTP server: fill in SMTP_URL (smtps://user:password@host:465)
# and MAIL_FROM, then set MAIL_ENABLED=true (or remove the line).
MAIL_ENABLED=false
SMTP_URL=
MAIL_FROM=

# Who must enrol an authenticator app (production requires at least supervisor,admin) and who
# sees names and phone numbers unmasked.
MFA_REQUIRED_ROLES=supervisor,admin,partner
IDENTIFIER_VIEW_ROLES=case_worker,supervisor
CASE_REFERENCE_PREFIX=11616
LINE_COUNTRY=KZ
LOG_LEVEL=info
# Any other variable of .env.example may be added here; docker/compose.yml passes each on.
`;
}

try {
  const options = parse(process.argv.slice(2));
  const target = resolve(options.path);
  const fromHere = relative(process.cwd(), target);
  const shown = fromHere && !fromHere.startsWith('..') ? fromHere : target;
  if (existsSync(target) && !options.force) {
    console.error(
      `${shown} exists and was left as it is: its keys are what decrypt the data already stored. To replace it anyway: ${USAGE.replace('[--force]', '--force')}`,
    );
    process.exit(1);
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, render(options), { mode: 0o600 });
  chmodSync(target, 0o600); // also when --force replaced a file that was readable by others
  console.log(
    `Wrote ${shown} (readable by you only) with generated POSTGRES_PASSWORD, REDIS_PASSWORD, ENCRYPTION_KEYS (k1), IDENTIFIER_HASH_KEY, AUDIT_CHAIN_KEY (a1), TELEPHONY_DEV_TOKEN, TELEGRAM_WEBHOOK_SECRET and METRICS_TOKEN; values are not shown.`,
  );
  if (!options.publicUrl) console.log(`Set PUBLIC_URL in ${shown} to the https:// address of the line before starting (compose refuses to start without it).`);
  console.log(
    'Telephony: TELEPHONY_PROVIDER=local until the Twilio account, auth token and hotline number are filled in. E-mail: MAIL_ENABLED=false until SMTP_URL and MAIL_FROM are. Then: docker compose -f docker/compose.yml up -d (docs/operations.md).',
  );
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
