import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createLanguageService, type DnsLookup, type ServiceDocument } from '../server/src/service/index';
import { createNodeDnsLookup } from '../server/src/dns/nodeDnsLookup';
import { createIncludeReader } from '../server/src/files/includeReader';
import { formatJson, formatSarif, formatText, type FileReport } from './formatters';
import { REPORT_USAGE, runReport } from './reportCommand';

const USAGE = `Usage: email-auth lint [options] FILE...

Checks SPF, DMARC and DKIM records (and the zone syntax around them) in BIND zone files, and
SES receipt rules and rule sets, SES send-email requests and Route 53 change batches in JSON
(recognised by name, e.g. *.receipt-rule.json, or by their top-level keys; other JSON is skipped).

Options:
  --format text|json|sarif   output format (default: text)
  --no-dns                   do not look up include targets or report authorizations in DNS
  --dns-server HOST:PORT     DNS server to ask (repeatable; default: the system's)
  --dns-timeout MS           time limit per DNS query (default: 2000)
  --origin NAME              origin for files without $ORIGIN (default: guessed from the file name)
  --aws-region REGION        region receipt rules are checked against (default: the one most of their ARNs name)
  -h, --help                 show this help

Exit status: 1 when an error is reported, 0 otherwise, 2 for bad usage or an unreadable file.

${REPORT_USAGE}`;

class UsageError extends Error {}

interface LintOptions {
  format: 'text' | 'json' | 'sarif';
  dns: boolean;
  servers: string[];
  timeoutMs: number;
  origin?: string;
  awsRegion?: string;
  files: string[];
}

function parseArgs(args: string[]): LintOptions {
  const options: LintOptions = { format: 'text', dns: true, servers: [], timeoutMs: 2000, files: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--format') {
      const format = value();
      if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`unknown format "${format}"`);
      options.format = format;
    } else if (arg === '--no-dns') options.dns = false;
    else if (arg === '--dns-server') options.servers.push(value());
    else if (arg === '--dns-timeout') options.timeoutMs = Number(value());
    else if (arg === '--origin') options.origin = value();
    else if (arg === '--aws-region') options.awsRegion = value();
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else options.files.push(arg);
  }
  if (options.files.length === 0) throw new UsageError('no files given');
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) throw new UsageError('--dns-timeout needs a positive number');
  return options;
}

/** JSON by extension, or by content: a zone file never starts with "{". */
function isJsonFile(file: string, text: string): boolean {
  return /\.jsonc?$/i.test(file) || /^\uFEFF?\s*\{/.test(text);
}

async function lint(options: LintOptions): Promise<number> {
  const service = createLanguageService({ onRuleError: (rule, error) => process.stderr.write(`email-auth: internal error in ${rule} checks: ${String(error)}\n`) });
  let dns: DnsLookup | undefined;
  if (options.dns) dns = createNodeDnsLookup({ servers: options.servers.length > 0 ? options.servers : undefined, timeoutMs: options.timeoutMs });
  const reports: FileReport[] = [];
  let unreadable = false;
  for (const file of options.files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      process.stderr.write(`email-auth: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
      unreadable = true;
      continue;
    }
    const absolute = resolve(file);
    let doc: ServiceDocument | undefined;
    if (isJsonFile(file, text)) {
      // A JSON file that is none of the SES or Route 53 kinds is checked and has nothing to report.
      doc = service.analyzeJson({ text, fileName: absolute });
    } else {
      doc = service.analyze({ text, fileName: absolute, origin: options.origin, readInclude: createIncludeReader(absolute, dirname(absolute)) });
    }
    const aws = { region: options.awsRegion };
    const diagnostics = !doc ? [] : dns ? await service.validateWithDns(doc, { dns, aws }) : await service.validate(doc, { aws });
    reports.push({ file, diagnostics });
  }
  const output = options.format === 'json' ? formatJson(reports) : options.format === 'sarif' ? formatSarif(reports, process.cwd()) : formatText(reports);
  process.stdout.write(`${output}\n`);
  if (unreadable) return 2;
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || rest.includes('-h') || rest.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  try {
    if (command === 'lint') return await lint(parseArgs(rest));
    if (command === 'report') return await runReport(rest);
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`email-auth: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`email-auth: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  },
);
