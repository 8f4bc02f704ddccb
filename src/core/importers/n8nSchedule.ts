/**
 * n8n's schedules as cron patterns: the Schedule Trigger's `rule.interval` entries and the old
 * Cron node's `triggerTimes.item` entries. Only the first entry is used (our trigger has one
 * pattern); the caller reports the others.
 */
import { isRecord } from './jsonValues';

/** A cron pattern and how many further entries were not used, or why none could be made. */
export type BuiltSchedule = { cron: string; dropped: number } | { refusal: string };

const int = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isInteger(value) ? value : fallback);

/** `*` for every 1, else a step. */
const every = (n: number): string => (n <= 1 ? '*' : `*/${n}`);

function fromInterval(entry: Record<string, unknown>): string | undefined {
  const minute = int(entry.triggerAtMinute, 0);
  const hour = int(entry.triggerAtHour, 0);
  switch (entry.field ?? 'days') {
    case 'cronExpression':
      return typeof entry.expression === 'string' && entry.expression.trim() !== '' ? entry.expression.trim() : undefined;
    case 'seconds':
      return `${every(int(entry.secondsInterval, 30))} * * * * *`;
    case 'minutes':
      return `${every(int(entry.minutesInterval, 5))} * * * *`;
    case 'hours':
      return `${minute} ${every(int(entry.hoursInterval, 1))} * * *`;
    case 'days':
      return `${minute} ${hour} ${every(int(entry.daysInterval, 1))} * *`;
    case 'weeks': {
      const days = Array.isArray(entry.triggerAtDay) && entry.triggerAtDay.length > 0 ? entry.triggerAtDay.join(',') : '0';
      return int(entry.weeksInterval, 1) === 1 ? `${minute} ${hour} * * ${days}` : undefined;
    }
    case 'months':
      return `${minute} ${hour} ${int(entry.triggerAtDayOfMonth, 1)} ${every(int(entry.monthsInterval, 1))} *`;
    default:
      return undefined;
  }
}

/** The Schedule Trigger's `rule` (`{ interval: [{ field: "days", … }] }`). */
export function scheduleFromRule(rule: unknown): BuiltSchedule {
  const entries = isRecord(rule) && Array.isArray(rule.interval) ? rule.interval.filter(isRecord) : [];
  // An empty rule is n8n's default: every day at midnight.
  const first = entries[0] ?? { field: 'days' };
  const cron = fromInterval(first);
  if (!cron) return { refusal: `the schedule rule ${JSON.stringify(first)} has no cron equivalent` };
  return { cron, dropped: Math.max(0, entries.length - 1) };
}

function fromTriggerTime(item: Record<string, unknown>): string | undefined {
  const minute = int(item.minute, 0);
  const hour = int(item.hour, 14);
  // A trigger time without a mode is n8n's default, every day.
  switch (item.mode ?? 'everyDay') {
    case 'everyMinute':
      return '* * * * *';
    case 'everyHour':
      return `${minute} * * * *`;
    case 'everyDay':
      return `${minute} ${hour} * * *`;
    case 'everyWeek':
      return `${minute} ${hour} * * ${int(item.weekday, 1)}`;
    case 'everyMonth':
      return `${minute} ${hour} ${int(item.dayOfMonth, 1)} * *`;
    case 'everyX':
      if (item.unit === 'minutes') return `${every(int(item.value, 2))} * * * *`;
      if (item.unit === 'hours') return `0 ${every(int(item.value, 2))} * * *`;
      return undefined;
    case 'custom':
      return typeof item.cronExpression === 'string' && item.cronExpression.trim() !== '' ? item.cronExpression.trim() : undefined;
    default:
      return undefined;
  }
}

/** The old Cron node's `triggerTimes` (`{ item: [{ mode: "everyDay", hour, minute }] }`). */
export function scheduleFromCron(triggerTimes: unknown): BuiltSchedule {
  const items = isRecord(triggerTimes) && Array.isArray(triggerTimes.item) ? triggerTimes.item.filter(isRecord) : [];
  if (items.length === 0) return { refusal: 'no trigger times' };
  const cron = fromTriggerTime(items[0]!);
  if (!cron) return { refusal: `the trigger time ${JSON.stringify(items[0])} has no cron equivalent` };
  return { cron, dropped: items.length - 1 };
}
