// `stacklab info`: the adapter, its features and limits, on either host; `--peak` adds its attainable FMA
// throughput and bandwidth (Node host), the roofline's two roofs.
import type { Command } from 'commander';
import { adapterLine, BadInputError, closeEngine, describePeak, measurePeak, type AdapterPeak, type ResultEnv, writeJson } from '../node.js';
import { flag } from '../flags.js';
import { browserEndpointOption, hostOption, type HostChoice } from './options.js';
import { browserResultEnv, openBrowserHost } from '../node.js';
import { cliBrowserOptions, nodeResultEnv, openCliEngine } from './cliEngine.js';

export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('print the WebGPU adapter stacklab finds, its features and limits')
    .addOption(hostOption())
    .addOption(browserEndpointOption())
    .option('--json <file>', 'write the env block as JSON')
    .option('--peak', 'also measure the attainable f32 FMA GFLOP/s and copy GB/s with checked microbenchmarks (Node host; bench --peak measures it on either)')
    .action(async (options: { host: HostChoice; browserEndpoint?: string; json?: string; peak?: boolean }) => {
      if (options.peak && options.host === 'browser') throw new BadInputError('info --peak runs on the Node host; bench SUITE --peak --host browser measures it in the page');
      const { env, peak } = options.peak ? await peakOnNode() : { env: await infoOn(options.host, options.browserEndpoint), peak: undefined };
      printInfo(env);
      if (peak) console.log(describePeak(peak));
      if (options.json) writeJson(options.json, { env, ...(peak ? { peak } : {}) });
    });
}

async function peakOnNode(): Promise<{ env: ResultEnv; peak: AdapterPeak }> {
  const engine = await openCliEngine();
  try {
    const peak = await measurePeak(engine, { samples: 5, minMs: flag('BENCH_MIN_MS') });
    return { env: nodeResultEnv(engine), peak };
  } finally {
    closeEngine(engine);
  }
}

async function infoOn(host: HostChoice, endpoint?: string): Promise<ResultEnv> {
  if (host === 'browser') {
    const browser = await openBrowserHost({ ...cliBrowserOptions(), endpoint });
    try {
      return browserResultEnv(browser, await browser.call<ResultEnv>('info'));
    } finally {
      await browser.close();
    }
  }
  const engine = await openCliEngine();
  try {
    return nodeResultEnv(engine);
  } finally {
    closeEngine(engine);
  }
}

function printInfo(env: ResultEnv): void {
  console.log(adapterLine(env.adapter));
  console.log(`host: ${env.host}${env.chrome ? ` (${env.chrome})` : env.node ? ` (node ${env.node})` : ''}; found via ${env.adapterSource}`);
  console.log(`isFallbackAdapter: ${env.adapter.isFallbackAdapter}`);
  console.log(`features: ${env.features.join(', ') || 'none'}`);
  const limits = ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup'];
  console.log(`limits: ${limits.map((k) => `${k}=${env.limits[k]}`).join(', ')}`);
  console.log(`stacklab GPU buffers: ${env.liveGpuBuffers} live, ${env.liveGpuBytes} bytes; peak ${env.peakGpuBytes} bytes (tfjs's own buffers not counted)`);
}
