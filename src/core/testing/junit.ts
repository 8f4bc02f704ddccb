/**
 * JUnit XML of workflow test results, the form CI systems read (Jenkins, GitLab, GitHub
 * actions that publish test reports): `<testsuites>` → one `<testsuite>` per test file → one
 * `<testcase>` per case, with a `<failure>` holding the report lines of a failed case.
 */
import type { TestFileResult } from './runTests';

/** XML 1.0 forbids most control characters even when escaped: they are dropped. */
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** The JUnit XML document of the results; `name` of a file is how the report shows it. */
export function junitXml(results: readonly TestFileResult[], name: (file: string) => string, timestamp: Date = new Date()): string {
  const total = results.reduce((n, r) => n + r.cases.length, 0);
  const failed = results.reduce((n, r) => n + r.cases.filter((c) => !c.passed).length, 0);
  const time = results.reduce((t, r) => t + r.cases.reduce((s, c) => s + c.durationMs, 0), 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="workflow test" tests="${total}" failures="${failed}" errors="0" time="${seconds(time)}">`];
  for (const result of results) {
    const suite = escapeXml(name(result.file));
    const suiteFailed = result.cases.filter((c) => !c.passed).length;
    const suiteTime = result.cases.reduce((s, c) => s + c.durationMs, 0);
    lines.push(`  <testsuite name="${suite}" tests="${result.cases.length}" failures="${suiteFailed}" errors="0" skipped="0" time="${seconds(suiteTime)}" timestamp="${timestamp.toISOString().slice(0, 19)}">`);
    for (const testCase of result.cases) {
      const open = `    <testcase name="${escapeXml(testCase.name)}" classname="${suite}" time="${seconds(testCase.durationMs)}"`;
      if (testCase.passed) {
        lines.push(`${open}/>`);
        continue;
      }
      const first = testCase.failures[0];
      const message = `${first.where}: ${first.lines[0]}`;
      const body = testCase.failures.flatMap((f) => [`${f.where}: ${f.lines[0]}`, ...f.lines.slice(1).map((l) => `  ${l}`)]).join('\n');
      lines.push(`${open}>`, `      <failure message="${escapeXml(message)}" type="AssertionError">${escapeXml(body)}</failure>`, '    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
