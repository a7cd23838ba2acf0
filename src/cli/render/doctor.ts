/** Renders `doctor`: JSON for scripts; for people, one line per check and the items under it. */
import type { DoctorReport } from '../../core/doctor.js';
import type { Output } from './output.js';

const MARK = { ok: 'ok     ', warning: 'warning', problem: 'PROBLEM', fixed: 'fixed  ' } as const;

export function renderDoctor(output: Output, report: DoctorReport): void {
  if (output.json) {
    output.data(report);
    return;
  }
  for (const check of report.checks) {
    output.line(`${MARK[check.status]}  ${check.name}: ${check.message}`);
    for (const item of check.items.slice(0, 20)) output.line(`         ${item}`);
    if (check.items.length > 20) output.line(`         … and ${check.items.length - 20} more (--json lists them all)`);
  }
  if (!report.ok && !report.fixed) output.notice('Run imagegen doctor --fix to repair what can be repaired.');
}
