// Finds the programs the test suites drive besides Node (Chromium for the browser tests,
// docker-compose to render docker/compose.yml), and installs Debian's package when one is
// missing and this process may (root, or sudo without a password, with apt-get).
// `node tools/test/prerequisites.mjs` alone says what it found or what to run.
import { accessSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const NO_INSTALL = 'MAYAK_NO_TEST_INSTALL';

const CHROMIUM = {
  what: 'Chromium (browser tests)',
  envVar: 'CHROMIUM_PATH',
  candidates: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/snap/bin/chromium'],
  debianPackage: 'chromium',
  hint: 'sudo apt-get install -y chromium   (or set CHROMIUM_PATH to a Chromium or Chrome executable)',
};

const DOCKER_COMPOSE = {
  what: 'docker-compose (renders docker/compose.yml; no container engine needed)',
  envVar: 'DOCKER_COMPOSE_PATH',
  candidates: ['/usr/bin/docker-compose', '/usr/local/bin/docker-compose'],
  debianPackage: 'docker-compose',
  hint: 'sudo apt-get install -y docker-compose   (or set DOCKER_COMPOSE_PATH to a docker-compose executable)',
};

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
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

let packageListsFresh = false;

function aptInstall(prefix, tool) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => {
    const [command, ...rest] = [...prefix, ...args];
    const result = spawnSync(command, rest, { stdio: ['ignore', 'pipe', 'pipe'], env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) console.error(`${args.join(' ')} failed:\n${(result.stdout + result.stderr).split('\n').slice(-30).join('\n')}`);
    return result.status === 0;
  };
  console.log(`▶ No ${tool.what} found: installing Debian's (apt-get install ${tool.debianPackage})`);
  packageListsFresh ||= run(['apt-get', 'update', '-qq']);
  return packageListsFresh && run(['apt-get', 'install', '-y', '-qq', tool.debianPackage]);
}

/** The tool's path: its environment variable, a known install, or Debian's installed now; throws with the command to run. */
function ensure(tool, { mayInstall = process.env[NO_INSTALL] !== 'true' } = {}) {
  const chosen = process.env[tool.envVar];
  if (chosen) {
    if (executable(chosen)) return chosen;
    throw new Error(`${tool.envVar}=${chosen} is not an executable file. Unset it, or point it at the right program; to install Debian's: ${tool.hint}`);
  }
  const found = () => tool.candidates.find(executable) ?? null;
  const existing = found();
  if (existing) return existing;
  const prefix = mayInstall ? installer() : null;
  if (prefix && aptInstall(prefix, tool)) {
    const installed = found();
    if (installed) return installed;
  }
  const why = !mayInstall
    ? `${NO_INSTALL}=true forbids installing it`
    : prefix
      ? 'installing it with apt-get failed (see above)'
      : 'this user cannot install packages without a password';
  throw new Error(`The tests need ${tool.what} and none was found in ${tool.candidates.join(', ')}; ${why}. Run:\n  ${tool.hint}`);
}

export const ensureChromium = (options) => ensure(CHROMIUM, options);
export const ensureDockerCompose = (options) => ensure(DOCKER_COMPOSE, options);

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let failed = false;
  for (const [name, find] of [
    ['chromium', ensureChromium],
    ['docker-compose', ensureDockerCompose],
  ]) {
    try {
      console.log(`${name}: ${find()}`);
    } catch (error) {
      console.error(error.message);
      failed = true;
    }
  }
  process.exit(failed ? 1 : 0);
}
