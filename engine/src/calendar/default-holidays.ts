/**
 * The default holiday table, built from the `chinese-days` package's data set.
 *
 * `chinese-days` transcribes each year's State Council notice (国务院办公厅关于部分节假日安排的
 * 通知, source links in its repository) into three maps: `holidays` (days off, including the
 * weekend days inside a holiday period), `workdays` (调休 make-up workdays on weekends) and
 * `inLieuDays` (the subset of days off that are swapped weekdays, which we do not need: a
 * weekday `holiday` already means a day off). Its values read `English name,中文名,number`;
 * we keep the Chinese name. Version 1.5.7 covers 2004 through 2026.
 */
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { HolidayEntry } from './holiday-entry.js';
import { HolidayTable } from './holiday-table.js';

interface ChineseDaysData {
  readonly holidays: Readonly<Record<string, string>>;
  readonly workdays: Readonly<Record<string, string>>;
}

/** The Chinese name in a `chinese-days` value such as `National Day,国庆节,3`. */
function chineseName(value: string): string | undefined {
  const name = value.split(',')[1]?.trim();
  return name === undefined || name === '' ? undefined : name;
}

function toEntries(source: ChineseDaysData): HolidayEntry[] {
  const entries: HolidayEntry[] = [];
  const add = (date: string, kind: HolidayEntry['kind'], value: string) => {
    const name = chineseName(value);
    entries.push(name === undefined ? { date, kind } : { date, kind, name });
  };
  for (const [date, value] of Object.entries(source.holidays)) add(date, 'holiday', value);
  for (const [date, value] of Object.entries(source.workdays)) add(date, 'workday', value);
  return entries;
}

let cached: HolidayTable | undefined;

/**
 * The statutory holidays and 调休 workdays of every year `chinese-days` covers (2004–2026 in
 * version 1.5.7), validated like any administrator's input. Later years fall back to plain
 * weekends until an administrator adds them with `HolidayTable.replaceYear`.
 */
export function defaultHolidayTable(): HolidayTable {
  cached ??= HolidayTable.fromEntries(toEntries(data as ChineseDaysData));
  return cached;
}
