/**
 * General purpose bucket naming rules (Amazon S3 User Guide, "General purpose bucket naming
 * rules"). Returns what is wrong, or undefined for a valid name.
 */
export function s3BucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `it is ${name.length} characters long; bucket names are 3 to 63 characters`;
  const bad = /[^a-z0-9.-]/.exec(name);
  if (bad) return /[A-Z]/.test(bad[0]) ? 'bucket names are lower case' : `"${bad[0]}" is not allowed: only lower-case letters, digits, dots and hyphens are`;
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'a bucket name starts and ends with a letter or digit';
  if (name.includes('..')) return 'a bucket name has no two adjacent dots';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'a bucket name cannot look like an IP address';
  for (const prefix of ['xn--', 'sthree-', 'amzn-s3-demo-']) if (name.startsWith(prefix)) return `the prefix "${prefix}" is reserved`;
  for (const suffix of ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']) if (name.endsWith(suffix)) return `the suffix "${suffix}" is reserved`;
  return undefined;
}
