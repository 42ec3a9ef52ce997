/**
 * Test helpers that build and show instants in Beijing time (UTC+8, no DST since 1991)
 * by plain arithmetic, independent of the code under test and of the process's TZ.
 */
const OFFSET_MS = 8 * 3_600_000;

/** `at('2025-09-26 10:00')` → the instant 2025-09-26T10:00:00+08:00. Seconds and ms optional. */
export function at(local: string): Date {
  const [date, time = '00:00'] = local.split(' ');
  const date_ = new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+08:00`);
  if (Number.isNaN(date_.getTime())) throw new Error(`bad test time ${local}`);
  return date_;
}

/** Shows an instant as Beijing wall time, `YYYY-MM-DD HH:mm:ss.SSS`. */
export function show(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().replace('T', ' ').replace('Z', '');
}

/** The closing time of a whole working day: `YYYY-MM-DD 23:59:59.999`. */
export function endOf(date: string): string {
  return `${date} 23:59:59.999`;
}
