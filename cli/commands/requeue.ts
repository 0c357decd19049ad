/**
 * `voc requeue`: queue every stored interaction the current scorer version has not scored.
 */
import type { Command } from 'commander';
import { configFrom, positiveInt, withPipelineOptions } from '../options.ts';

export function register(program: Command): void {
  withPipelineOptions(program.command('requeue'))
    .description('queue every stored interaction that has no score for the current scorer version')
    .option('--failed', 'also retry interactions whose scoring failed')
    .option('--chunk-size <n>', 'interactions per queued job (default: $VOC_CHUNK_SIZE or 200)', positiveInt('--chunk-size'))
    .addHelpText('after', `
PostgreSQL is the source of truth: after a lost Redis, or a new scorer version, this puts back every
interaction still to be scored.`)
    .action(async (opts) => {
      const { runRequeue } = await import('../run-worker.ts');
      await runRequeue(configFrom(opts), opts);
    });
}
