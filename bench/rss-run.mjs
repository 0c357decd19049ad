// Runs `voc` with the given arguments in this process and, when it exits, writes its peak RSS (MB) and
// the CPU seconds it used (user + system) to the file named by VOC_BENCH_RSS_FILE: how
// `voc bench --e2e` measures each process it starts.
import { writeFileSync } from 'node:fs';

const out = process.env.VOC_BENCH_RSS_FILE;
if (out) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(out, `${Math.round(u.maxRSS / 1024)} ${((u.userCPUTime + u.systemCPUTime) / 1e6).toFixed(2)}`);
  });
}
await import('../bin/voc.mjs');
