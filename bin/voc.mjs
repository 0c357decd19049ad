#!/usr/bin/env node
// Entry point of the `voc` command: registers the TypeScript loader, then hands over to cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
main(process.argv).catch((err) => {
  console.error(`voc: ${err?.message ?? err}`);
  if (process.env.VOC_DEBUG) console.error(err);
  process.exit(typeof err?.exitCode === 'number' ? err.exitCode : 1);
});
