// Finds the Chromium puppeteer drives: CHROME_PATH or PUPPETEER_EXECUTABLE_PATH when set, else the system's.
import fs from 'node:fs';
import { BadInputError, EngineError } from '../errors.js';
import { swiftShaderDisabledDawnFeature } from './nodeGpu.js';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

export function findChromium(): string {
  for (const variable of ['CHROME_PATH', 'PUPPETEER_EXECUTABLE_PATH']) {
    const value = process.env[variable];
    if (value) {
      if (!fs.existsSync(value)) throw new BadInputError(`${variable}=${value}, but no file is there`);
      return value;
    }
  }
  const found = candidates.find((path) => fs.existsSync(path));
  if (!found) {
    throw new EngineError(
      `no Chromium found (looked at ${candidates.join(', ')}): install it (apt-get install -y chromium) or set CHROME_PATH`,
    );
  }
  return found;
}

/** Launch flags: WebGPU on, SwiftShader when the machine has no GPU, and nothing that reaches the network. */
export function chromiumArgs(): string[] {
  const hasGpu = ['/dev/nvidia0', '/dev/dri/renderD128'].some((p) => fs.existsSync(p));
  return [
    '--no-sandbox',
    '--enable-unsafe-webgpu',
    '--enable-webgpu-developer-features',
    ...(hasGpu ? ['--enable-features=Vulkan'] : ['--use-webgpu-adapter=swiftshader', '--use-angle=swiftshader', `--disable-dawn-features=${swiftShaderDisabledDawnFeature}`]),
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-dev-shm-usage',
  ];
}
