// Finds the Chromium the browser tests drive, and installs Debian's when there is none and
// this process may (root, or sudo without a password, with apt-get). Prints the path.
// `node tools/test/find-chromium.mjs` alone says what it found or what to run.
import { accessSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/snap/bin/chromium'];
const INSTALL_HINT = 'sudo apt-get install -y chromium   (or set CHROMIUM_PATH to a Chromium or Chrome executable)';

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function found() {
  return CANDIDATES.find(executable) ?? null;
}

function canRun(command, args) {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** How to install without asking anyone: directly as root, through sudo -n otherwise, or not at all. */
function installer() {
  if (process.platform !== 'linux' || !canRun('sh', ['-c', 'command -v apt-get'])) return null;
  if (process.getuid?.() === 0) return [];
  return canRun('sudo', ['-n', 'true']) ? ['sudo', '-n', '--preserve-env=DEBIAN_FRONTEND'] : null;
}

function install(prefix) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => {
    const [command, ...rest] = [...prefix, ...args];
    const result = spawnSync(command, rest, { stdio: ['ignore', 'pipe', 'pipe'], env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) console.error(`${args.join(' ')} failed:\n${(result.stdout + result.stderr).split('\n').slice(-30).join('\n')}`);
    return result.status === 0;
  };
  console.log('▶ No Chromium found for the browser tests: installing Debian\'s (apt-get install chromium), about a minute');
  return run(['apt-get', 'update', '-qq']) && run(['apt-get', 'install', '-y', '-qq', 'chromium']);
}

/** The browser to drive: CHROMIUM_PATH, a known install, or Debian's installed now; throws with the command to run. */
export function ensureChromium({ mayInstall = process.env.MAYAK_NO_BROWSER_INSTALL !== 'true' } = {}) {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    if (executable(chosen)) return chosen;
    throw new Error(`CHROMIUM_PATH=${chosen} is not an executable file. Unset it, or point it at Chromium; to install Debian's: ${INSTALL_HINT}`);
  }
  const existing = found();
  if (existing) return existing;
  const prefix = mayInstall ? installer() : null;
  if (prefix && install(prefix)) {
    const installed = found();
    if (installed) return installed;
  }
  const why = !mayInstall ? 'MAYAK_NO_BROWSER_INSTALL=true forbids installing it' : prefix ? 'installing it with apt-get failed (see above)' : 'this user cannot install packages without a password';
  throw new Error(`The browser tests need Chromium and none was found in ${CANDIDATES.join(', ')}; ${why}. Run:\n  ${INSTALL_HINT}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(ensureChromium());
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
