// Runs `voc` with the given arguments in this process and, when it exits, writes its peak RSS (MB) to
// the file named by VOC_BENCH_RSS_FILE: how `voc bench --e2e` measures each process it starts.
import { writeFileSync } from 'node:fs';

const out = process.env.VOC_BENCH_RSS_FILE;
if (out) process.on('exit', () => writeFileSync(out, String(Math.round(process.resourceUsage().maxRSS / 1024))));
await import('../bin/voc.mjs');
