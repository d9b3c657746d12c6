// Parses and checks one zone file with the language service, as the server does on open, and
// prints wall time and peak memory as JSON. Run in its own process so memory is its own.
import { readFileSync } from 'node:fs';
import { createLanguageService } from '../server/src/service/index';

async function main(): Promise<void> {
  const [file, mode] = process.argv.slice(2);
  const service = createLanguageService();
  const text = readFileSync(file, 'utf8');
  const started = process.hrtime.bigint();
  const doc = service.analyze({ text, fileName: file });
  const diagnostics = await service.validate(doc);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const result: Record<string, number> = { ms, diagnostics: diagnostics.length, records: doc.set.records.length, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  if (mode === 'edit') {
    // Re-check after a one-line edit, as typing does: the whole document is re-parsed.
    const lines = text.split('\n');
    const times: number[] = [];
    let previous = doc;
    for (let i = 0; i < 20; i++) {
      lines[Math.floor(lines.length / 2)] = `edited${i} IN TXT "v=spf1 ip4:192.0.2.${i} -all"`;
      const edited = lines.join('\n');
      const t0 = process.hrtime.bigint();
      // As the server does: the previous analysis of the document is handed in.
      previous = service.analyze({ text: edited, fileName: file }, previous);
      await service.validate(previous);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    result.editMedianMs = times[Math.floor(times.length / 2)];
    result.editMaxMs = times[times.length - 1];
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

void main();
